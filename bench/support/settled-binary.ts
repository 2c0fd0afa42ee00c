import { closeSync, fsyncSync, openSync } from "node:fs";

/**
 * Drops a just-built binary's pages from the page cache, so it is mapped as an installed binary
 * read from disk is. Pages that come from writing the file map larger runs per fault: a freshly
 * written binary idles ~4.5 MiB higher in RSS (file-backed) than the same bytes read back (measured:
 * 61.2 against 56.6 MiB), a figure no deployed service keeps past its first page-cache turnover.
 * `dd iflag=nocache` asks the kernel to drop them (posix_fadvise DONTNEED, clean pages only).
 */
export function settleBinary(path: string): void {
  const fd = openSync(path, "r");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  const dd = Bun.spawnSync(["dd", `if=${path}`, "iflag=nocache", "count=0", "status=none"]);
  if (dd.exitCode !== 0) throw new Error(`dd could not drop ${path}'s cached pages: ${dd.stderr.toString()}`);
}
