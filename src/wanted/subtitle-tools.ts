import type { MediaServerManager } from "../mediaservers/manager.ts";
import { computeOsHash } from "../providers/oshash.ts";
import { prepareSubtitle } from "../subtitles/pipeline.ts";
import { saveSubtitle, subtitlePath } from "../subtitles/save.ts";
import type { SubtitleFormat } from "../subtitles/types.ts";
import type { SubtitleTools } from "./search.ts";

/** The real download pipeline, hash and media-server refresh behind the searcher's interface. */
export function createSubtitleTools(mediaServers: MediaServerManager | null): SubtitleTools {
  return {
    prepare: (file, want) => prepareSubtitle(file, { ...want, formats: want.formats as SubtitleFormat[] }),
    targetPath: (videoPath, want) =>
      subtitlePath(videoPath, { ...want, format: want.format as SubtitleFormat }),
    save: (args) => saveSubtitle(args),
    movieHash: (path) => computeOsHash(path),
    refresh: async (videoPath) => {
      if (mediaServers) await mediaServers.refreshAll(videoPath);
    },
  };
}
