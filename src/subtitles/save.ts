import { randomBytes } from "node:crypto";
import { constants, promises as fs } from "node:fs";
import { basename, dirname, extname, join } from "node:path";
import type { SubtitleFormat } from "./types.ts";

export interface SubtitleNaming {
  /** Canonical code ("de", "pt-BR"). */
  language: string;
  forced: boolean;
  hearingImpaired: boolean;
  format: SubtitleFormat;
}

/** `<video base>.<lang>[.forced|.hi].<ext>` next to the video; forced wins over hi. */
export function subtitlePath(videoPath: string, naming: SubtitleNaming): string {
  if (!/^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/.test(naming.language)) {
    throw new Error(`not a language code: ${JSON.stringify(naming.language)}`);
  }
  const base = basename(videoPath, extname(videoPath));
  const flag = naming.forced ? ".forced" : naming.hearingImpaired ? ".hi" : "";
  return join(dirname(videoPath), `${base}.${naming.language}${flag}.${naming.format}`);
}

export interface SaveRequest {
  videoPath: string;
  targetPath: string;
  /** UTF-8 bytes of the validated subtitle. */
  content: Uint8Array;
  /** True only for a file Subhound wrote earlier (from its history); anything else is the user's. */
  ownedByUs(path: string): boolean;
}

export type SaveResult =
  | { ok: true; path: string; sha256: string; replaced: boolean }
  | { ok: false; reason: "user-file-exists" | "io-error"; detail: string };

/** The file operations saving needs; tests swap one in to fail at a chosen step. */
export interface SaveFileSystem {
  writeDurably(path: string, content: Uint8Array): Promise<void>;
  link(existingPath: string, newPath: string): Promise<void>;
  copyExclusive(source: string, target: string): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  unlink(path: string): Promise<void>;
  syncDirectory(path: string): Promise<void>;
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
};

// Filesystems without hard links (some SMB/FUSE mounts) answer with one of these.
const NO_HARD_LINKS = new Set(["EPERM", "ENOTSUP", "EOPNOTSUPP", "ENOSYS", "EXDEV"]);

/**
 * Writes atomically and never over a user's file: the bytes go to a temp file in the target's
 * directory, which is then hard-linked to the target (fails if anything exists there, even a file
 * created a moment ago) or, for a file Subhound itself wrote, renamed over it. The temp file is
 * removed whatever happens; nothing else is ever deleted.
 */
export async function saveSubtitle(
  request: SaveRequest,
  fileSystem: SaveFileSystem = nodeSaveFileSystem,
): Promise<SaveResult> {
  const { targetPath, content } = request;
  const directory = dirname(targetPath);
  if (directory !== dirname(request.videoPath)) {
    return { ok: false, reason: "io-error", detail: `${targetPath} is not next to ${request.videoPath}` };
  }
  const sha256 = new Bun.CryptoHasher("sha256").update(content).digest("hex");
  const tempPath = join(directory, `.${basename(targetPath)}.subhound-${randomBytes(6).toString("hex")}.tmp`);
  // A name collision means the temp file is not ours: it must survive the cleanup below.
  let tempIsOurs = true;
  try {
    await fileSystem.writeDurably(tempPath, content).catch((error: NodeJS.ErrnoException) => {
      if (error.code === "EEXIST") tempIsOurs = false;
      throw error;
    });
    const placed = await placeNew(fileSystem, tempPath, targetPath);
    let replaced = false;
    if (placed === "exists") {
      if (!request.ownedByUs(targetPath)) {
        return { ok: false, reason: "user-file-exists", detail: `${targetPath} exists and is not ours` };
      }
      await fileSystem.rename(tempPath, targetPath);
      replaced = true;
    }
    await fileSystem.syncDirectory(directory).catch(() => {});
    return { ok: true, path: targetPath, sha256, replaced };
  } catch (error) {
    return { ok: false, reason: "io-error", detail: (error as Error).message };
  } finally {
    if (tempIsOurs) await fileSystem.unlink(tempPath).catch(() => {});
  }
}

async function placeNew(
  fileSystem: SaveFileSystem,
  tempPath: string,
  targetPath: string,
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
    throw error;
  }
}
