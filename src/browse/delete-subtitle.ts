import type { Database } from "bun:sqlite";
import { basename } from "node:path";
import type { Clock } from "../clock.ts";
import type { Db } from "../db/client.ts";
import { createSidecarFinder } from "../media/sidecars.ts";
import type { Profile } from "../profiles/profile.ts";
import { removeOwnFile } from "../subtitles/remove-own.ts";
import { nodeSaveFileSystem, type SaveFileSystem } from "../subtitles/save.ts";
import { lastSavedAt, lastWrittenAt, recordSavedSubtitle } from "../wanted/history-store.ts";
import type { ProfileTarget } from "../wanted/profile-resolver.ts";
import { libraryFile } from "../wanted/store/index.ts";
import { refreshFile } from "./refresh-file.ts";

export type DeleteOutcome =
  | { ok: true; path: string; historyId: number; reopened: number[] }
  | { ok: false; status: 403 | 404 | 409 | 503; detail: string };

export interface SubtitleDeleterDeps {
  sqlite: Database;
  db: Db;
  clock: Clock;
  profileOf: () => (target: ProfileTarget) => Profile;
  /** Tests swap one in to change the file between the checks. */
  fileSystem?: SaveFileSystem;
  /** Tells media servers the subtitle is gone; never throws. */
  refresh?: (videoPath: string) => Promise<void>;
}

const userFile = (name: string, why: string) => ({
  ok: false as const,
  status: 403 as const,
  detail: `${name} is your file (${why}); Subhound deletes only subtitles it wrote and that are unchanged since.`,
});

/**
 * Deletes a sidecar only while its bytes are exactly what Subhound recorded writing there
 * (`removeOwnFile`). The deletion is recorded in history and
 * the file's items are decided again, so the language is wanted again unless something else has it.
 */
export function createSubtitleDeleter(deps: SubtitleDeleterDeps) {
  const { sqlite, clock } = deps;
  const fileSystem = deps.fileSystem ?? nodeSaveFileSystem;

  return async function deleteSubtitle(fileId: number, path: string): Promise<DeleteOutcome> {
    const file = libraryFile(deps.db, fileId);
    if (!file) return { ok: false, status: 404, detail: `media file ${fileId} does not exist` };
    const sidecar = createSidecarFinder()
      .find(file.path)
      .find((s) => s.path === path);
    if (!sidecar)
      return { ok: false, status: 404, detail: `${path} is not a subtitle of ${basename(file.path)}` };
    const name = basename(path);
    const written = lastWrittenAt(deps.db, path);
    if (!written) return userFile(name, "Subhound never wrote it");
    const removed = await removeOwnFile(path, written, fileSystem);
    if (!removed.ok) {
      if (removed.reason === "not-ours") return userFile(name, removed.detail);
      return { ok: false, status: removed.reason === "changed" ? 409 : 503, detail: removed.detail };
    }

    const now = clock.now().toISOString();
    const last = lastSavedAt(deps.db, path)!;
    const historyId = recordSavedSubtitle(deps.db, {
      wantedItemId: last.wantedItemId,
      instance: file.instance,
      title: file.title,
      season: file.season,
      episodes: JSON.parse(file.episodesJson) as number[],
      language: last.language,
      variant: last.variant,
      provider: last.provider,
      candidateId: last.candidateId,
      release: null,
      score: 0,
      breakdown: {},
      format: last.format,
      encoding: null,
      path,
      sha256: written.sha256,
      size: removed.size,
      action: "deleted",
      createdAt: now,
    });
    const { reopened } = refreshFile(sqlite, file, deps.profileOf(), now);
    await deps.refresh?.(file.path);
    return { ok: true, path, historyId, reopened };
  };
}

export type SubtitleDeleter = ReturnType<typeof createSubtitleDeleter>;
