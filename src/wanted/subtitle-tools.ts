import type { UnitFormat } from "../fallbacks/subtitle-units.ts";
import { translateSubtitle } from "../fallbacks/translate.ts";
import { createWhisperQueue } from "../fallbacks/whisper.ts";
import type { MediaServerManager } from "../mediaservers/manager.ts";
import { computeOsHash } from "../providers/oshash.ts";
import { prepareSubtitle } from "../subtitles/pipeline.ts";
import { saveSubtitle, subtitlePath } from "../subtitles/save.ts";
import type { SubtitleFormat } from "../subtitles/types.ts";
import type { TranslationManager } from "../translation/manager.ts";
import type { WhisperBackend } from "../whisper/types.ts";
import type { SubtitleTools } from "./search.ts";

export interface SubtitleToolsDeps {
  mediaServers: MediaServerManager | null;
  translation: TranslationManager | null;
  whisper: WhisperBackend | null;
  /** Transcriptions at once (config `whisper.concurrency`, default 1). */
  whisperConcurrency?: number;
}

/** The real download pipeline, hash, fallbacks and media-server refresh behind the searcher's interface. */
export function createSubtitleTools(deps: SubtitleToolsDeps): SubtitleTools {
  const { mediaServers, translation, whisper } = deps;
  const queue = whisper ? createWhisperQueue({ concurrency: deps.whisperConcurrency ?? 1 }) : null;
  return {
    prepare: (file, want) => prepareSubtitle(file, { ...want, formats: want.formats as SubtitleFormat[] }),
    targetPath: (videoPath, want) =>
      subtitlePath(videoPath, { ...want, format: want.format as SubtitleFormat }),
    save: (args) => saveSubtitle(args),
    movieHash: (path) => computeOsHash(path),
    refresh: async (videoPath) => {
      if (mediaServers) await mediaServers.refreshAll(videoPath);
    },
    ...(translation?.enabled
      ? {
          translate: async ({ text, format, from, to, signal }) => {
            const result = await translateSubtitle({
              text,
              format: format as UnitFormat,
              from,
              to,
              manager: translation,
              signal,
            });
            return { text: result.text, backend: result.backend };
          },
        }
      : {}),
    ...(whisper && queue
      ? {
          transcribe: async ({ videoPath, language, signal }) => {
            const job = queue.transcribe({ videoPath, language, backend: whisper });
            signal.addEventListener("abort", () => job.cancel(), { once: true });
            const result = await job.result;
            return { text: result.text, backend: result.backend };
          },
        }
      : {}),
  };
}
