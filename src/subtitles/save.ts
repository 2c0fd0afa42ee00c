import { constants, promises as fs, type Stats } from "node:fs";
import { basename, dirname, extname, join } from "node:path";
import {
  DEFAULT_NAMING,
  HEARING_IMPAIRED_TAGS,
  LANGUAGE_CODE_FORMS,
  type NamingOptions,
} from "../config/naming.ts";
import { randomBytes } from "../hash.ts";
import { toIso6392B } from "../media/languages.ts";
import { inSubtitleLocation } from "../media/subtitle-folders.ts";
import type { SubtitleFormat } from "./types.ts";

export interface SubtitleNaming {
  /** Canonical code ("de", "pt-BR"). */
  language: string;
  forced: boolean;
  hearingImpaired: boolean;
  format: SubtitleFormat;
}

/**
 * The language as a saved name writes it: the canonical code, or under `alpha3` its ISO 639-2/B code
 * ("de" → "ger"). A code with a region or script ("pt-BR", "zh-Hans") stays as it is under both: every
 * reader knows BCP-47, and a 639-2/B code cannot say which Portuguese. A language without a 639-2 code
 * keeps its canonical (639-3) one.
 */
export function languageInName(language: string, form: NamingOptions["languageCode"]): string {
  if (form === "alpha2" || language.includes("-")) return language;
  return toIso6392B(language) ?? language;
}

/**
 * `<video base>.<lang>[.forced|.<hi tag>].<ext>` next to the video, or in `naming.folder` beside it;
 * forced wins over hearing-impaired.
 *
 * @example subtitlePath("/tv/Show - S01E01.mkv", { language: "en", forced: false, hearingImpaired: true, format: "srt" }, { hearingImpairedTag: "sdh", languageCode: "alpha3", folder: "Subs" }) // "/tv/Subs/Show - S01E01.eng.sdh.srt"
 */
export function subtitlePath(
  videoPath: string,
  naming: SubtitleNaming,
  options: NamingOptions = DEFAULT_NAMING,
): string {
  if (!/^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/.test(naming.language)) {
    throw new Error(`not a language code: ${JSON.stringify(naming.language)}`);
  }
  const base = basename(videoPath, extname(videoPath));
  const language = languageInName(naming.language, options.languageCode);
  const flag = naming.forced ? ".forced" : naming.hearingImpaired ? `.${options.hearingImpairedTag}` : "";
  return join(dirname(videoPath), options.folder, `${base}.${language}${flag}.${naming.format}`);
}

/**
 * Every ending `subtitlePath` gives a subtitle in `language` and `format` under any naming option, each
 * with whether it marks a hearing-impaired one: what a reader of our own names back (post-processing)
 * must accept, whatever the options were when the file was saved.
 */
export function ownNameEndings(
  language: string,
  format: string,
): { ending: string; hearingImpaired: boolean }[] {
  const codes = [...new Set(LANGUAGE_CODE_FORMS.map((form) => languageInName(language, form)))];
  const flags = [
    { flag: "", hearingImpaired: false },
    { flag: ".forced", hearingImpaired: false },
    ...HEARING_IMPAIRED_TAGS.map((tag) => ({ flag: `.${tag}`, hearingImpaired: true })),
  ];
  return codes.flatMap((code) =>
    flags.map(({ flag, hearingImpaired }) => ({ ending: `.${code}${flag}.${format}`, hearingImpaired })),
  );
}

export interface SaveRequest {
  videoPath: string;
  targetPath: string;
  /** UTF-8 bytes of the validated subtitle. */
  content: Uint8Array;
  /**
   * What Subhound last wrote at `path` (from its history), or null. A file there is ours to replace
   * only while its bytes are still exactly that; an edited file is the user's.
   */
  writtenByUs(path: string): { sha256: string; size: number | null } | null;
}

export type SaveResult =
  | { ok: true; path: string; sha256: string; size: number; replaced: boolean }
  | { ok: false; reason: "user-file-exists" | "not-a-regular-file" | "io-error"; detail: string };

/** What is at a path, without following a symbolic link. */
export type TargetState =
  | { kind: "missing" }
  | { kind: "file"; dev: number; ino: number; size: number; mtimeMs: number }
  | { kind: "symbolic link" | "directory" | "FIFO" | "special file" };

/** The file operations saving needs; tests swap one in to fail at a chosen step. */
export interface SaveFileSystem {
  writeDurably(path: string, content: Uint8Array): Promise<void>;
  link(existingPath: string, newPath: string): Promise<void>;
  copyExclusive(source: string, target: string): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  unlink(path: string): Promise<void>;
  syncDirectory(path: string): Promise<void>;
  /** Creates the folder (its parent exists); an existing one is left alone. */
  makeDirectory(path: string): Promise<void>;
  inspect(path: string): Promise<TargetState>;
  /** SHA-256 of the regular file `expected` describes; null if the path now holds something else. */
  hashFile(path: string, expected: Extract<TargetState, { kind: "file" }>): Promise<string | null>;
}

export const nodeSaveFileSystem: SaveFileSystem = {
  async writeDurably(path, content) {
    const handle = await fs.open(path, "wx", 0o644);
    try {
      await handle.writeFile(content);
      await handle.sync();
    } finally {
      await handle.close();
    }
  },
  link: (existingPath, newPath) => fs.link(existingPath, newPath),
  copyExclusive: (source, target) => fs.copyFile(source, target, constants.COPYFILE_EXCL),
  rename: (from, to) => fs.rename(from, to),
  unlink: (path) => fs.unlink(path),
  async syncDirectory(path) {
    const handle = await fs.open(path, "r");
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  },
  async makeDirectory(path) {
    await fs.mkdir(path, { mode: 0o755 }).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== "EEXIST") throw error;
    });
  },
  async inspect(path) {
    let stats: Stats;
    try {
      stats = await fs.lstat(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return { kind: "missing" };
      throw error;
    }
    if (stats.isFile())
      return { kind: "file", dev: stats.dev, ino: stats.ino, size: stats.size, mtimeMs: stats.mtimeMs };
    if (stats.isSymbolicLink()) return { kind: "symbolic link" };
    if (stats.isDirectory()) return { kind: "directory" };
    if (stats.isFIFO()) return { kind: "FIFO" };
    return { kind: "special file" };
  },
  async hashFile(path, expected) {
    // O_NOFOLLOW and O_NONBLOCK: a symlink or FIFO swapped in since inspect() neither redirects nor blocks the read.
    const handle = await fs
      .open(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK)
      .catch(() => null);
    if (!handle) return null;
    try {
      const stats = await handle.stat();
      if (!stats.isFile() || stats.ino !== expected.ino || stats.dev !== expected.dev) return null;
      const hasher = new Bun.CryptoHasher("sha256");
      const buffer = new Uint8Array(64 * 1024);
      for (;;) {
        const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
        if (bytesRead === 0) break;
        hasher.update(buffer.subarray(0, bytesRead));
      }
      return hasher.digest("hex");
    } finally {
      await handle.close();
    }
  },
};

/** The longest name one folder entry may have on the usual Linux file systems (ext4, XFS, btrfs, ZFS). */
export const MAX_NAME_BYTES = 255;

/**
 * `.<name><suffix>`, a hidden working name beside `name`, shortened (never inside a character) to
 * fit in MAX_NAME_BYTES: a subtitle whose own name fits must not fail for its temp file's.
 */
export function hiddenSibling(name: string, suffix: string): string {
  const room = MAX_NAME_BYTES - 1 - Buffer.byteLength(suffix);
  if (Buffer.byteLength(name) <= room) return `.${name}${suffix}`;
  let kept = "";
  let bytes = 0;
  for (const character of name) {
    bytes += Buffer.byteLength(character);
    if (bytes > room) break;
    kept += character;
  }
  return `.${kept}${suffix}`;
}

/** The error's message, except where the OS's words would name the temp file instead of the cause. */
function describeFailure(error: unknown, targetPath: string): string {
  if ((error as NodeJS.ErrnoException).code === "ENAMETOOLONG") {
    const name = basename(targetPath);
    return `${name} is too long a file name (${Buffer.byteLength(name)} bytes; the file system of ${dirname(targetPath)} allows ${MAX_NAME_BYTES} at most): give the video a shorter name`;
  }
  return (error as Error).message;
}

// Filesystems without hard links (some SMB/FUSE mounts) answer with one of these.
const NO_HARD_LINKS = new Set(["EPERM", "ENOTSUP", "EOPNOTSUPP", "ENOSYS", "EXDEV"]);

/**
 * Writes atomically and never over a user's file: the bytes go to a temp file in the target's
 * directory, which is then hard-linked to the target (fails if anything exists there, even a file
 * created a moment ago or a broken symlink) or, for a file whose content is still exactly what
 * Subhound last wrote there, renamed over it. A symlink, directory or FIFO at the target is never
 * written through. The temp file is removed whatever happens; nothing else is ever deleted.
 */
export async function saveSubtitle(
  request: SaveRequest,
  fileSystem: SaveFileSystem = nodeSaveFileSystem,
): Promise<SaveResult> {
  const { targetPath, content } = request;
  const directory = dirname(targetPath);
  if (!inSubtitleLocation(request.videoPath, targetPath)) {
    return { ok: false, reason: "io-error", detail: `${targetPath} is not next to ${request.videoPath}` };
  }
  if (directory !== dirname(request.videoPath)) {
    const refusal = await subtitleFolderReady(directory, fileSystem);
    if (refusal) return refusal;
  }
  const sha256 = new Bun.CryptoHasher("sha256").update(content).digest("hex");
  const size = content.byteLength;
  const tempPath = join(
    directory,
    hiddenSibling(basename(targetPath), `.subhound-${randomBytes(6).toString("hex")}.tmp`),
  );
  // A name collision means the temp file is not ours: it must survive the cleanup below.
  let tempIsOurs = true;
  try {
    await fileSystem.writeDurably(tempPath, content).catch((error: NodeJS.ErrnoException) => {
      if (error.code === "EEXIST") tempIsOurs = false;
      throw error;
    });
    let replaced = false;
    if ((await placeNew(fileSystem, tempPath, targetPath, content)) === "exists") {
      const refusal = await checkStillOurs(request, fileSystem);
      if (refusal) return refusal;
      await fileSystem.rename(tempPath, targetPath);
      replaced = true;
    }
    await fileSystem.syncDirectory(directory).catch(() => {});
    return { ok: true, path: targetPath, sha256, size, replaced };
  } catch (error) {
    return { ok: false, reason: "io-error", detail: describeFailure(error, targetPath) };
  } finally {
    if (tempIsOurs) await fileSystem.unlink(tempPath).catch(() => {});
  }
}

/**
 * The subtitle folder beside the video (`naming.folder`), made when missing. A symbolic link or a
 * file under that name is the user's: nothing is written through or over it.
 */
async function subtitleFolderReady(
  directory: string,
  fileSystem: SaveFileSystem,
): Promise<Extract<SaveResult, { ok: false }> | null> {
  try {
    let state = await fileSystem.inspect(directory);
    if (state.kind === "missing") {
      await fileSystem.makeDirectory(directory);
      await fileSystem.syncDirectory(dirname(directory)).catch(() => {});
      state = await fileSystem.inspect(directory);
    }
    if (state.kind === "directory") return null;
    return {
      ok: false,
      reason: "not-a-regular-file",
      detail: `${directory} is a ${state.kind === "file" ? "file" : state.kind}, not a folder: subtitles are not saved through it`,
    };
  } catch (error) {
    return { ok: false, reason: "io-error", detail: (error as Error).message };
  }
}

/**
 * Null when the file at the target is provably the one Subhound last wrote (same size, then same
 * hash, and still the same file after hashing); otherwise why it must be left alone.
 */
async function checkStillOurs(
  request: SaveRequest,
  fileSystem: SaveFileSystem,
): Promise<Extract<SaveResult, { ok: false }> | null> {
  const { targetPath } = request;
  const target = await fileSystem.inspect(targetPath);
  if (target.kind === "missing") {
    return { ok: false, reason: "io-error", detail: `${targetPath} changed while saving; try again` };
  }
  if (target.kind !== "file") {
    return {
      ok: false,
      reason: "not-a-regular-file",
      detail: `${targetPath} is a ${target.kind}; Subhound never writes through one`,
    };
  }
  const userFile = (why: string) => ({
    ok: false as const,
    reason: "user-file-exists" as const,
    detail: `${targetPath} ${why}`,
  });
  const written = request.writtenByUs(targetPath);
  if (!written) return userFile("exists and Subhound never wrote it");
  if (written.size !== null && written.size !== target.size)
    return userFile("was changed since Subhound wrote it");
  if ((await fileSystem.hashFile(targetPath, target)) !== written.sha256)
    return userFile("was changed since Subhound wrote it");
  const after = await fileSystem.inspect(targetPath);
  if (
    after.kind !== "file" ||
    after.ino !== target.ino ||
    after.dev !== target.dev ||
    after.size !== target.size ||
    after.mtimeMs !== target.mtimeMs
  )
    return userFile("was changed while Subhound checked it");
  return null;
}

async function placeNew(
  fileSystem: SaveFileSystem,
  tempPath: string,
  targetPath: string,
  content: Uint8Array,
): Promise<"placed" | "exists"> {
  try {
    await fileSystem.link(tempPath, targetPath);
    return "placed";
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "";
    if (code === "EEXIST") return "exists";
    if (!NO_HARD_LINKS.has(code)) throw error;
  }
  // Not atomic, but COPYFILE_EXCL still refuses to replace whatever appeared at the target.
  try {
    await fileSystem.copyExclusive(tempPath, targetPath);
    return "placed";
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return "exists";
    await removePartialCopy(fileSystem, targetPath, content);
    throw error;
  }
}

/**
 * A copy that failed part-way (a full disk) leaves the bytes it wrote at the target (Bun's copyFile
 * does): a truncated subtitle no history row claims, which would pass for the user's file from then
 * on. Removed only while it holds exactly a start of `content`; anything else there stays.
 */
async function removePartialCopy(fileSystem: SaveFileSystem, targetPath: string, content: Uint8Array) {
  const partial = await fileSystem.inspect(targetPath).catch(() => null);
  if (partial?.kind !== "file" || partial.size > content.byteLength) return;
  const start = new Bun.CryptoHasher("sha256").update(content.subarray(0, partial.size)).digest("hex");
  if ((await fileSystem.hashFile(targetPath, partial).catch(() => null)) !== start) return;
  const after = await fileSystem.inspect(targetPath).catch(() => null);
  if (
    after?.kind === "file" &&
    after.ino === partial.ino &&
    after.dev === partial.dev &&
    after.size === partial.size &&
    after.mtimeMs === partial.mtimeMs
  )
    await fileSystem.unlink(targetPath).catch(() => {});
}
