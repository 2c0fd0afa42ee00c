import type { Config } from "../config/schema.ts";
import type { ProviderName, SubtitleProvider } from "./types.ts";

// Providers (and their parsers: XML, archives) load only when enabled; an idle server never needs them.
const factories: Record<ProviderName, (config: Config["providers"]) => SubtitleProvider> = {
  opensubtitles: (c) =>
    (require("./opensubtitles.ts") as typeof import("./opensubtitles.ts")).createOpenSubtitlesProvider(
      c.opensubtitles,
    ),
  subdl: (c) => (require("./subdl.ts") as typeof import("./subdl.ts")).createSubdlProvider(c.subdl),
  jimaku: (c) => (require("./jimaku.ts") as typeof import("./jimaku.ts")).createJimakuProvider(c.jimaku),
  animetosho: (c) =>
    (require("./animetosho.ts") as typeof import("./animetosho.ts")).createAnimeToshoProvider(c.animetosho),
  podnapisi: (c) =>
    (require("./podnapisi.ts") as typeof import("./podnapisi.ts")).createPodnapisiProvider(c.podnapisi),
  gestdown: (c) =>
    (require("./gestdown.ts") as typeof import("./gestdown.ts")).createGestdownProvider(c.gestdown),
};

/** The enabled providers with their priorities (lower is asked first and wins ties). */
export function buildProviders(
  config: Config["providers"],
): { provider: SubtitleProvider; priority: number }[] {
  return (Object.keys(factories) as ProviderName[])
    .filter((name) => config[name].enabled)
    .map((name) => ({ provider: factories[name](config), priority: config[name].priority }));
}
