/** One subtitle stream inside a container, as either probe engine reports it. */
export interface SubtitleStream {
  /** Absolute stream index in the container (ffprobe's `index`: position among all tracks). */
  index: number;
  /** ffprobe codec name: subrip, ass, ssa, webvtt, mov_text, hdmv_pgs_subtitle, dvd_subtitle, dvb_subtitle, … */
  codec: string;
  /** The ISO 639-2 tag as stored in the file ("eng", "ger", "und"); null when the file has none. */
  language: string | null;
  /** BCP-47 tag (Matroska LanguageIETF / LanguageBCP47) when the file carries one, e.g. "pt-BR". */
  languageIetf: string | null;
  title: string | null;
  forced: boolean;
  hearingImpaired: boolean;
  default: boolean;
  /** False for image-based subtitles (PGS, VobSub, DVB), which cannot be read as text. */
  textBased: boolean;
}

export type ProbeEngine = "native" | "ffprobe";

export interface ProbeResult {
  engine: ProbeEngine;
  streams: SubtitleStream[];
  /** Language tags of the audio tracks, in stream order, untagged ones left out; absent in older cache rows. */
  audioLanguages?: string[];
}
