import { readdirSync, type Stats, statSync } from "node:fs";
import { join } from "node:path";
import { keepFromFtl } from "../jit-tier.ts";
import { isExtraVideoStem } from "./extra-videos.ts";
import { parseLooseSubtitleName } from "./loose-subtitle-name.ts";
import { parseSidecarName, type SidecarSubtitle, subtitleFormatOf } from "./sidecar-name.ts";
import { SUBTITLE_FOLDER_NAMES } from "./subtitle-folders.ts";

export { parseLooseSubtitleName } from "./loose-subtitle-name.ts";
export { parseSidecarName, type SidecarSubtitle, type SubtitleFormat } from "./sidecar-name.ts";

/**
 * Finds the subtitle files that already sit beside a video. One finder serves one scan: each
 * directory is listed at most once in its lifetime and every video in it is answered from
 * that listing.
 *
 * Where a video's subtitles may be:
 * - beside it, named after it (see `parseSidecarName`); when two videos' names both fit
 *   ("Movie.German.srt" beside "Movie.mkv" and "Movie.German.mkv"), the longer video name wins;
 * - in a `Subs/` or `Subtitles/` folder (any case) beside it:
 *   - `Subs/<video base>/…`: every subtitle in it (TV season packs: `Subs/Show.S01E01/2_English.srt`);
 *     without one, an episode takes the folders naming its episode (`Subs/S01E01/3_Eng.srt`, the
 *     release name of a renamed video) unless another video beside it is the same episode;
 *   - `Subs/<video base>.<lang>.srt`: named after the video, as beside it;
 *   - any other `Subs/` file (`2_English.srt`, `English.srt`, `Anything.en.srt`) only when the
 *     video is the one video of its folder, samples and other extras ("…-sample.mkv",
 *     "trailer.mkv", "…-featurette.mkv") not counted. Several videos sharing one `Subs/` would
 *     make such a file a guess.
 *   - a loose name that names another episode ("Show.S01E02.English.srt" for S01E01) is never
 *     this video's.
 * Hidden files (a Mac's `._Movie.mkv`, `._2_English.srt`) are neither videos nor subtitles.
 * A missing or unreadable directory contributes nothing and never throws.
 */
export interface SidecarFinder {
  find(videoPath: string): SidecarSubtitle[];
  /** Whether the video's folder lists a video of that name (any video extension, case aside). */
  hasVideo(videoPath: string): boolean;
  /**
   * Subtitle files seen so far whose names are not valid UTF-8: the runtime decodes such a name
   * with U+FFFD in place of the bad bytes, and the decoded name no longer opens the file.
   */
  undecodable(): { count: number; example: string } | null;
  /**
   * The stamps (directory-stamp.ts) of every folder looked at for these videos (`find` and `hasVideo`
   * asked of each first), as they were just before each was read: while they are the same, what the
   * finder answered for the videos is the same. Null when one cannot be vouched for: a folder that
   * did not read, changed too recently, holds a symlink (its target changes without the folder) or
   * a name that is not valid UTF-8 (a scan that looks at it warns of it).
   */
  folderStamps(videoPaths: Iterable<string>): Record<string, string> | null;
}

/** The part of `fs.Dirent` the finder uses, so tests can count or fake listings. */
export interface DirectoryEntry {
  name: string;
  isFile(): boolean;
  isDirectory(): boolean;
  isSymbolicLink(): boolean;
  /** A symlink the listing followed ("followed", listed as its target) or left out ("broken"). */
  linked?: "followed" | "broken";
}

export interface SidecarFinderOptions {
  readDirectory?: (path: string) => DirectoryEntry[];
  /**
   * A folder's stamp (directory-stamp.ts), taken just before it is read. Only a scan asks for stamps;
   * without this, no folder is stamped and `folderStamps` vouches for none.
   */
  stampDirectory?: (path: string) => string | null;
}

interface SubtitleFile {
  name: string;
  /** NFC, lower-case name without its extension: what video bases are matched against. */
  key: string;
  companionName: string | null;
}

interface DirectoryIndex {
  subtitles: SubtitleFile[];
  /** NFC, lower-case base names of the videos, sorted. */
  videoKeys: string[];
  /** NFC, lower-case folder name → folder name as listed. */
  folders: Map<string, string>;
  subtitleFolders: string[];
  /** Subtitle-like names holding U+FFFD (not valid UTF-8 on disk). */
  undecodable: string[];
  /** Whether the folder holds a symlink. */
  linked: boolean;
  /** Episode marker ("1:2") → how many of the videos (extras aside) carry it; built when first asked. */
  videoEpisodes?: Map<string, number>;
}

const VIDEO_EXTENSIONS: ReadonlySet<string> = new Set([
  "mkv",
  "mp4",
  "m4v",
  "avi",
  "mov",
  "wmv",
  "webm",
  "ts",
  "m2ts",
  "mts",
  "mpg",
  "mpeg",
  "flv",
  "ogm",
  "ogv",
  "divx",
  "3gp",
]);
const SAMPLE = /(?:^|[._\s-])sample(?:[._\s-]|$)/;
const EPISODE_MARKER = /(?:^|[^a-z0-9])s(\d{1,4})[ ._-]?e(\d{1,4})(?!\d)/i;

/**
 * A symlink is listed as what it points to; a broken one (or one that cannot be followed) is left
 * out, so it never counts as a subtitle that satisfies an item. Both are marked as links.
 */
const readDirectoryEntries = (path: string): DirectoryEntry[] =>
  readdirSync(path, { withFileTypes: true }).flatMap((entry): DirectoryEntry[] => {
    if (!entry.isSymbolicLink()) return [entry];
    let target: Stats | undefined;
    try {
      target = statSync(join(path, entry.name), { throwIfNoEntry: false });
    } catch {
      target = undefined;
    }
    const { isFile, isDirectory } = {
      isFile: target?.isFile() ?? false,
      isDirectory: target?.isDirectory() ?? false,
    };
    return [
      {
        name: entry.name,
        isFile: () => isFile,
        isDirectory: () => isDirectory,
        isSymbolicLink: () => false,
        linked: target ? "followed" : "broken",
      },
    ];
  });

/**
 * A video path's folder and its file name without the extension, as node:path's dirname, basename
 * and extname give them for a file path: a scan asks for every video twice, and those calls cost
 * more than the lookups they feed (~30 ms of a 50,000-file re-scan).
 */
export function videoPathParts(path: string): { directory: string; stem: string } {
  const slash = path.lastIndexOf("/");
  const name = path.slice(slash + 1);
  const dot = name.lastIndexOf(".");
  return {
    directory: slash < 0 ? "." : slash === 0 ? "/" : path.slice(0, slash),
    stem: dot <= 0 ? name : name.slice(0, dot),
  };
}

export function createSidecarFinder(options: SidecarFinderOptions = {}): SidecarFinder {
  const readDirectory = options.readDirectory ?? readDirectoryEntries;
  const stampDirectory = options.stampDirectory;
  const listings = new Map<string, DirectoryIndex | null>();
  const stamps = new Map<string, string | null>();
  let undecodable: { count: number; example: string } | null = null;

  const indexOf = (directory: string): DirectoryIndex | null => {
    let index = listings.get(directory);
    if (index === undefined) {
      // Before the listing: a change made while it is read moves the folder past this stamp.
      if (stampDirectory) stamps.set(directory, stampDirectory(directory));
      try {
        index = indexDirectory(readDirectory(directory));
      } catch {
        index = null;
      }
      listings.set(directory, index);
      if (index && index.undecodable.length > 0) {
        undecodable = {
          count: (undecodable?.count ?? 0) + index.undecodable.length,
          example: undecodable?.example ?? join(directory, index.undecodable[0]!),
        };
      }
    }
    return index;
  };

  const finder: SidecarFinder = {
    undecodable: () => undecodable,
    folderStamps(videoPaths) {
      const out: Record<string, string> = {};
      const add = (folder: string): boolean => {
        if (folder in out) return true;
        const stamp = stamps.get(folder);
        const listing = listings.get(folder);
        // A folder with a name to warn about is read by every scan, so each scan warns.
        if (!stamp || !listing || listing.linked || listing.undecodable.length > 0) return false;
        out[folder] = stamp;
        return true;
      };
      for (const videoPath of videoPaths) {
        const { directory, stem } = videoPathParts(videoPath);
        const index = listings.get(directory);
        if (!index || !add(directory)) return null;
        if (index.subtitleFolders.length === 0) continue;
        // The folders `find` looked in for this video: the subtitle folders, and its own folder in one.
        const baseKey = stem.normalize("NFC").toLowerCase();
        for (const folderName of index.subtitleFolders) {
          const subsPath = join(directory, folderName);
          const subs = listings.get(subsPath);
          if (!subs || !add(subsPath)) return null;
          for (const perVideoName of perVideoFolders(index, subs, baseKey)) {
            if (!add(join(subsPath, perVideoName))) return null;
          }
        }
      }
      return out;
    },
    hasVideo(videoPath) {
      const { directory, stem } = videoPathParts(videoPath);
      const index = indexOf(directory);
      if (index === null) return false;
      const key = stem.normalize("NFC").toLowerCase();
      const at = lowerBound(index.videoKeys, key, (k) => k);
      return index.videoKeys[at] === key;
    },
    find(videoPath) {
      const { directory, stem } = videoPathParts(videoPath);
      const base = stem.normalize("NFC");
      const baseKey = base.toLowerCase();
      const index = indexOf(directory);
      if (index === null) return [];
      const found: SidecarSubtitle[] = [];
      const addNamed = (folder: DirectoryIndex, path: string) => {
        for (const file of filesStartingWith(folder.subtitles, baseKey)) {
          const subtitle = parseSidecarName(base, file.name, path);
          if (subtitle !== null && !ownedByLongerVideo(index, baseKey, file.name)) {
            found.push(withCompanion(subtitle, file, path));
          }
        }
      };
      // Read only for a subtitle folder: most videos have none, and a scan asks for every video.
      let episode: string | null | undefined;
      const addAll = (folder: DirectoryIndex, path: string) => {
        if (episode === undefined) episode = episodeMarker(base);
        for (const file of folder.subtitles) {
          const other = episodeMarker(file.name);
          if (other !== null && episode !== null && other !== episode) continue;
          const subtitle = parseSidecarName(base, file.name, path) ?? parseLooseSubtitleName(file.name, path);
          if (subtitle !== null) found.push(withCompanion(subtitle, file, path));
        }
      };
      addNamed(index, directory);
      const onlyVideo = isOnlyVideo(index, baseKey);
      for (const folderName of index.subtitleFolders) {
        const subsPath = join(directory, folderName);
        const subs = indexOf(subsPath);
        if (subs === null) continue;
        if (onlyVideo) addAll(subs, subsPath);
        else addNamed(subs, subsPath);
        for (const perVideoName of perVideoFolders(index, subs, baseKey)) {
          const perVideoPath = join(subsPath, perVideoName);
          const perVideo = indexOf(perVideoPath);
          if (perVideo !== null) addAll(perVideo, perVideoPath);
        }
      }
      return found;
    },
  };
  // Runs once per video in one burst of a scan: kept from the top JIT tier, whose compile of it
  // costs a first scan more compiler-thread CPU than it wins back (jit-tier.ts).
  keepFromFtl(finder.find);
  return finder;
}

function indexDirectory(entries: DirectoryEntry[]): DirectoryIndex {
  const subtitles: SubtitleFile[] = [];
  const videoKeys: string[] = [];
  const folders = new Map<string, string>();
  const subtitleFolders: string[] = [];
  const undecodable: string[] = [];
  const vobSubHalves = new Map<string, { idx?: string; sub?: string }>();
  let linked = false;
  for (const entry of entries) {
    if (entry.linked !== undefined || entry.isSymbolicLink()) {
      linked = true;
      if (entry.linked === "broken") continue;
    }
    // Hidden: a Mac's `._Movie.mkv` resource forks, `.DS_Store`, partial copies. None is a video or subtitle.
    if (entry.name.startsWith(".")) continue;
    if (entry.name.includes("\uFFFD") && subtitleFormatOf(entry.name) !== null) {
      undecodable.push(entry.name);
      continue;
    }
    const link = entry.isSymbolicLink();
    if (entry.isDirectory() || link) {
      const key = entry.name.normalize("NFC").toLowerCase();
      folders.set(key, entry.name);
      if (SUBTITLE_FOLDER_NAMES.has(key)) subtitleFolders.push(entry.name);
    }
    if (!entry.isFile() && !link) continue;
    const dot = entry.name.lastIndexOf(".");
    if (dot <= 0) continue;
    const extension = entry.name.slice(dot + 1).toLowerCase();
    const key = entry.name.slice(0, dot).normalize("NFC").toLowerCase();
    if (VIDEO_EXTENSIONS.has(extension)) {
      videoKeys.push(key);
      continue;
    }
    const format = subtitleFormatOf(entry.name);
    if (format === "idx" || format === "sub") {
      const halves = vobSubHalves.get(key) ?? {};
      halves[format] = entry.name;
      vobSubHalves.set(key, halves);
    } else if (format !== null) {
      subtitles.push({ name: entry.name, key, companionName: null });
    }
  }
  for (const [key, { idx, sub }] of vobSubHalves) {
    // An .idx without its .sub cannot be shown; a .sub without an .idx is MicroDVD text.
    if (idx !== undefined && sub !== undefined) subtitles.push({ name: idx, key, companionName: sub });
    else if (sub !== undefined) subtitles.push({ name: sub, key, companionName: null });
  }
  subtitles.sort((a, b) => compare(a.key, b.key));
  videoKeys.sort(compare);
  return { subtitles, videoKeys, folders, subtitleFolders, undecodable, linked };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function lowerBound<T>(items: readonly T[], key: string, keyOf: (item: T) => string): number {
  let low = 0;
  let high = items.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (keyOf(items[middle]!) < key) low = middle + 1;
    else high = middle;
  }
  return low;
}

function* filesStartingWith(files: readonly SubtitleFile[], prefix: string): Generator<SubtitleFile> {
  for (let i = lowerBound(files, prefix, (f) => f.key); i < files.length; i++) {
    const file = files[i]!;
    if (!file.key.startsWith(prefix)) return;
    yield file;
  }
}

function ownedByLongerVideo(index: DirectoryIndex, baseKey: string, fileName: string): boolean {
  const prefix = `${baseKey}.`;
  for (let i = lowerBound(index.videoKeys, prefix, (k) => k); i < index.videoKeys.length; i++) {
    const other = index.videoKeys[i]!;
    if (!other.startsWith(prefix)) return false;
    if (parseSidecarName(other, fileName) !== null) return true;
  }
  return false;
}

/**
 * The folders of a `Subs/` folder that hold one video's subtitles: the one of its name (any case);
 * else, for an episode, every folder naming that episode ("S01E02", or the release name a renamed
 * "Show - S01E02 - Title.mkv" came with), unless another video beside it is the same episode.
 */
function perVideoFolders(index: DirectoryIndex, subs: DirectoryIndex, baseKey: string): string[] {
  const named = subs.folders.get(baseKey);
  if (named !== undefined) return [named];
  const episode = episodeMarker(baseKey);
  if (episode === null) return [];
  if (index.videoEpisodes === undefined) {
    index.videoEpisodes = new Map();
    for (const key of index.videoKeys) {
      const marker = SAMPLE.test(key) || isExtraVideoStem(key) ? null : episodeMarker(key);
      if (marker !== null) index.videoEpisodes.set(marker, (index.videoEpisodes.get(marker) ?? 0) + 1);
    }
  }
  if ((index.videoEpisodes.get(episode) ?? 0) > 1) return [];
  const folders: string[] = [];
  for (const [key, name] of subs.folders) if (episodeMarker(key) === episode) folders.push(name);
  return folders;
}

/** "1:2" for a name carrying S01E02; null for a name without one. */
function episodeMarker(name: string): string | null {
  const marker = EPISODE_MARKER.exec(name);
  return marker === null ? null : `${Number(marker[1])}:${Number(marker[2])}`;
}

/** Samples, trailers and other extras beside the video do not count (see video-files.ts). */
function isOnlyVideo(index: DirectoryIndex, baseKey: string): boolean {
  return index.videoKeys.every((key) => key === baseKey || SAMPLE.test(key) || isExtraVideoStem(key));
}

function withCompanion(subtitle: SidecarSubtitle, file: SubtitleFile, directory: string): SidecarSubtitle {
  return file.companionName === null
    ? subtitle
    : { ...subtitle, companionPath: join(directory, file.companionName) };
}
