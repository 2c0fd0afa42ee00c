import { dirname } from "node:path";
import { DEFAULT_NAMING, type NamingOptions } from "../config/naming.ts";
import type { UnitFormat } from "../fallbacks/subtitle-units.ts";
import { folderAsSpelt } from "../media/subtitle-folders.ts";
import type { MediaServerManager } from "../mediaservers/manager.ts";
import { computeOsHash } from "../providers/oshash.ts";
import { saveSubtitle, subtitlePath } from "../subtitles/save.ts";
import type { SubtitleFormat } from "../subtitles/types.ts";
import type { TranslationManager } from "../translation/manager.ts";
import type { WhisperBackend } from "../whisper/types.ts";
import type { SubtitleTools } from "./search.ts";

export interface SubtitleToolsDeps {
  mediaServers: MediaServerManager | null;
  translation: TranslationManager | null;
  /** A function when a reload may switch Whisper on or off: read at each use. */
  whisper: WhisperBackend | null | (() => WhisperBackend | null);
  /** Transcriptions at once (config `whisper.concurrency`, default 1). */
  whisperConcurrency?: number;
  /** Config `naming`, read at each save so a reload names the next one (default: Bazarr's `.en.hi.srt`). */
  naming?: () => NamingOptions | undefined;
}

// The download pipeline (WASM unrar/7-Zip, zip, xz; run in a worker) and the fallbacks load on first
// use: an idle server never needs them, and they are most of what it would otherwise hold in memory.
const offThread = () =>
  require("../subtitles/prepare-off-thread.ts") as typeof import("../subtitles/prepare-off-thread.ts");
const translating = () => require("../fallbacks/translate.ts") as typeof import("../fallbacks/translate.ts");
const extracting = () =>
  require("../fallbacks/extract-stream.ts") as typeof import("../fallbacks/extract-stream.ts");
const whispering = () => require("../fallbacks/whisper.ts") as typeof import("../fallbacks/whisper.ts");

/** The real download pipeline, hash, fallbacks and media-server refresh behind the searcher's interface. */
export function createSubtitleTools(deps: SubtitleToolsDeps): SubtitleTools {
  const { mediaServers, translation } = deps;
  const whisperNow = () => (typeof deps.whisper === "function" ? deps.whisper() : deps.whisper);
  let queue: ReturnType<typeof import("../fallbacks/whisper.ts")["createWhisperQueue"]> | null = null;
  let preparer: import("../subtitles/prepare-off-thread.ts").OffThreadPreparer | null = null;
  const tools: SubtitleTools = {
    prepare: (file, want) => {
      preparer ??= offThread().createOffThreadPreparer();
      return preparer.prepare(file, { ...want, formats: want.formats as SubtitleFormat[] });
    },
    targetPath: async (videoPath, want) => {
      const naming = deps.naming?.() ?? DEFAULT_NAMING;
      // `Subs` configured and a `subs/` already there: the subtitles join it rather than start a second one.
      const folder = await folderAsSpelt(dirname(videoPath), naming.folder);
      return subtitlePath(
        videoPath,
        { ...want, format: want.format as SubtitleFormat },
        { ...naming, folder },
      );
    },
    save: (args) => saveSubtitle(args),
    extractStream: (args) => extracting().extractTextStream(args),
    movieHash: (path) => computeOsHash(path),
    refresh: async (videoPath) => {
      if (mediaServers) await mediaServers.refreshAll(videoPath);
    },
  };
  const translate: NonNullable<SubtitleTools["translate"]> = async ({ text, format, from, to, signal }) => {
    const result = await translating().translateSubtitle({
      text,
      format: format as UnitFormat,
      from,
      to,
      manager: translation!,
      signal,
    });
    return { text: result.text, backend: result.backend };
  };
  const transcribe: NonNullable<SubtitleTools["transcribe"]> = async ({
    videoPath,
    language,
    signal,
    onStage,
  }) => {
    queue ??= whispering().createWhisperQueue({ concurrency: deps.whisperConcurrency ?? 1 });
    const job = queue.transcribe({
      videoPath,
      // The plan from the video's audio streams: the one spoken in it, or translated into English.
      wanted: language,
      backend: whisperNow()!,
      onProgress: (p) => onStage?.(p.stage),
    });
    onStage?.(job.state);
    signal.addEventListener("abort", () => job.cancel(), { once: true });
    const result = await job.result;
    return { text: result.text, backend: result.backend };
  };
  // Getters: a reload may turn translation or Whisper on or off; the searcher asks at each item.
  return Object.defineProperties(tools, {
    translate: { enumerable: true, get: () => (translation?.enabled ? translate : undefined) },
    transcribe: { enumerable: true, get: () => (whisperNow() ? transcribe : undefined) },
  });
}
