import type { Schemas } from "../../api/client.ts";

/**
 * What a library row says of its profile: the named one it follows ("anime", "anime (tag)" when its
 * tag chose it), else "Default"; "Custom" or "· custom" when its own fields change it.
 */
export function profileLabel(origin: Schemas["ProfileOrigin"], overrideId: number | null): string {
  if (origin.via === "item") return origin.name ?? "Custom";
  const custom = overrideId !== null;
  if (origin.via === "tag") return `${origin.name ?? "?"} (tag)${custom ? " · custom" : ""}`;
  return custom ? "Custom" : "Default";
}
