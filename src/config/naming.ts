/**
 * How saved subtitles are named (config `naming`): the values the schema accepts, the type the saver
 * takes, and the default. Apart from schema.ts so the saver and its readers load no zod.
 */

/** `naming.hearingImpairedTag`: what marks a saved hearing-impaired subtitle (`subtitles/save.ts` writes it). */
export const HEARING_IMPAIRED_TAGS = ["hi", "sdh", "cc"] as const;
/** `naming.languageCode`: ISO 639-1 codes (en, pt-BR) or ISO 639-2/B ones (eng, pt-BR) in saved names. */
export const LANGUAGE_CODE_FORMS = ["alpha2", "alpha3"] as const;

export interface NamingOptions {
  hearingImpairedTag: (typeof HEARING_IMPAIRED_TAGS)[number];
  languageCode: (typeof LANGUAGE_CODE_FORMS)[number];
  /**
   * `naming.folder`: "" saves beside the video (`/tv/Show/Show - S01E01.en.srt`); a subtitle folder's
   * name (`Subs`, `Subtitles`, any case: media/subtitle-folders.ts) saves in that folder beside it
   * (`/tv/Show/Subs/Show - S01E01.en.srt`): one there in another case is used, else it is created.
   */
  folder: string;
}

/** Bazarr's names: `Movie.en.hi.srt`. */
export const DEFAULT_NAMING: NamingOptions = { hearingImpairedTag: "hi", languageCode: "alpha2", folder: "" };
