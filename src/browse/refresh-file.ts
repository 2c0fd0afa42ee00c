import type { Database } from "bun:sqlite";
import { createSidecarFinder } from "../media/sidecars.ts";
import type { Profile } from "../profiles/profile.ts";
import { decide } from "../wanted/decide.ts";
import { fileContext, readStoredMedia, storedMediaJson } from "../wanted/file-facts.ts";
import type { ProfileTarget } from "../wanted/profile-resolver.ts";
import type { LibraryFileRow } from "../wanted/store/index.ts";
import { type AppliedState, applyFileSubtitles } from "../wanted/store/index.ts";
import { storedStreams } from "./file-view.ts";

/**
 * After an upload or a delete: what the file has now (its sidecars read again, its streams as last
 * probed) and its items decided again, the way a scan of this one file would.
 */
export function refreshFile(
  sqlite: Database,
  file: LibraryFileRow,
  profileOf: (target: ProfileTarget) => Profile,
  now: string,
): AppliedState {
  const sidecars = createSidecarFinder().find(file.path);
  const streams = storedStreams(file);
  const stored = readStoredMedia(file.subtitlesJson);
  const profile = profileOf({
    source: file.source as ProfileTarget["source"],
    instance: file.instance,
    seriesId: file.seriesId,
    movieId: file.movieId,
    tags: stored.library?.tags ?? [],
  });
  const subtitlesJson = storedMediaJson(stored.library, streams, sidecars, stored.probedAudio);
  const context = fileContext(file.season, stored.library, stored.probedAudio);
  return applyFileSubtitles(sqlite, file.id, subtitlesJson, decide(profile, sidecars, streams, context), now);
}
