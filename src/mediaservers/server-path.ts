import type { PathMapping } from "../config/schema.ts";
import { createPathMapper } from "../library/path-mapping.ts";

/**
 * Turns a local path into the media server's view. A mapping's `from` is the server's prefix and
 * `to` Subhound's (as for the arr apps), so the mapping is applied backwards. A Windows server
 * prefix gets backslashes throughout.
 */
export function createServerPathMapper(mappings: readonly PathMapping[]): (localPath: string) => string {
  // `D:\TV\` and `\\nas\tv\` keep their trailing backslash through the mapping, which would
  // double it (`D:\TV\\Show`): the server prefix loses trailing separators here, a bare drive too.
  const reversed = mappings.map((m) => ({
    from: m.to,
    to: WINDOWS_PREFIX.test(m.from) ? trimWindows(m.from) : m.from,
  }));
  const map = createPathMapper(reversed);
  return (localPath) => {
    const mapped = map(localPath);
    if (mapped === localPath || !WINDOWS_PREFIX.test(mapped)) return mapped;
    const windows = mapped.replace(/\//g, "\\");
    return /^[A-Za-z]:$/.test(windows) ? `${windows}\\` : windows;
  };
}

/** A drive letter or a UNC share, in either slash style. */
const WINDOWS_PREFIX = /^(?:[A-Za-z]:(?:[\\/]|$)|\\\\)/;

function trimWindows(prefix: string): string {
  const trimmed = prefix.replace(/[\\/]+$/, "");
  return trimmed === "" ? prefix : trimmed;
}

/** The folder holding `path`, for either slash style. */
export function parentFolder(path: string): string {
  const trimmed = path.replace(/[\\/]+$/, "");
  const cut = Math.max(trimmed.lastIndexOf("/"), trimmed.lastIndexOf("\\"));
  if (cut < 0) return trimmed;
  if (cut === 0) return trimmed.slice(0, 1);
  const folder = trimmed.slice(0, cut);
  return /^[A-Za-z]:$/.test(folder) ? `${folder}\\` : folder;
}
