import { statfs } from "node:fs/promises";
import { z } from "@hono/zod-openapi";
import { checkBase, errorMessage } from "../check.ts";

/** Free space of one path: `disk_config` reports one, `disk_media` a list. */
export const diskPathDetails = {
  path: z.string().openapi({ example: "/var/lib/subhound" }),
  freeBytes: z.number().int().nullable().openapi({ example: 52_428_800_000 }),
  totalBytes: z.number().int().nullable().openapi({ example: 250_000_000_000 }),
  freePercent: z.number().nullable().openapi({ example: 21 }),
};
export const DiskPathSchema = z.object({ ...checkBase, ...diskPathDetails }).openapi("HealthDiskPath");
export type DiskPathResult = z.infer<typeof DiskPathSchema>;

type StatFs = (path: string) => Promise<{ blocks: number; bsize: number; bavail: number }>;

export type DiskUsage = (path: string, minFreePercent: number) => Promise<DiskPathResult>;

const unknownSpace = { freeBytes: null, totalBytes: null, freePercent: null };

/**
 * Free space of the file system holding a path. The promise form of `statfs` keeps a hung
 * network mount from blocking the event loop, so the runner's timeout can still answer; but the
 * call still holds a thread of the file-system pool until the mount answers. A path whose last
 * call has not come back is not asked again (a monitor polling a dead NFS mount would otherwise
 * take every thread, and with them every file read and write of the server): it reports how long
 * it has been silent.
 */
export function createDiskUsage(deps: { now: () => Date; statfs?: StatFs }): DiskUsage {
  const fsStat = deps.statfs ?? statfs;
  const outstanding = new Map<string, number>();
  return async (path, minFreePercent) => {
    const since = outstanding.get(path);
    if (since !== undefined) {
      const seconds = Math.round((deps.now().getTime() - since) / 1000);
      return {
        path,
        healthy: false,
        message: `the file system has not answered for ${seconds} s (a hung network mount?); check the mount, it is asked again once it answers`,
        ...unknownSpace,
      };
    }
    outstanding.set(path, deps.now().getTime());
    let stats: Awaited<ReturnType<StatFs>>;
    try {
      stats = await fsStat(path);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === "ENOENT" || code === "ENOTDIR") {
        return { path, healthy: true, message: "path not found", ...unknownSpace };
      }
      return { path, healthy: false, message: `cannot read free space: ${errorMessage(e)}`, ...unknownSpace };
    } finally {
      outstanding.delete(path);
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
  };
}
