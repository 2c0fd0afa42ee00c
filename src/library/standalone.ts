import type { Dirent, Stats } from "node:fs";
import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { unlessAborted } from "../concurrency.ts";
import { createYielder } from "../event-loop.ts";
import { mergeSkipped } from "./arr-wire.ts";
import {
  type ParsedFileName,
  type ParsedFolderName,
  parseFileName,
  parseFolderName,
} from "./release-name.ts";
import type { Listing, MediaFile, SkippedRecords, UndecodableNames } from "./types.ts";
import { isSkippedFolder, videoStem } from "./video-files.ts";

export interface StandaloneRootListing {
  root: string;
  listing: Listing<MediaFile>;
}

export interface StandaloneSource {
  readonly kind: "standalone";
  readonly instance: "standalone";
  readonly roots: readonly string[];
  /** One root; missing or unreadable → a failure, never an empty success. */
  listRoot(root: string, signal?: AbortSignal): Promise<Listing<MediaFile>>;
  /** Every root separately, so one bad root does not hide the others. */
  listRoots(signal?: AbortSignal): Promise<StandaloneRootListing[]>;
  /** All roots together; a failure if any root failed. */
  listAllFiles(options?: { signal?: AbortSignal }): Promise<Listing<MediaFile>>;
}

export interface StandaloneOptions {
  roots: readonly string[];
  /** Directories read at once. */
  concurrency?: number;
  /** The file system's directory read (tests deny a folder here: root reads every one). */
  readDirectory?: (path: string) => Promise<Dirent[]>;
}

const readDirectoryEntries = (path: string) => readdir(path, { withFileTypes: true });

interface FoundFile {
  dir: string;
  /** Folder names between the root and the file, outermost first. */
  folders: readonly string[];
  name: string;
  stem: string;
  stats: Stats;
}

interface PendingDir {
  path: string;
  folders: readonly string[];
}

type Walk =
  | {
      ok: true;
      files: FoundFile[];
      undecodable: UndecodableNames | null;
      /** Subfolders it may not read (permissions): their files are not known gone. */
      unreadable: SkippedRecords | null;
    }
  | { ok: false; error: string };

/** How the runtime decodes a name that is not valid UTF-8; such a name no longer names the file. */
const REPLACEMENT = "\uFFFD";

/** A subfolder that vanished while the tree was read holds nothing any more. */
const VANISHED_SUBDIR_ERRORS = new Set(["ENOENT", "ENOTDIR"]);
/** One the server may not read still holds its files: the listing is not whole. */
const DENIED_SUBDIR_ERRORS = new Set(["EACCES", "EPERM"]);

function errorCode(e: unknown): string {
  return e && typeof e === "object" && "code" in e && typeof e.code === "string" ? e.code : "";
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

async function statOrNull(path: string): Promise<Stats | null> {
  try {
    return await stat(path);
  } catch {
    return null;
  }
}

/**
 * Reads the tree below `root` without following directory symlinks, so loops cannot occur.
 * A vanished subfolder is skipped; a permission-denied one too, but counted as `unreadable` (its
 * files are still there: a listing with it is not whole, and removes nothing); any other error
 * fails the whole root so that its files are not taken for deleted.
 */
async function walk(
  root: string,
  concurrency: number,
  signal?: AbortSignal,
  readDirectory: (path: string) => Promise<Dirent[]> = readDirectoryEntries,
): Promise<Walk> {
  const rootStats = await statOrNull(root);
  if (!rootStats) return { ok: false, error: `standalone root ${root} does not exist or cannot be read` };
  if (!rootStats.isDirectory()) return { ok: false, error: `standalone root ${root} is not a directory` };

  const files: FoundFile[] = [];
  let undecodable: UndecodableNames | null = null;
  let unreadable: SkippedRecords | null = null;
  const queue: PendingDir[] = [{ path: root, folders: [] }];
  let failure: string | null = null;
  let active = 0;

  const visit = async (dir: PendingDir): Promise<void> => {
    let entries: Dirent[];
    try {
      entries = await readDirectory(dir.path);
    } catch (e) {
      if (dir.folders.length > 0 && VANISHED_SUBDIR_ERRORS.has(errorCode(e))) return;
      if (dir.folders.length > 0 && DENIED_SUBDIR_ERRORS.has(errorCode(e))) {
        if (unreadable) unreadable.count++;
        else unreadable = { count: 1, example: `${dir.path}: ${errorText(e)}` };
        return;
      }
      failure ??= `cannot read ${dir.path}: ${errorText(e)}`;
      return;
    }
    const pending: Promise<void>[] = [];
    for (const entry of entries) {
      if (entry.name.includes(REPLACEMENT) && (entry.isDirectory() || videoStem(entry.name) !== null)) {
        const path = join(dir.path, entry.name);
        // A name really holding U+FFFD still resolves; a decoded invalid one does not.
        pending.push(
          statOrNull(path).then((stats) => {
            if (stats === null) {
              if (undecodable) undecodable.count++;
              else undecodable = { count: 1, example: path };
            } else if (stats.isDirectory()) {
              if (!isSkippedFolder(entry.name)) queue.push({ path, folders: [...dir.folders, entry.name] });
            } else if (stats.isFile()) {
              const stem = videoStem(entry.name);
              if (stem !== null)
                files.push({ dir: dir.path, folders: dir.folders, name: entry.name, stem, stats });
            }
          }),
        );
        continue;
      }
      if (entry.isDirectory()) {
        if (!isSkippedFolder(entry.name)) {
          queue.push({ path: join(dir.path, entry.name), folders: [...dir.folders, entry.name] });
        }
        continue;
      }
      if (!entry.isFile() && !entry.isSymbolicLink()) continue;
      const stem = videoStem(entry.name);
      if (stem === null) continue;
      const path = join(dir.path, entry.name);
      pending.push(
        statOrNull(path).then((stats) => {
          if (stats?.isFile())
            files.push({ dir: dir.path, folders: dir.folders, name: entry.name, stem, stats });
        }),
      );
    }
    await Promise.all(pending);
  };

  await new Promise<void>((resolve) => {
    const pump = () => {
      while (active < concurrency && queue.length > 0 && failure === null && !signal?.aborted) {
        const next = queue.pop();
        if (!next) break;
        active++;
        visit(next).then(() => {
          active--;
          pump();
        });
      }
      if (active === 0) resolve();
    };
    pump();
  });

  if (signal?.aborted) return { ok: false, error: `listing ${root} was cancelled` };
  if (failure !== null) return { ok: false, error: `standalone root ${root}: ${failure}` };
  return { ok: true, files, undecodable, unreadable };
}

interface FolderContext {
  title: string | null;
  year: number | null;
  season: number | null;
}

/** The nearest season folder and the nearest titled folder above a file. */
function folderContext(
  folders: readonly string[],
  parseFolder: (name: string) => ParsedFolderName,
): FolderContext {
  let season: number | null = null;
  for (let i = folders.length - 1; i >= 0; i--) {
    const parsed = parseFolder(folders[i] ?? "");
    if (parsed.season !== null) {
      season ??= parsed.season;
      continue;
    }
    if (parsed.title !== null) return { title: parsed.title, year: parsed.year, season };
  }
  return { title: null, year: null, season };
}

function sameTitle(a: string, b: string | null): boolean {
  const norm = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "");
  return b !== null && norm(a) === norm(b);
}

/** Lists video files below configured folders, for libraries without Sonarr/Radarr. */
export function createStandaloneSource(options: StandaloneOptions): StandaloneSource {
  const concurrency = Math.max(1, options.concurrency ?? 16);
  // Names are re-parsed only when new: the parser costs tens of µs per name and a re-scan sees
  // the same names again. Each root's cache is replaced per scan, so vanished files drop out.
  const parsedByRoot = new Map<string, Map<string, ParsedFileName>>();

  async function listRoot(root: string, signal?: AbortSignal): Promise<Listing<MediaFile>> {
    // A cancelled scan ends now, not when a read stuck on a dead mount returns (maybe never).
    const walked = await unlessAborted(walk(root, concurrency, signal, options.readDirectory), signal, {
      ok: false as const,
      error: `listing ${root} was cancelled`,
    });
    if (!walked.ok) return walked;
    const folderCache = new Map<string, ParsedFolderName>();
    const parseFolder = (name: string) => {
      let parsed = folderCache.get(name);
      if (!parsed) {
        parsed = parseFolderName(name);
        folderCache.set(name, parsed);
      }
      return parsed;
    };
    const contexts = new Map<string, FolderContext>();
    const previous = parsedByRoot.get(root);
    const seen = new Map<string, ParsedFileName>();
    const items: MediaFile[] = [];
    const pause = createYielder();
    for (const file of walked.files) {
      await pause();
      let context = contexts.get(file.dir);
      if (!context) {
        context = folderContext(file.folders, parseFolder);
        contexts.set(file.dir, context);
      }
      const parent = file.folders.at(-1);
      const key = `${context.season ?? ""}\0${parent ?? ""}\0${file.stem}`;
      let parsed = previous?.get(key) ?? seen.get(key);
      if (!parsed) parsed = parseFileName(file.stem, context.season !== null, parent);
      seen.set(key, parsed);
      const isEpisode = parsed.episodes.length > 0;
      const title = parsed.title ?? context.title ?? file.stem;
      const year =
        parsed.year ??
        (parsed.title === null || sameTitle(parsed.title, context.title) ? context.year : null);
      const path = join(file.dir, file.name);
      items.push({
        source: "standalone",
        instance: "standalone",
        fileId: null,
        seriesId: null,
        movieId: null,
        episodeIds: [],
        title,
        season: isEpisode ? (parsed.season ?? context.season) : null,
        episodes: parsed.episodes,
        year,
        imdbId: null,
        tvdbId: null,
        tmdbId: null,
        sceneName: null,
        releaseGroup: parsed.releaseGroup,
        arrPath: path,
        path,
        relativePath: null,
        size: file.stats.size,
        dateAdded: file.stats.mtime.toISOString(),
        arrSubtitleLanguages: null,
      });
    }
    parsedByRoot.set(root, seen);
    return {
      ok: true,
      items,
      ...(walked.undecodable ? { undecodable: walked.undecodable } : {}),
      ...(walked.unreadable ? { skipped: walked.unreadable } : {}),
    };
  }

  async function listRoots(signal?: AbortSignal): Promise<StandaloneRootListing[]> {
    const results: StandaloneRootListing[] = [];
    for (const root of options.roots) results.push({ root, listing: await listRoot(root, signal) });
    return results;
  }

  return {
    kind: "standalone",
    instance: "standalone",
    roots: options.roots,
    listRoot,
    listRoots,
    async listAllFiles(opts) {
      const results = await listRoots(opts?.signal);
      const failed = results.find((r) => !r.listing.ok);
      if (failed && !failed.listing.ok) return { ok: false, error: failed.listing.error };
      let undecodable: UndecodableNames | undefined;
      for (const r of results) {
        const u = r.listing.ok ? r.listing.undecodable : undefined;
        if (u)
          undecodable = {
            count: (undecodable?.count ?? 0) + u.count,
            example: undecodable?.example ?? u.example,
          };
      }
      const skipped = results.reduce<SkippedRecords | null>(
        (merged, r) => mergeSkipped(merged, r.listing.ok ? r.listing.skipped : null),
        null,
      );
      const items = results.flatMap((r) => (r.listing.ok ? r.listing.items : []));
      return {
        ok: true,
        items,
        ...(undecodable ? { undecodable } : {}),
        ...(skipped ? { skipped } : {}),
      };
    },
  };
}
