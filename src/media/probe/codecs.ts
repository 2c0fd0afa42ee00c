/** Subtitle codecs that are bitmaps: they satisfy "any" but cannot be read or converted as text. */
const IMAGE_CODECS = new Set(["hdmv_pgs_subtitle", "dvd_subtitle", "dvb_subtitle", "xsub"]);

export function isTextCodec(codec: string): boolean {
  return codec !== "unknown" && !IMAGE_CODECS.has(codec);
}

/**
 * Matroska CodecID → ffprobe codec name, in FFmpeg's lookup order (ff_mkv_codec_tags); FFmpeg
 * matches a CodecID by prefix, so the first entry that starts the CodecID wins.
 * S_TEXT/WEBVTT is what mkvmerge writes; FFmpeg maps it to webvtt since 7.0.
 */
const MATROSKA_SUBTITLE_CODECS: ReadonlyArray<readonly [string, string]> = [
  ["S_TEXT/UTF8", "subrip"],
  ["S_TEXT/ASCII", "text"],
  ["S_TEXT/ASS", "ass"],
  ["S_TEXT/SSA", "ass"],
  ["S_ASS", "ass"],
  ["S_SSA", "ass"],
  ["S_VOBSUB", "dvd_subtitle"],
  ["S_DVBSUB", "dvb_subtitle"],
  ["S_HDMV/PGS", "hdmv_pgs_subtitle"],
  ["S_HDMV/TEXTST", "hdmv_text_subtitle"],
  ["S_ARIBSUB", "arib_caption"],
  ["D_WEBVTT/SUBTITLES", "webvtt"],
  ["D_WEBVTT/CAPTIONS", "webvtt"],
  ["D_WEBVTT/DESCRIPTIONS", "webvtt"],
  ["D_WEBVTT/METADATA", "webvtt"],
  ["S_TEXT/WEBVTT", "webvtt"],
];

export function matroskaSubtitleCodec(codecId: string): string | null {
  for (const [prefix, codec] of MATROSKA_SUBTITLE_CODECS) {
    if (codecId.startsWith(prefix)) return codec;
  }
  return null;
}

/**
 * ISO-BMFF sample entry fourcc → codec name. `text`/`tx3g` as ffprobe names them; `wvtt`
 * (WebVTT, ISO/IEC 14496-30) and `stpp` (TTML/IMSC) by the names FFmpeg gives those formats
 * elsewhere: FFmpeg's mov demuxer shows wvtt (and, before 6.1, stpp) as a codec-less data
 * stream, which `subtitleStreamsFromFfprobe` maps to the same names by its codec tag.
 */
const MP4_SUBTITLE_CODECS: Readonly<Record<string, string>> = {
  text: "mov_text",
  tx3g: "mov_text",
  wvtt: "webvtt",
  stpp: "ttml",
};

/** Timed-text entries whose report varies by FFmpeg version: the native reader leaves these files to ffprobe. */
const MP4_VERSION_DEPENDENT = new Set(["dfxp", "c608", "c708", "mp4s"]);

export function mp4SubtitleCodec(fourcc: string): string | null {
  return MP4_SUBTITLE_CODECS[fourcc] ?? null;
}

export function isVersionDependentMp4Entry(fourcc: string): boolean {
  return MP4_VERSION_DEPENDENT.has(fourcc);
}
