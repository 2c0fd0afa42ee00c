import { createSemaphore } from "../concurrency.ts";
import type { ExtractStreamRequest } from "../fallbacks/extract-stream.ts";
import { streamCandidates } from "../wanted/decide.ts";
import { libraryFile } from "../wanted/store/index.ts";
import { storedStreams } from "./file-view.ts";
import { saveSidecarFor } from "./save-for-file.ts";
import type { UploaderDeps } from "./upload.ts";

/** Text codecs ffmpeg converts to SRT; ASS/SSA stay ASS so their styling survives. */
export const EXTRACTABLE: Record<string, "srt" | "ass"> = {
  subrip: "srt",
  srt: "srt",
  webvtt: "srt",
  mov_text: "srt",
  text: "srt",
  ass: "ass",
  ssa: "ass",
};

export interface ExtractRequest {
  fileId: number;
  /** The stream's absolute index in the container, as the file's `streams` list it. */
  streamIndex: number;
  /** Canonical code; the stream's own tag when absent. */
  language?: string;
  forced?: boolean;
  hearingImpaired?: boolean;
  /** Stops ffmpeg (a shutdown): the answer is then a 503 and nothing is written. */
  signal?: AbortSignal;
}

export type ExtractOutcome =
  | {
      ok: true;
      path: string;
      streamIndex: number;
      codec: string;
      language: string;
      variant: "full" | "forced";
      hearingImpaired: boolean;
      format: string;
      historyId: number;
      wantedItemId: number | null;
    }
  | {
      ok: false;
      status: 404 | 409 | 422 | 503;
      detail: string;
      /** ffmpeg cannot be run at all: every other stream would fail the same way. */
      ffmpegMissing?: boolean;
    };

/** Where ffmpeg is, or why it cannot be used (the reason names the config key to set). */
export type FfmpegLocation = { available: true; path: string } | { available: false; reason: string };

export interface ExtractorDeps extends UploaderDeps {
  /** Where ffmpeg is (`sync.ffmpegPath` or PATH), asked at each extraction. */
  ffmpeg: () => FfmpegLocation;
  /** ffmpeg run as a child process: the event loop only waits for its output. */
  extract: (request: ExtractStreamRequest) => Promise<string>;
  /** ffmpeg is killed after this long (default 2 minutes). */
  timeoutMs?: number;
  /** ffmpeg processes at once (default 2): each reads its whole video, so more only share the disk. */
  concurrency?: number;
}

/**
 * An embedded text subtitle stream written beside the video as a sidecar of Subhound's, for
 * players that cannot show embedded tracks: read by ffmpeg, validated like a download, saved and
 * recorded (provider `embedded`, action `extracted`). Image streams (PGS, VobSub, DVB) are refused:
 * they hold pictures, not text.
 */
export function createExtractor(deps: ExtractorDeps) {
  let counter = 0;
  const ffmpegRuns = createSemaphore(deps.concurrency ?? 2);

  return async function extractEmbedded(request: ExtractRequest): Promise<ExtractOutcome> {
    const file = libraryFile(deps.db, request.fileId);
    if (!file) return { ok: false, status: 404, detail: `media file ${request.fileId} does not exist` };
    const stream = storedStreams(file).find((s) => s.index === request.streamIndex);
    if (!stream)
      return {
        ok: false,
        status: 404,
        detail: `the file has no subtitle stream #${request.streamIndex} (as last probed)`,
      };
    const format = EXTRACTABLE[stream.codec];
    if (!stream.textBased || !format)
      return {
        ok: false,
        status: 422,
        detail: stream.textBased
          ? `stream #${stream.index} is ${stream.codec}, which ffmpeg cannot convert to SRT or ASS`
          : `stream #${stream.index} is image-based (${stream.codec}): it holds pictures, not text, so it cannot be extracted as a text subtitle`,
      };
    // Defaults as a scan reads the stream: the title may make a bare tag exact ("Brazilian" por →
    // pt-BR), or say what the flags do not ("English SDH", "Signs & Songs", "English [Forced]").
    const reading = streamCandidates([stream])[0]!;
    const language = request.language ?? reading.language;
    const forced = request.forced ?? reading.forced;
    const hearingImpaired = request.hearingImpaired ?? reading.hearingImpaired;
    if (!language)
      return {
        ok: false,
        status: 422,
        detail: `stream #${stream.index} has no language tag; say which language it is (\`language\`)`,
      };
    if (file.missingSince !== null)
      return { ok: false, status: 409, detail: `${file.path} is no longer in the library listing` };
    if (!(await Bun.file(file.path).exists()))
      return {
        ok: false,
        status: 409,
        detail: `the video ${file.path} is not found locally (path mapping?)`,
      };
    const ffmpeg = deps.ffmpeg();
    if (!ffmpeg.available) return { ok: false, status: 503, detail: ffmpeg.reason, ffmpegMissing: true };

    let text: string;
    try {
      text = await ffmpegRuns.run(() =>
        deps.extract({
          videoPath: file.path,
          index: stream.index,
          format,
          ffmpegPath: ffmpeg.path,
          timeoutMs: deps.timeoutMs ?? 120_000,
          ...(request.signal ? { signal: request.signal } : {}),
        }),
      );
    } catch (error) {
      const { kind, code } = error as { kind?: string; code?: string };
      const unreadable = kind === "ffmpeg-failed" || kind === "unreadable-text" || kind === "too-large";
      return {
        ok: false,
        // The file's fault (unreadable, larger than a subtitle may be) is 422; a timeout or a missing ffmpeg is 503.
        status: unreadable ? 422 : 503,
        detail: `stream #${stream.index} could not be read: ${(error as Error).message}`,
        // ENOENT: the ffmpeg found a moment ago is gone (Bun.spawn throws it).
        ...(kind === "ffmpeg-missing" || code === "ENOENT" ? { ffmpegMissing: true } : {}),
      };
    }
    if (!showsText(text, format))
      return {
        ok: false,
        status: 422,
        detail: `stream #${stream.index} holds no text to show (its cues are empty, as in some remuxes); not saved`,
      };
    const prepared = await deps.tools.prepare(
      { fileName: `stream-${stream.index}.${format}`, bytes: new TextEncoder().encode(text) },
      {
        season: file.season,
        episodes: JSON.parse(file.episodesJson) as number[],
        language,
        // ffmpeg writes an SSA stream's script as it is (v4 styles): kept, as .ssa, with its styling.
        formats: format === "ass" ? ["ass", "ssa"] : [format],
        forced,
      },
    );
    if (!prepared.ok)
      return {
        ok: false,
        status: 422,
        detail: `not saved: ${prepared.reason.replace(/\bdownload\b/g, "extracted stream")}`,
      };
    const saved = await saveSidecarFor(
      deps,
      file,
      {
        text: prepared.text,
        format: prepared.format,
        encoding: prepared.encoding,
        language,
        forced,
        hearingImpaired,
        provider: "embedded",
        action: "extracted",
        candidateId: `stream:${stream.index}`,
        release: stream.title,
        // A profile that counts this stream has the item resolved already; the sidecar is extra.
        keepResolved: true,
      },
      `extract-${file.id}-${++counter}`,
    );
    if (!saved.ok) return saved;
    return {
      ok: true,
      path: saved.path,
      streamIndex: stream.index,
      codec: stream.codec,
      language,
      variant: saved.variant,
      hearingImpaired,
      format: prepared.format,
      historyId: saved.historyId,
      wantedItemId: saved.wantedItemId,
    };
  };
}

export type Extractor = ReturnType<typeof createExtractor>;

/** An override block, a line break or an HTML-like tag: none of them is text a viewer sees. */
const MARKUP = /\{[^}]*\}|\\[Nnh]|<[^>]*>/g;
const visible = (line: string) => line.replace(MARKUP, "").trim() !== "";

/**
 * Whether any cue has text to show. Validation counts cues by their timings, and some remuxes carry
 * tracks of blank cues: saved, one would pass for a subtitle and satisfy the wanted language.
 */
export function showsText(text: string, format: "srt" | "ass"): boolean {
  if (format === "ass")
    // Dialogue: <9 fields>,<text>: ASS and SSA alike.
    return text
      .split(/\r?\n/)
      .some((line) => /^Dialogue:/i.test(line) && visible(line.split(",").slice(9).join(",")));
  return text.split(/\r?\n[ \t]*\r?\n/).some((block) => {
    const lines = block.split(/\r?\n/);
    const timing = lines.findIndex((line) => line.includes("-->"));
    return timing >= 0 && lines.slice(timing + 1).some(visible);
  });
}
