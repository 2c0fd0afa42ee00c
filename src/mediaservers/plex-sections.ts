import { z } from "zod";

export interface PlexSection {
  key: string;
  title: string;
  type: string;
  locations: string[];
}

export const plexSectionsSchema = z
  .object({
    MediaContainer: z.object({
      Directory: z
        .array(
          z.object({
            key: z.union([z.string(), z.number()]).transform(String),
            title: z.string().default(""),
            type: z.string().default(""),
            Location: z.array(z.object({ path: z.string() })).default([]),
          }),
        )
        .default([]),
    }),
  })
  .transform((body): PlexSection[] =>
    body.MediaContainer.Directory.map((d) => ({
      key: d.key,
      title: d.title,
      type: d.type,
      locations: d.Location.map((l) => l.path),
    })),
  );

function normalize(path: string): { path: string; windows: boolean } {
  const windows = /^[A-Za-z]:|\\/.test(path);
  const slashed = windows ? path.replace(/\\/g, "/").toLowerCase() : path;
  return { path: slashed.replace(/\/+$/, ""), windows };
}

function contains(location: string, folder: string): boolean {
  const loc = normalize(location).path;
  const dir = normalize(folder).path;
  return loc === "" || dir === loc || dir.startsWith(`${loc}/`);
}

/** The section whose location is the longest whole-segment prefix of `folder`, with that location. */
export function sectionForFolder(
  sections: readonly PlexSection[],
  folder: string,
): { section: PlexSection; location: string } | null {
  let best: { section: PlexSection; location: string } | null = null;
  for (const section of sections) {
    for (const location of section.locations) {
      if (!contains(location, folder)) continue;
      if (!best || normalize(location).path.length > normalize(best.location).path.length) {
        best = { section, location };
      }
    }
  }
  return best;
}
