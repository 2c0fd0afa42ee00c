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
      message: `cannot read free space: ${errorMessage(e)}`,
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
