import { createRoute, z } from "@hono/zod-openapi";
import { NOTIFICATION_EVENTS, type NotifierConfig, notifierSchema } from "../config/notifications.ts";
import { isSecretKey, redactUrlUserinfo } from "../config/redact.ts";
import type { Config } from "../config/schema.ts";
import { ApiError, problems } from "../http/problem.ts";
import { createRouter } from "../http/router.ts";
import type { Notifications } from "./dispatcher.ts";

export interface NotificationsRouteDeps {
  notifications: Notifications;
  config: Config;
}

const TYPES = notifierSchema.options.map((o) => o.shape.type.value);
const EVENT_KINDS = [...NOTIFICATION_EVENTS, "test"] as const;

const ResultSchema = z
  .object({
    at: z.string().openapi({ example: "2026-11-24T10:00:00.000Z" }),
    event: z.enum(EVENT_KINDS),
    ok: z.boolean(),
    status: z
      .number()
      .int()
      .nullable()
      .openapi({ description: "The service's HTTP status (SMTP reply code for email); null when none came" }),
    message: z
      .string()
      .openapi({ description: "What the service answered, or why nothing arrived; never a secret" }),
    attempts: z.number().int(),
  })
  .openapi("NotificationResult");

const NotifierSchema = z
  .object({
    name: z.string(),
    type: z.enum(TYPES),
    enabled: z.boolean(),
    events: z.array(z.enum(NOTIFICATION_EVENTS)),
    settings: z
      .record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.array(z.string())]))
      .openapi({ description: "The notifier's other settings, secrets left out" }),
    secrets: z
      .record(z.string(), z.enum(["set", "unset"]))
      .openapi({ description: "Each secret setting of this type: whether it is set (never its value)" }),
    queued: z.number().int(),
    sent: z.number().int(),
    failed: z.number().int(),
    dropped: z.number().int().openapi({ description: "Messages dropped because the queue was full" }),
    lastResult: ResultSchema.nullable(),
  })
  .openapi("Notifier");

const TestResultSchema = ResultSchema.extend({
  name: z.string(),
  type: z.enum(TYPES),
  latencyMs: z.number().int().openapi({ description: "Wall time of the test" }),
}).openapi("NotificationTestResult");

const list = createRoute({
  method: "get",
  path: "/notifications",
  operationId: "listNotifiers",
  tags: ["Notifications"],
  summary: "Configured notifiers and how their last message went",
  description:
    "Every `[[notifications]]` table: type, whether enabled, which events it sends, its settings without secrets, which secrets are set, counters since start and the last result (a Test included).",
  responses: {
    200: {
      description: "The notifiers, in config order",
      content: {
        "application/json": {
          schema: z.array(NotifierSchema),
          example: [
            {
              name: "phone",
              type: "ntfy",
              enabled: true,
              events: ["download", "failure", "health"],
              settings: { url: "https://ntfy.sh", topic: "subhound-alerts", timeoutMs: 10000 },
              secrets: { token: "set", password: "unset" },
              queued: 0,
              sent: 12,
              failed: 1,
              dropped: 0,
              lastResult: {
                at: "2026-11-24T10:00:00.000Z",
                event: "download",
                ok: true,
                status: 200,
                message: "published as message hwQ2YpKdmg6p",
                attempts: 1,
              },
            },
          ],
        },
      },
    },
    ...problems(401),
  },
});

const test = createRoute({
  method: "post",
  path: "/notifications/{name}/test",
  operationId: "testNotifier",
  tags: ["Notifications"],
  summary: "Send a test message",
  description:
    "Sends one test message now, once (no retry), also while the notifier is disabled, and answers what the service said, scrubbed of secrets. 200 either way: `ok` says how it went. 404 for an unknown name.",
  request: {
    params: z.object({
      name: z
        .string()
        .min(1)
        .openapi({ param: { name: "name", in: "path" }, example: "phone" }),
    }),
  },
  responses: {
    200: {
      description: "The test ran",
      content: {
        "application/json": {
          schema: TestResultSchema,
          example: {
            name: "chat",
            type: "telegram",
            at: "2026-11-24T10:00:00.000Z",
            event: "test",
            ok: false,
            status: 401,
            message: "HTTP 401: Unauthorized",
            attempts: 1,
            latencyMs: 184,
          },
        },
      },
    },
    ...problems(401, 404),
  },
});

/** Settings without secrets; URLs lose their userinfo. */
function publicSettings(config: NotifierConfig) {
  const settings: Record<string, string | number | boolean | string[]> = {};
  for (const [key, value] of Object.entries(config)) {
    if (["name", "type", "enabled", "events"].includes(key) || isSecretKey(key) || value === undefined)
      continue;
    settings[key] =
      typeof value === "string" ? redactUrlUserinfo(value) : (value as number | boolean | string[]);
  }
  return settings;
}

function secretsOf(config: NotifierConfig) {
  const variant = notifierSchema.options.find((o) => o.shape.type.value === config.type)!;
  const values = config as Record<string, unknown>;
  return Object.fromEntries(
    Object.keys(variant.shape)
      .filter(isSecretKey)
      .map((key) => [key, values[key] === undefined ? "unset" : "set"] as const),
  );
}

export const notificationsRouter = createRouter<NotificationsRouteDeps>()
  .openapi(list, (c) => {
    const { notifications, config } = c.get("deps");
    const body = notifications.list().map((status) => {
      const entry = config.notifications.find((n) => n.name === status.name)!;
      return { ...status, settings: publicSettings(entry), secrets: secretsOf(entry) };
    });
    return c.json(body, 200);
  })
  .openapi(test, async (c) => {
    const { name } = c.req.valid("param");
    const { notifications } = c.get("deps");
    const result = await notifications.test(name, c.req.raw.signal);
    if (!result) {
      const known = notifications.list().map((n) => n.name);
      throw new ApiError(
        404,
        known.length > 0
          ? `no notifier named "${name}"; configured: ${known.join(", ")}`
          : `no notifier named "${name}": none is configured ([[notifications]] in config.toml)`,
      );
    }
    return c.json({ ...result, name, type: notifications.list().find((n) => n.name === name)!.type }, 200);
  });
