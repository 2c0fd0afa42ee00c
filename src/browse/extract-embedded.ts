import type { Stats } from "node:fs";
import { stat } from "node:fs/promises";
import { basename } from "node:path";
import { createSemaphore } from "../concurrency.ts";
import type { ExtractStreamRequest } from "../fallbacks/extract-stream.ts";
import { nodeSaveFileSystem } from "../subtitles/save.ts";
import { streamCandidates } from "../wanted/decide.ts";
import { lastSavedAt, lastWrittenAt } from "../wanted/history-store.ts";
import type { SubtitleTools } from "../wanted/search-types.ts";
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
  /**
   * Whether a subtitle Subhound saved earlier under the same name (another track of the language,
   * a download) is replaced. Without it the extraction is refused (409, type SUBTITLE_IN_PLACE):
   * two tracks of one language and flags share one sidecar name, and the second must not silently
   * take the first one's place. A file of the user's is never replaced either way.
   */
  replace?: boolean;
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
      /** A subtitle Subhound saved earlier at `path` was replaced (asked with `replace`, or it held this same text). */
      replaced: boolean;
    }
  | {
      ok: false;
      status: 404 | 409 | 422 | 503;
      detail: string;
      /** ffmpeg cannot be run at all: every other stream would fail the same way. */
      ffmpegMissing?: boolean;
      /** Refused because a subtitle of Subhound's holds the name: asking again with `replace` replaces it. */
      replaceable?: boolean;
    };

/** The problem type of a refusal that `replace: true` overcomes (RFC 9457 `type`). */
export const SUBTITLE_IN_PLACE = "urn:subhound:problem:subtitle-in-place";

/** Where ffmpeg is, or why it cannot be used (the reason names the config key to set). */
export type FfmpegLocation = { available: true; path: string } | { available: false; reason: string };

export interface ExtractorDeps extends UploaderDeps {
  /** Where ffmpeg is (`sync.ffmpegPath` or PATH), asked at each extraction. */
  ffmpeg: () => FfmpegLocation;
  /** ffmpeg run as a child process: the event loop only waits for its output. */
  extract: (request: ExtractStreamRequest) => Promise<string>;
  /** ffmpeg is killed after this long (default: 2 minutes plus the video read at 20 MB/s, see extractionTimeoutMs). */
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
    const before = await stat(file.path).catch(() => null);
    if (!before)
      return {
        ok: false,
        status: 409,
        detail: `the video ${file.path} is not found locally (path mapping?)`,
      };
    const ffmpeg = deps.ffmpeg();
    if (!ffmpeg.available) return { ok: false, status: 503, detail: ffmpeg.reason, ffmpegMissing: true };
    // A name the save would refuse is refused now, not after ffmpeg read a whole remux for minutes.
    // SRT only: an ASS stream may hold an SSA script, saved as .ssa, so its name is known only then.
    if (format === "srt") {
      const taken = await takenName(
        deps,
        file.path,
        { language, forced, hearingImpaired, format },
        stream.index,
      );
      if (taken && !(taken.ours && request.replace === true))
        return taken.ours
          ? inPlace(deps, taken.path, language, stream.index)
          : { ok: false, status: 409, detail: userFileDetail(taken.path) };
    }

    let text: string;
    try {
      text = await ffmpegRuns.run(() =>
        deps.extract({
          videoPath: file.path,
          index: stream.index,
          format,
          ffmpegPath: ffmpeg.path,
          // Unset, the limit follows the video's size: ffmpeg reads all of it to reach one stream.
          ...(deps.timeoutMs !== undefined ? { timeoutMs: deps.timeoutMs } : {}),
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
    // A video replaced while ffmpeg read it (an upgrade imported by Sonarr or Radarr): the text is
    // the old file's, and the stream numbers may mean other tracks in the new one.
    if (!sameFile(before, await stat(file.path).catch(() => null)))
      return {
        ok: false,
        status: 409,
        detail: `the video ${file.path} changed while its stream #${stream.index} was read; nothing was saved. Try again once the file is settled (after the next scan).`,
      };
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
    const placing = guardEarlier(deps.tools, request.replace === true);
    const saved = await saveSidecarFor(
      { ...deps, tools: placing.tools },
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
    if (!saved.ok) {
      const kept = placing.kept();
      if (saved.status === 409 && kept && (await stillHolds(kept.path, kept.written)))
        return inPlace(deps, kept.path, language, stream.index);
      return saved;
    }
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
      replaced: placing.replaced(),
    };
  };
}

type Written = { sha256: string; size: number | null };

/**
 * The tools with a save that replaces a subtitle of Subhound's only when asked to, or when it holds
 * exactly the new text (nothing is lost). Decided where the save finds the name taken, so a file
 * written there a moment ago (another extraction, a download) is judged too.
 */
function guardEarlier(tools: SubtitleTools, replace: boolean) {
  let kept: { path: string; written: Written } | null = null;
  let replaced = false;
  const guarded: SubtitleTools = {
    ...tools,
    save: async (args) => {
      const sha256 = new Bun.CryptoHasher("sha256").update(args.content).digest("hex");
      const saved = await tools.save({
        ...args,
        writtenByUs: (path) => {
          const written = args.writtenByUs(path);
          if (written && !replace && written.sha256 !== sha256) {
            kept = { path, written };
            return null;
          }
          return written;
        },
      });
      if (saved.ok) replaced = saved.replaced;
      return saved;
    },
  };
  return {
    tools: guarded,
    kept: () => kept,
    replaced: () => replaced,
  };
}

/** Whether the file at `path` still holds exactly what Subhound recorded writing (else it is the user's). */
async function stillHolds(path: string, written: Written): Promise<boolean> {
  const target = await nodeSaveFileSystem.inspect(path).catch(() => null);
  if (target?.kind !== "file" || (written.size !== null && written.size !== target.size)) return false;
  return (await nodeSaveFileSystem.hashFile(path, target).catch(() => null)) === written.sha256;
}

/**
 * The file already at the sidecar's name, when the save would not simply replace it: the user's, or
 * Subhound's from another source (the same stream extracted again is left to the save, which
 * replaces it when the text is the same). Null when the name is free.
 */
async function takenName(
  deps: ExtractorDeps,
  videoPath: string,
  naming: { language: string; forced: boolean; hearingImpaired: boolean; format: string },
  streamIndex: number,
): Promise<{ path: string; ours: boolean } | null> {
  let path: string;
  try {
    path = await deps.tools.targetPath(videoPath, naming);
  } catch {
    return null; // the save says why
  }
  const written = lastWrittenAt(deps.db, path);
  if (written && (await stillHolds(path, written))) {
    const earlier = lastSavedAt(deps.db, path);
    const sameStream = earlier?.provider === "embedded" && earlier.candidateId === `stream:${streamIndex}`;
    return sameStream ? null : { path, ours: true };
  }
  // A symbolic link or a directory there is for the save to refuse, with its own words.
  const state = await nodeSaveFileSystem.inspect(path).catch(() => null);
  return state?.kind === "file" ? { path, ours: false } : null;
}

/** The refusal `replace: true` overcomes. */
function inPlace(
  deps: ExtractorDeps,
  path: string,
  language: string,
  streamIndex: number,
): Extract<ExtractOutcome, { ok: false }> {
  return {
    ok: false,
    status: 409,
    replaceable: true,
    detail: `${basename(path)} already holds the ${language} subtitle Subhound saved earlier (${earlierSource(deps, path)}); it was left as it is. To replace it with stream #${streamIndex}, extract again with "replace": true, or delete it first.`,
  };
}

/** As the save words it (save-for-file.ts): a file of the user's is never replaced. */
const userFileDetail = (path: string) =>
  `${basename(path)} already exists and is your file (Subhound did not write it, or it was changed since); Subhound never overwrites it. Rename or remove it first.`;

/** Where the subtitle Subhound last saved at `path` came from, in a few words. */
function earlierSource(deps: ExtractorDeps, path: string): string {
  const earlier = lastSavedAt(deps.db, path);
  if (!earlier) return "its history does not say from where";
  if (earlier.provider === "embedded" && earlier.candidateId.startsWith("stream:"))
    return `from embedded stream #${earlier.candidateId.slice("stream:".length)}`;
  if (earlier.provider === "upload") return "uploaded";
  return `from ${earlier.provider}`;
}

/**
 * The same file, unchanged: another release, a rewrite or a copy still growing differ in size or
 * time. Not the inode: some network and FUSE mounts make one up per lookup.
 */
function sameFile(before: Stats, after: Stats | null): boolean {
  return after !== null && after.size === before.size && after.mtimeMs === before.mtimeMs;
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
