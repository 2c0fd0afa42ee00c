import { statfs } from "node:fs/promises";
import type { CheckResult } from "../subsystems.ts";

export interface DiskPathResult {
  path: string;
  healthy: boolean;
  message: string;
  freeBytes: number | null;
  totalBytes: number | null;
  freePercent: number | null;
}

/**
 * Free space of the file system holding `path`. The promise form of `statfs` keeps a hung
 * network mount from blocking the event loop, so the runner's timeout can still answer.
 */
export async function diskUsage(path: string, minFreePercent: number): Promise<DiskPathResult> {
  let stats: Awaited<ReturnType<typeof statfs>>;
  try {
    stats = await statfs(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") {
      return {
        path,
        healthy: true,
        message: "path not found",
        freeBytes: null,
        totalBytes: null,
        freePercent: null,
      };
    }
    return {
      path,
      healthy: false,
      message: `cannot read free space: ${e instanceof Error ? e.message : String(e)}`,
      freeBytes: null,
      totalBytes: null,
      freePercent: null,
    };
  }
  const totalBytes = stats.blocks * stats.bsize;
  const freeBytes = stats.bavail * stats.bsize;
  const freePercent = totalBytes > 0 ? Math.round((freeBytes / totalBytes) * 1000) / 10 : 0;
  const healthy = freePercent >= minFreePercent;
  return {
    path,
    healthy,
    message: healthy
      ? `${freePercent}% free`
      : `only ${freePercent}% free, below disk.minFreePercent (${minFreePercent}%)`,
    freeBytes,
    totalBytes,
    freePercent,
  };
}

export async function checkDiskConfig(dataDir: string, minFreePercent: number): Promise<CheckResult> {
  return { ...(await diskUsage(dataDir, minFreePercent)) };
}

export async function checkDiskMedia(paths: readonly string[], minFreePercent: number): Promise<CheckResult> {
  const unique = [...new Set(paths)];
  if (unique.length === 0) {
    return {
      healthy: true,
      message: "no media paths configured (disk.mediaPaths, standalone.roots)",
      paths: [],
    };
  }
  const results = await Promise.all(unique.map((p) => diskUsage(p, minFreePercent)));
  const low = results.filter((r) => !r.healthy);
  return {
    healthy: low.length === 0,
    message:
      low.length === 0
        ? `${results.length} path(s) checked`
        : low.map((r) => `${r.path}: ${r.message}`).join("; "),
    paths: results,
  };
}
