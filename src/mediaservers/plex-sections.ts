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

/**
 * The sections whose location is the longest whole-segment prefix of `folder`, with that location.
 * Usually one; every library that lists the same folder gets it, as Sonarr refreshes every section
 * holding the series.
 */
export function sectionsForFolder(
  sections: readonly PlexSection[],
  folder: string,
): { section: PlexSection; location: string }[] {
  let best: { section: PlexSection; location: string }[] = [];
  let bestLength = -1;
  for (const section of sections) {
    const location = section.locations
      .filter((l) => contains(l, folder))
      .sort((a, b) => normalize(b).path.length - normalize(a).path.length)[0];
    if (location === undefined) continue;
    const length = normalize(location).path.length;
    if (length > bestLength) {
      best = [];
      bestLength = length;
    }
    if (length === bestLength) best.push({ section, location });
  }
  return best;
}
