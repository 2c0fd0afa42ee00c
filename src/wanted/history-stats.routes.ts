import { createRoute, z } from "@hono/zod-openapi";
import type { Clock } from "../clock.ts";
import type { DbHandle } from "../db/client.ts";
import { problems } from "../http/problem.ts";
import { createRouter } from "../http/router.ts";
import { downloadsPerDay } from "./history-store.ts";

export interface HistoryStatsRouteDeps {
  db: DbHandle;
  clock: Clock;
}

const DailyDownloadsSchema = z
  .object({
    days: z.array(
      z.object({
        date: z.string().openapi({ description: "UTC day", example: "2026-11-24" }),
        downloaded: z.number().int().openapi({
          description:
            "Downloaded from providers: automatic, picked by hand, replacements and upgrades (not uploads, extractions, syncs or fixes, nor Bazarr's imported downloads)",
        }),
        translated: z.number().int(),
        transcribed: z.number().int(),
      }),
    ),
  })
  .openapi("DailyDownloads");

const daily = createRoute({
  method: "get",
  path: "/history/daily",
  operationId: "getDownloadsPerDay",
  tags: ["Search"],
  summary: "Subtitles saved per day",
  description: "One entry per UTC day, oldest first, ending today; days without downloads count 0.",
  request: {
    query: z.object({
      days: z.coerce.number().int().min(1).max(365).default(30).openapi({ example: 30 }),
    }),
  },
  responses: {
    200: {
      description: "Counts per day",
      content: {
        "application/json": {
          schema: DailyDownloadsSchema,
          example: {
            days: [
              { date: "2026-11-23", downloaded: 12, translated: 1, transcribed: 0 },
              { date: "2026-11-24", downloaded: 4, translated: 0, transcribed: 1 },
            ],
          },
        },
      },
    },
    ...problems(400, 401),
  },
});

export const historyStatsRouter = createRouter<HistoryStatsRouteDeps>().openapi(daily, (c) => {
  const { db, clock } = c.get("deps");
  return c.json({ days: downloadsPerDay(db.db, clock.now(), c.req.valid("query").days) }, 200);
});
