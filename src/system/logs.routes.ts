import { createRoute, z } from "@hono/zod-openapi";
import { problems } from "../http/problem.ts";
import { createRouter } from "../http/router.ts";
import { LOG_LEVELS, type LogBuffer } from "../log-buffer.ts";

export interface LogsRouteDeps {
  /** The recent lines the server's logger kept. */
  logBuffer: LogBuffer;
}

const LevelSchema = z.enum(LOG_LEVELS as ["debug", "info", "warn", "error"]);

const LogEntrySchema = z
  .object({
    seq: z.number().int().openapi({ description: "Increasing per process; page with `before`" }),
    time: z.string(),
    level: LevelSchema,
    component: z.string().nullable().openapi({ description: "The subsystem that logged it, when known" }),
    message: z.string(),
    fields: z.record(z.string(), z.unknown()),
  })
  .openapi("LogEntry");

const LogPageSchema = z
  .object({
    entries: z.array(LogEntrySchema).openapi({ description: "Newest first" }),
    nextBefore: z
      .number()
      .int()
      .nullable()
      .openapi({ description: "Pass as `before` for the next, older page; null at the oldest kept line" }),
    capacity: z.number().int().openapi({ description: "How many lines the server keeps in memory" }),
  })
  .openapi("LogPage");

const list = createRoute({
  method: "get",
  path: "/system/logs",
  operationId: "listLogs",
  tags: ["System"],
  summary: "Recent log lines, newest first",
  description:
    "The last lines the server logged (at or above `log.level`), kept in memory since it started and scrubbed of secrets exactly like the written log. Page to older lines with `before` = the previous page's `nextBefore`.",
  request: {
    query: z.object({
      level: LevelSchema.optional().openapi({
        description: "The least severe level returned (default debug)",
      }),
      limit: z.coerce.number().int().min(1).max(500).default(100),
      before: z.coerce.number().int().min(1).optional(),
      q: z.string().max(200).optional().openapi({
        description:
          "Case-insensitive text in the message, the component, or a field written `key=value` (as the web UI shows it)",
      }),
    }),
  },
  responses: {
    200: {
      description: "A page of log lines",
      content: {
        "application/json": {
          schema: LogPageSchema,
          example: {
            entries: [
              {
                seq: 42,
                time: "2026-11-24T09:00:03.120Z",
                level: "warn",
                component: "providers",
                message: "provider request failed",
                fields: { provider: "podnapisi", error: { name: "TimeoutError", message: "timed out" } },
              },
            ],
            nextBefore: 42,
            capacity: 2000,
          },
        },
      },
    },
    ...problems(400, 401),
  },
});

export const logsRouter = createRouter<LogsRouteDeps>().openapi(list, (c) => {
  const { level, limit, before, q } = c.req.valid("query");
  const buffer = c.get("deps").logBuffer;
  const page = buffer.query({
    limit,
    ...(level ? { level } : {}),
    ...(before ? { before } : {}),
    ...(q ? { text: q } : {}),
  });
  return c.json({ ...page, capacity: buffer.capacity }, 200);
});
