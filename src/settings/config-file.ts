import {
  accessSync,
  chownSync,
  closeSync,
  constants,
  copyFileSync,
  existsSync,
  fchownSync,
  fsyncSync,
  mkdirSync,
  openSync,
  realpathSync,
  renameSync,
  rmSync,
  type Stats,
  statSync,
  writeSync,
} from "node:fs";
import { userInfo } from "node:os";
import { basename, dirname, join } from "node:path";
import { readConfigTree } from "../config/load.ts";
import { randomBytes, sha256Text } from "../hash.ts";
import type { Tree } from "./tree.ts";

export interface ConfigFileState {
  path: string;
  exists: boolean;
  tree: Tree;
  /** The file as it reads ("" while there is none). */
  text: string;
  /** Changes whenever the file's bytes do: a save names the revision it edited, so a newer edit is never lost. */
  revision: string;
}

export const ABSENT_REVISION = "absent";

export function revisionOf(text: string): string {
  return sha256Text(text).slice(0, 16);
}

export function readConfigFile(path: string): ConfigFileState {
  if (!existsSync(path)) return { path, exists: false, tree: {}, text: "", revision: ABSENT_REVISION };
  const { text, tree } = readConfigTree(path);
  return { path, exists: true, tree, text, revision: revisionOf(text) };
}

export function backupPath(path: string): string {
  return `${path}.bak`;
}

function fsyncDir(dir: string): void {
  // Not every filesystem lets a directory be opened for fsync; the rename is atomic either way.
  try {
    const fd = openSync(dir, "r");
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {}
}

/** Why the config file cannot be saved; its message is for the user as it stands. */
export class ConfigFileNotWritable extends Error {
  override name = "ConfigFileNotWritable";
}

/**
 * The replacement gets the old file's owner and group: root (a container) saving a file its user
 * owns must not leave it root's. Only root may give a file away; anyone else keeps what it has.
 */
function keepOwner(fd: number | string, previous: Stats | undefined): void {
  if (!previous || process.getuid?.() !== 0) return;
  if (typeof fd === "number") fchownSync(fd, previous.uid, previous.gid);
  else chownSync(fd, previous.uid, previous.gid);
}

function writeDurably(path: string, text: string, mode: number, previous: Stats | undefined): void {
  const fd = openSync(path, "wx", mode);
  try {
    keepOwner(fd, previous);
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Refuses a file the user made read-only (root ignores the mode, so it is read as the user meant it). */
function checkWritable(file: string, previous: Stats | undefined): void {
  if (!previous) return;
  const mode = previous.mode & 0o777;
  let writable = (mode & 0o222) !== 0;
  try {
    if (writable) accessSync(file, constants.W_OK);
  } catch {
    writable = false;
  }
  if (!writable)
    throw new ConfigFileNotWritable(
      `${file} is read-only (mode ${mode.toString(8).padStart(4, "0")}); make it writable (chmod u+w) to save settings here, or edit it by hand`,
    );
}

/**
 * Replaces the config file atomically (temp file, fsync, rename) after copying the previous version
 * to `config.toml.bak`. A new file is readable by its owner only: it holds secrets. A config.toml
 * that is a link (to a dotfiles checkout) is saved where it points, and the link stays.
 */
export function writeConfigFile(path: string, text: string): { backup: string | null } {
  let file = path;
  try {
    file = existsSync(path) ? realpathSync(path) : path;
    const previous = existsSync(file) ? statSync(file) : undefined;
    checkWritable(file, previous);
    return replace(file, text, previous);
  } catch (e) {
    if (e instanceof ConfigFileNotWritable) throw e;
    throw new ConfigFileNotWritable(
      `cannot write ${path}: ${whyNot(e as NodeJS.ErrnoException, dirname(file))}`,
    );
  }
}

/** The reason in words a user can act on, with the error code for a search. */
function whyNot(e: NodeJS.ErrnoException, dir: string): string {
  switch (e.code) {
    case "EACCES":
    case "EPERM":
      return `the user Subhound runs as (${userInfo().username}) may not write in ${dir} (${e.code})`;
    case "EROFS":
      return `${dir} is on a read-only file system; with the systemd unit only the data dir and ReadWritePaths= are writable (EROFS)`;
    case "ENOSPC":
    case "EDQUOT":
      return `no space left for it in ${dir} (${e.code})`;
    case "EEXIST":
    case "ENOTDIR":
      return `${dir} is not a folder (${e.code})`;
    case "EBUSY":
      return "it is a mount point (one file mounted into a container); mount the folder that holds it instead (EBUSY)";
    default:
      return e.message;
  }
}

function replace(file: string, text: string, previous: Stats | undefined): { backup: string | null } {
  const dir = dirname(file);
  mkdirSync(dir, { recursive: true });
  const mode = previous ? previous.mode & 0o777 : 0o600;
  const temp = (what: string) =>
    join(dir, `.${basename(file)}.${what}.${randomBytes(6).toString("hex")}.tmp`);
  const next = temp("next");
  let backup: string | null = null;
  try {
    writeDurably(next, text, mode, previous);
    if (previous) {
      const copy = temp("bak");
      copyFileSync(file, copy);
      keepOwner(copy, previous);
      renameSync(copy, backupPath(file));
      backup = backupPath(file);
    }
    renameSync(next, file);
  } catch (e) {
    rmSync(next, { force: true });
    throw e;
  }
  fsyncDir(dir);
  return { backup };
}
