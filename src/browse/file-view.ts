import { basename, dirname, extname, join } from "node:path";
import type { Db } from "../db/client.ts";
import type { SidecarFinder, SidecarSubtitle } from "../media/sidecars.ts";
import type { SubtitleStream } from "../media/types.ts";
import { nodeSaveFileSystem, type SaveFileSystem } from "../subtitles/save.ts";
import { lastWrittenAt } from "../wanted/history-store.ts";
import type { LibraryFileRow, LibraryItemRow } from "../wanted/store/index.ts";

export type Ownership = "size" | "hash";

export interface SidecarView {
  fileName: string;
  path: string;
  language: string | null;
  forced: boolean;
  hearingImpaired: boolean;
  format: string;
  textBased: boolean;
  ownedBySubhound: boolean;
}

/**
 * Whether the file at `path` is still exactly what Subhound last wrote there. `size` compares the
 * recorded size only (cheap enough for a whole season); `hash` also compares the SHA-256 and is
 * what a delete relies on.
 */
export async function isOwnedBySubhound(
  db: Db,
  path: string,
  check: Ownership,
  fileSystem: SaveFileSystem = nodeSaveFileSystem,
): Promise<boolean> {
  const written = lastWrittenAt(db, path);
  if (!written) return false;
  const target = await fileSystem.inspect(path).catch(() => null);
  if (target?.kind !== "file") return false;
  if (written.size !== null && written.size !== target.size) return false;
  if (check === "size" && written.size !== null) return true;
  return (await fileSystem.hashFile(path, target).catch(() => null)) === written.sha256;
}

export async function sidecarViews(
  db: Db,
  sidecars: readonly SidecarSubtitle[],
  check: Ownership,
): Promise<SidecarView[]> {
  return Promise.all(
    sidecars.map(async (s) => ({
      fileName: s.fileName,
      path: s.path,
      language: s.language,
      forced: s.forced,
      hearingImpaired: s.hearingImpaired,
      format: s.format,
      textBased: s.textBased,
      ownedBySubhound: await isOwnedBySubhound(db, s.path, check),
    })),
  );
}

export function storedStreams(file: Pick<LibraryFileRow, "subtitlesJson">): SubtitleStream[] {
  return (JSON.parse(file.subtitlesJson) as { streams?: SubtitleStream[] }).streams ?? [];
}

/**
 * `<dir>/<video base>.`, and `<dir>/<folder>/<video base>.` under `naming.folder`: every sidecar
 * Subhound writes for the video starts so.
 */
export function sidecarPrefixes(videoPath: string, folder: string): [string] | [string, string] {
  const name = `${basename(videoPath, extname(videoPath))}.`;
  const beside = join(dirname(videoPath), name);
  return folder === "" ? [beside] : [beside, join(dirname(videoPath), folder, name)];
}

/** One file as the library pages show it: sidecars on disk now, streams from the last probe, its items. */
export async function fileView(
  db: Db,
  finder: SidecarFinder,
  file: LibraryFileRow,
  items: readonly LibraryItemRow[],
  check: Ownership,
  /** Why the video's folder is not read now (its share does not answer: mount-guard.ts); null to read it. */
  folderUnreadable: string | null = null,
) {
  return {
    id: file.id,
    title: file.title,
    season: file.season,
    episodes: JSON.parse(file.episodesJson) as number[],
    path: file.path,
    relativePath: file.relativePath,
    size: file.size,
    sceneName: file.sceneName,
    missingSince: file.missingSince,
    inspectedAt: file.inspectedAt,
    sidecars: folderUnreadable === null ? await sidecarViews(db, finder.find(file.path), check) : [],
    folderUnreadable,
    streams: storedStreams(file),
    items: items.map((i) => ({
      id: i.id,
      language: i.language,
      variant: i.variant as "full" | "forced",
      status: i.status as LibraryItemStatus,
      satisfiedBy: i.satisfiedBy,
    })),
  };
}
export type LibraryFileView = Awaited<ReturnType<typeof fileView>>;
type LibraryItemStatus = import("../wanted/store/index.ts").WantedStatus;
