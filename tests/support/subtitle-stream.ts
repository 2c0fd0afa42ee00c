import type { SubtitleStream } from "../../src/media/types.ts";

/** An English text stream at index 2; override what a test is about. */
export function subtitleStream(partial: Partial<SubtitleStream> = {}): SubtitleStream {
  return {
    index: 2,
    codec: "subrip",
    language: "eng",
    languageIetf: null,
    title: null,
    forced: false,
    hearingImpaired: false,
    default: false,
    textBased: true,
    ...partial,
  };
}
