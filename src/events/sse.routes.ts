import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { streamSSE } from "hono/streaming";
import type { Config } from "../config/schema.ts";
import { scrubberFor } from "../config/scrub.ts";
import { problems } from "../http/problem.ts";
import { createRouter } from "../http/router.ts";
import type { EventBus, PublishedEvent } from "./bus.ts";

export interface EventsRouteDeps {
  /** Progress and status changes, streamed at /api/v1/events. */
  events: EventBus;
  /** Whose secrets are scrubbed from every event. */
  config: Config;
  apiKey: string;
  /**
   * For a stream being opened, whether the credentials that open it still hold, asked before each
   * event and heartbeat: a regenerated API key or an ended session (logout) ends the stream.
   * Given by the composition (auth/stream-credentials.ts).
   */
  streamCredentials(c: Context): () => boolean;
}

interface Outgoing {
  id: number;
  event: string;
  data: string;
}

/** Serialized at publish time (scans publish one progress object and keep mutating it), secrets scrubbed. */
const outgoing = (e: PublishedEvent, scrub: (text: string) => string): Outgoing => ({
  id: e.id,
  event: e.event.type,
  data: scrub(JSON.stringify(e.event.data)),
});

export interface EventsRouterOptions {
  /** A comment line this often keeps proxies from closing an idle stream. */
  heartbeatMs?: number;
  /**
   * Events waiting for a client that does not read (a suspended laptop, a stalled connection) are
   * capped: past this many the stream is closed, and the client resumes with Last-Event-ID.
   */
  maxQueued?: number;
}

const eventsRoute = createRoute({
  method: "get",
  path: "/events",
  operationId: "streamEvents",
  tags: ["System"],
  summary: "Stream progress and status events",
  description: `Server-Sent Events: \`id:\` is the event id, \`event:\` its type (scan.progress, search.progress,
item.status, job.started, job.run, webhook.received, subtitle.saved, subtitle.upgraded, item.exhausted, health.changed), \`data:\` its JSON. Reconnect with \`Last-Event-ID\` to receive the
events missed meanwhile (while still in the replay buffer). When they cannot be replayed (the server restarted since,
or more happened than the buffer keeps) the stream starts with \`event: resync\` (\`data: {"reason"}\`): reload what you
show. A \`: heartbeat\` comment arrives every 15 s. Ids keep rising across restarts. A client that stops reading is cut
off once 1,000 events wait for it, and a stream ends when the session or API key that opened it no longer holds.`,
  request: {
    headers: z.object({
      "last-event-id": z
        .string()
        .regex(/^\d+$/)
        .optional()
        .openapi({ description: "The id of the last event received before reconnecting" }),
    }),
  },
  responses: {
    200: {
      description: "An endless event stream",
      content: {
        "text/event-stream": {
          schema: z.string().openapi({
            example:
              'id: 42\nevent: scan.progress\ndata: {"scanId":7,"status":"running","done":3,"total":10}\n\n',
          }),
        },
      },
    },
    ...problems(400, 401),
  },
});

/** `GET /events`; the heartbeat interval is injectable so tests need not wait 15 s. */
export function createEventsRouter(options: EventsRouterOptions = {}) {
  const heartbeatMs = options.heartbeatMs ?? 15_000;
  const maxQueued = options.maxQueued ?? 1000;
  const router = createRouter<EventsRouteDeps>();
  router.openapi(eventsRoute, (c) => {
    const deps = c.get("deps");
    const bus = deps.events;
    // Per event: a reload or a regenerated key changes what must be scrubbed while the stream is open.
    const scrub = (text: string) => scrubberFor(deps.config, deps.apiKey)(text);
    const header = c.req.valid("header")["last-event-id"];
    const signal = c.req.raw.signal;
    const authorized = deps.streamCredentials(c);
    // nginx buffers a proxied response by default, holding events back until its buffer fills.
    c.header("X-Accel-Buffering", "no");
    return streamSSE(
      c,
      async (stream) => {
        const queue: Outgoing[] = [];
        let wake: (() => void) | null = null;
        const notify = () => {
          const w = wake;
          wake = null;
          w?.();
        };
        let closed = false;
        let unsubscribe = () => {};
        const close = () => {
          closed = true;
          unsubscribe();
          notify();
        };
        // Subscribe before reading the replay buffer so nothing published in between is lost.
        unsubscribe = bus.subscribe((e) => {
          if (closed) return;
          if (queue.length >= maxQueued) {
            // The client stopped reading: drop what it has not taken and end the stream (also a write
            // stuck on its connection), so it reconnects and catches up with Last-Event-ID.
            queue.length = 0;
            close();
            stream.abort();
            return;
          }
          queue.push(outgoing(e, scrub));
          notify();
        });
        stream.onAbort(close);
        signal.addEventListener("abort", close, { once: true });
        if (signal.aborted) close();
        // A stopping server ends its streams at once: an open tab would otherwise hold every stop for
        // `server.shutdownTimeoutMs`. The browser reconnects by itself once the server is back.
        const offBusClose = bus.onClose(close);

        // Bun sends the response head with the first body bytes: say hello now, so a client that
        // waits for the headers is not left hanging until the first event.
        await stream.write(": connected\n\n");
        let lastSent = 0;
        if (header !== undefined) {
          const resumed = bus.resume(Number(header));
          if (resumed.resync) {
            // The id moves the client's Last-Event-ID into this server run's range.
            await stream.writeSSE({
              id: String(resumed.resync.lastId),
              event: "resync",
              data: JSON.stringify({ reason: resumed.resync.reason }),
            });
            lastSent = resumed.resync.lastId;
          } else {
            lastSent = Number(header);
            queue.unshift(...resumed.events.map((e) => outgoing(e, scrub)));
          }
        }
        let heartbeatDue = false;
        const timer = setInterval(() => {
          heartbeatDue = true;
          notify();
        }, heartbeatMs);
        try {
          while (!closed) {
            while (queue.length > 0 && !closed) {
              const e = queue.shift()!;
              if (e.id <= lastSent) continue;
              if (!authorized()) close();
              else {
                lastSent = e.id;
                await stream.writeSSE({ id: String(e.id), event: e.event, data: e.data });
              }
            }
            if (heartbeatDue && !closed && !authorized()) close();
            if (heartbeatDue && !closed) {
              heartbeatDue = false;
              await stream.write(": heartbeat\n\n");
            }
            if (closed || queue.length > 0 || heartbeatDue) continue;
            await new Promise<void>((resolve) => {
              wake = resolve;
            });
          }
        } finally {
          clearInterval(timer);
          offBusClose();
          close();
        }
      },
      async () => {},
    ) as never;
  });
  return router;
}

export const eventsRouter = createEventsRouter();
