import { json, notFound } from "./arr-server.ts";

/** Sonarr's and Radarr's tags (`GET /api/v3/tag`: `[{"id":1,"label":"anime"}]`), labels lower case as the apps store them. */
export function createArrTags() {
  const labels = new Map<number, string>();
  let nextId = 1;
  return {
    /** The id of `label`, creating the tag if needed. */
    idOf(label: string): number {
      const wanted = label.toLowerCase();
      for (const [id, existing] of labels) if (existing === wanted) return id;
      const id = nextId++;
      labels.set(id, wanted);
      return id;
    },
    remove(label: string) {
      for (const [id, existing] of labels) if (existing === label.toLowerCase()) labels.delete(id);
    },
    /** Answers `/tag` and `/tag/{id}`; null for other paths. */
    route(path: string): Response | null {
      if (path === "/tag") return json([...labels].map(([id, label]) => ({ id, label })));
      const m = /^\/tag\/(\d+)$/.exec(path);
      if (!m) return null;
      const label = labels.get(Number(m[1]));
      return label === undefined ? notFound("Tag", Number(m[1])) : json({ id: Number(m[1]), label });
    },
  };
}
