import type { Clock } from "../clock.ts";
import { anySignal } from "../concurrency.ts";
import type { Config } from "../config/schema.ts";
import type { DbHandle } from "../db/client.ts";
import { profileSet } from "../profiles/profile.ts";
import { createProfileResolver } from "../wanted/profile-resolver.ts";
import type { SubtitleTools } from "../wanted/search-types.ts";
import { createSubtitleDeleter } from "./delete-subtitle.ts";
import { createExtractor, type FfmpegLocation } from "./extract-embedded.ts";
import type { LibraryEditor } from "./subtitles.routes.ts";
import { createUploader } from "./upload.ts";

export interface LibraryEditorDeps {
  db: DbHandle;
  clock: Clock;
  config: Config;
  tools: SubtitleTools;
  /** This process's owner id (`createProcessOwner`), on the leases uploads hold. */
  owner: string;
  /** Where ffmpeg is (`sync.ffmpegPath` or PATH), asked at each extraction. */
  ffmpeg: () => FfmpegLocation;
  /**
   * Aborted at shutdown: an extraction asked through the API stops its ffmpeg (which may read a large
   * video for many minutes) instead of running on past the server.
   */
  signal?: AbortSignal;
}

// ffmpeg's runner loads on the first extraction only.
const extracting = () =>
  require("../fallbacks/extract-stream.ts") as typeof import("../fallbacks/extract-stream.ts");

/** Upload, extract and delete for the library pages, over the download pipeline's tools. */
export function createLibraryEditor(deps: LibraryEditorDeps): LibraryEditor {
  // Per request: an override saved a moment ago applies to the next upload.
  const profileOf = () => createProfileResolver(deps.db.db, profileSet(deps.config));
  const common = { sqlite: deps.db.sqlite, db: deps.db.db, clock: deps.clock, profileOf };
  return {
    upload: createUploader({ ...common, tools: deps.tools, owner: deps.owner }),
    extract: createExtractor({
      ...common,
      tools: deps.tools,
      owner: deps.owner,
      ffmpeg: deps.ffmpeg,
      extract: (request) => {
        const signal = anySignal(request.signal, deps.signal);
        return extracting().extractTextStream({ ...request, ...(signal ? { signal } : {}) });
      },
    }),
    deleteSubtitle: createSubtitleDeleter({
      ...common,
      ...(deps.tools.refresh ? { refresh: deps.tools.refresh } : {}),
    }),
  };
}
