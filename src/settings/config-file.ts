import {
  closeSync,
  copyFileSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from "node:fs";
import { basename, dirname, join } from "node:path";
import { readConfigTree } from "../config/load.ts";
import { randomBytes, sha256Text } from "../hash.ts";
import type { Tree } from "./tree.ts";

export interface ConfigFileState {
  path: string;
  exists: boolean;
  tree: Tree;
  /** Changes whenever the file's bytes do: a save names the revision it edited, so a newer edit is never lost. */
  revision: string;
}

export const ABSENT_REVISION = "absent";

export function revisionOf(text: string): string {
  return sha256Text(text).slice(0, 16);
}

export function readConfigFile(path: string): ConfigFileState {
  if (!existsSync(path)) return { path, exists: false, tree: {}, revision: ABSENT_REVISION };
  const { text, tree } = readConfigTree(path);
  return { path, exists: true, tree, revision: revisionOf(text) };
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

function writeDurably(path: string, text: string, mode: number): void {
  const fd = openSync(path, "wx", mode);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Replaces the config file atomically (temp file, fsync, rename) after copying the previous version
 * to `config.toml.bak`. A new file is readable by its owner only: it holds secrets.
 */
export function writeConfigFile(path: string, text: string): { backup: string | null } {
  const dir = dirname(path);
  mkdirSync(dir, { recursive: true });
  const existed = existsSync(path);
  const mode = existed ? statSync(path).mode & 0o777 : 0o600;
  const temp = (what: string) =>
    join(dir, `.${basename(path)}.${what}.${randomBytes(6).toString("hex")}.tmp`);
  const next = temp("next");
  let backup: string | null = null;
  try {
    writeDurably(next, text, mode);
    if (existed) {
      const previous = temp("bak");
      copyFileSync(path, previous);
      renameSync(previous, backupPath(path));
      backup = backupPath(path);
    }
    renameSync(next, path);
  } catch (e) {
    rmSync(next, { force: true });
    throw e;
  }
  fsyncDir(dir);
  return { backup };
}
