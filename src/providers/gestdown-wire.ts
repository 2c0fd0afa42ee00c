import { z } from "zod";

/** Gestdown's JSON (external-apis.md §7). */

export const gestdownShowsSchema = z.object({
  shows: z.array(z.object({ id: z.string(), name: z.string().nullish() })),
});

export const gestdownSubtitlesSchema = z.object({
  matchingSubtitles: z.array(
    z.object({
      subtitleId: z.string(),
      version: z.string().nullish(),
      completed: z.boolean(),
      hearingImpaired: z.boolean().nullish(),
      downloadUri: z.string(),
      language: z.string().nullish(),
      downloadCount: z.number().nullish(),
    }),
  ),
});
export type GestdownSubtitle = z.infer<typeof gestdownSubtitlesSchema>["matchingSubtitles"][number];

/** "720p.WEB.h264-TBS" has "TBS" as one of its parts. */
export function versionMentionsGroup(version: string, group: string): boolean {
  const wanted = group.toLowerCase();
  return version
    .toLowerCase()
    .split(/[\s.\-_[\]()]+/)
    .includes(wanted);
}
