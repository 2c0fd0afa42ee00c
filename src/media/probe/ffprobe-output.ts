import { z } from "zod";
import type { SubtitleStream } from "../types.ts";
import { isTextCodec } from "./codecs.ts";

const streamSchema = z.object({
  index: z.number().int().nonnegative(),
  codec_type: z.string().optional(),
  codec_name: z.string().optional(),
  codec_tag_string: z.string().optional(),
  disposition: z.record(z.string(), z.number()).optional(),
  tags: z.record(z.string(), z.string()).optional(),
});

export const ffprobeOutputSchema = z.object({ streams: z.array(streamSchema).default([]) });
export type FfprobeOutput = z.infer<typeof ffprobeOutputSchema>;

/** Tag keys keep the case the container used (Matroska Tags write "TITLE"); FFmpeg compares them case-insensitively. */
function tag(tags: Record<string, string> | undefined, key: string): string | null {
  if (!tags) return null;
  for (const [name, value] of Object.entries(tags)) {
    if (name.toLowerCase() === key) return value === "" ? null : value;
  }
  return null;
}

/**
 * MP4 text tracks FFmpeg's mov demuxer does not decode, shown as data streams with the sample
 * entry as codec tag: WebVTT (`wvtt`, every version so far) and TTML (`stpp`, before 6.1).
 */
const MP4_TEXT_DATA_TAGS: Readonly<Record<string, string>> = { wvtt: "webvtt", stpp: "ttml" };

function textDataCodec(stream: z.infer<typeof streamSchema>): string | undefined {
  if (stream.codec_type !== "data" || stream.codec_tag_string === undefined) return undefined;
  return MP4_TEXT_DATA_TAGS[stream.codec_tag_string];
}

export function subtitleStreamsFromFfprobe(output: FfprobeOutput): SubtitleStream[] {
  return output.streams
    .filter((s) => s.codec_type === "subtitle" || textDataCodec(s) !== undefined)
    .map((s) => {
      // ffprobe prints no codec_name (or "unknown") for a codec FFmpeg does not know.
      const codec = textDataCodec(s) ?? (s.codec_name && s.codec_name !== "none" ? s.codec_name : "unknown");
      return {
        index: s.index,
        codec,
        language: tag(s.tags, "language"),
        languageIetf: null,
        title: tag(s.tags, "title"),
        forced: (s.disposition?.forced ?? 0) !== 0,
        hearingImpaired: (s.disposition?.hearing_impaired ?? 0) !== 0,
        default: (s.disposition?.default ?? 0) !== 0,
        textBased: isTextCodec(codec),
      };
    });
}

/** Language tags of the audio streams, untagged ones left out. */
export function audioLanguagesFromFfprobe(output: FfprobeOutput): string[] {
  return output.streams.flatMap((s) => {
    const language = s.codec_type === "audio" ? tag(s.tags, "language") : null;
    return language === null || language === "und" ? [] : [language];
  });
}
