import { z } from "@hono/zod-openapi";
import { locateFfmpeg } from "../../sync/ffmpeg.ts";
import { defineHealthCheck } from "../check.ts";

export const subtitleSync = defineHealthCheck({
  name: "subtitle_sync",
  summary:
    "ffmpeg (`sync.ffmpegPath`, else on PATH) is there for syncing subtitles to audio and embedded streams; without it the status is degraded with the reason, instead of an error per sync",
  critical: true,
  details: { ffmpegPath: z.string().nullable() },
  example: { healthy: true, message: "ffmpeg found: /usr/bin/ffmpeg", ffmpegPath: "/usr/bin/ffmpeg" },
  create: (deps) => () => {
    const status = locateFfmpeg(deps.config.sync.ffmpegPath);
    return status.available
      ? { healthy: true, message: `ffmpeg found: ${status.path}`, ffmpegPath: status.path }
      : { healthy: false, message: status.reason, ffmpegPath: null };
  },
});
