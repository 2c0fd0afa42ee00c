import { z } from "@hono/zod-openapi";
import { locateFfmpeg } from "../../sync/ffmpeg.ts";
import { defineHealthCheck } from "../check.ts";

export const subtitleSync = defineHealthCheck({
  name: "subtitle_sync",
  summary:
    "ffmpeg (`sync.ffmpegPath`, else on PATH) is there for syncing subtitles to audio and embedded streams; without it this check says why, instead of an error per sync. Not critical by default: sync is optional (add it to health.critical to make it so)",
  critical: false,
  details: { ffmpegPath: z.string().nullable() },
  example: { healthy: true, message: "ffmpeg found: /usr/bin/ffmpeg", ffmpegPath: "/usr/bin/ffmpeg" },
  create: (deps) => () => {
    const status = locateFfmpeg(deps.config.sync.ffmpegPath);
    return status.available
      ? { healthy: true, message: `ffmpeg found: ${status.path}`, ffmpegPath: status.path }
      : { healthy: false, message: status.reason, ffmpegPath: null };
  },
});
