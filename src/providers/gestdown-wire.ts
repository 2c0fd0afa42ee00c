import { z } from "zod";
import { languageName } from "../media/languages.ts";

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

/** Addic7ed names regional variants its own way. */
const ADDIC7ED_NAMES: ReadonlyMap<string, string> = new Map([
  ["pt-BR", "Portuguese (Brazilian)"],
  ["es-419", "Spanish (Latin America)"],
  ["zh-Hans", "Chinese (Simplified)"],
  ["zh-Hant", "Chinese (Traditional)"],
]);

/** The English language name Gestdown's routes take: "en" → "English", "pt-BR" → "Portuguese (Brazilian)". */
export function gestdownLanguage(code: string): string | null {
  return ADDIC7ED_NAMES.get(code) ?? languageName(code);
}

/** "720p.WEB.h264-TBS" has "TBS" as one of its parts. */
export function versionMentionsGroup(version: string, group: string): boolean {
  const wanted = group.toLowerCase();
  return version
    .toLowerCase()
    .split(/[\s.\-_[\]()]+/)
    .includes(wanted);
}
