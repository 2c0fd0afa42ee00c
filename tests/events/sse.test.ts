import { afterEach, describe, expect, test } from "bun:test";
import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppDeps, AppEnv } from "../../src/app.ts";
import { deleteSession, insertSession } from "../../src/auth/session-store.ts";
import { SESSION_COOKIE } from "../../src/auth/sessions.ts";
import type { EventBus } from "../../src/events/bus.ts";
import { createEventsRouter, type EventsRouterOptions } from "../../src/events/sse.routes.ts";
import { sha256Text } from "../../src/hash.ts";
import type { Runtime } from "../../src/server.ts";
import { type FakeSonarr, startFakeSonarr } from "../fakes/sonarr.ts";
import { request, TEST_API_KEY, testRuntime } from "../support/runtime.ts";
import { createHarness, type Harness } from "../webhooks/harness.ts";

interface Frame {
  id?: string;
  event?: string;
  data?: string;
  comment?: string;
}

/** Reads SSE frames off a fetch body, one at a time. */
function frames(body: ReadableStream<Uint8Array>) {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  return {
    async next(): Promise<Frame> {
      for (;;) {
        const end = buffer.indexOf("\n\n");
        if (end >= 0) {
          const raw = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          // The hello every stream opens with (it makes the server send its headers at once).
          if (raw === ": connected") continue;
          const frame: Frame = {};
          for (const line of raw.split("\n")) {
            if (line.startsWith(":")) frame.comment = line.slice(1).trim();
            else {
              const colon = line.indexOf(":");
              const field = line.slice(0, colon) as "id" | "event" | "data";
              frame[field] = line.slice(colon + 1).replace(/^ /, "");
            }
          }
          return frame;
        }
        const chunk = await reader.read();
        if (chunk.done) throw new Error("stream ended");
        buffer += decoder.decode(chunk.value, { stream: true });
      }
    },
    cancel: () => reader.cancel(),
  };
}

/** The bus, counting live subscriptions; `unsubscribed` resolves when one ends. */
function countingBus(bus: EventBus) {
  let live = 0;
  let onUnsubscribe: () => void = () => {};
  const counted: EventBus & { live(): number; unsubscribed(): Promise<void> } = {
    publish: (e) => bus.publish(e),
    since: (id) => bus.since(id),
    resume: (id) => bus.resume(id),
    close: () => bus.close(),
    onClose: (listener) => bus.onClose(listener),
    subscribe(listener) {
      live++;
      const off = bus.subscribe(listener);
      let done = false;
      return () => {
        if (done) return;
        done = true;
        live--;
        off();
        onUnsubscribe();
      };
    },
    live: () => live,
    unsubscribed: () => new Promise<void>((r) => (onUnsubscribe = r)),
  };
  return counted;
}

let sonarr: FakeSonarr | undefined;
let h: Harness | undefined;
let server: ReturnType<typeof Bun.serve> | undefined;
afterEach(async () => {
  await server?.stop(true);
  await h?.close();
  await sonarr?.stop();
  server = h = sonarr = undefined;
});

function harness(...args: Parameters<typeof createHarness>) {
  h = createHarness(...args);
  return h;
}

function serve(hh: Harness) {
  server = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: (r) => hh.app.fetch(r) });
  return (headers: Record<string, string> = {}) =>
    fetch(`http://127.0.0.1:${server!.port}/api/v1/events`, {
      headers: { "X-Api-Key": TEST_API_KEY, ...headers },
    });
}

describe("GET /events", () => {
  test("streams scan progress while a scan runs, resumes with Last-Event-ID, unsubscribes on disconnect", async () => {
    sonarr = await startFakeSonarr({ apiKey: "k" });
    const show = sonarr.addSeries({ title: "Breaking Bad", path: "/tv/Breaking Bad" });
    for (const e of [1, 2, 3]) sonarr.addEpisodeFile(show.id, { season: 1, episodes: [e] });
    let bus!: ReturnType<typeof countingBus>;
    const hh = harness(
      { sonarr: [{ name: "main", url: sonarr.url, apiKey: "k", retries: 0 }] },
      { heartbeatMs: 5, events: (b) => (bus = countingBus(b)) },
    );
    const connect = serve(hh);

    const res = await connect();
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toStartWith("text/event-stream");
    const stream = frames(res.body!);
    // The first heartbeat proves the stream is subscribed before the scan starts.
    expect((await stream.next()).comment).toBe("heartbeat");
    expect(bus.live()).toBe(1);

    const started = hh.runtime.deps.scanner.start({ mode: "full", trigger: "api" });
    if (!started.ok) throw new Error("scan busy");
    const received: { id: number; data: { scanId: number; status: string; phase: string } }[] = [];
    for (;;) {
      const f = await stream.next();
      if (f.comment) continue;
      expect(f.event).toBe("scan.progress");
      const data = JSON.parse(f.data!);
      received.push({ id: Number(f.id), data });
      if (data.status !== "running") break;
    }
    await started.done;
    expect(received.at(-1)!.data).toMatchObject({ scanId: started.scanId, status: "succeeded" });
    expect(received.length).toBeGreaterThan(2);
    expect(received.map((r) => r.id)).toEqual([...received.map((r) => r.id)].sort((a, b) => a - b));

    const gone = bus.unsubscribed();
    await stream.cancel();
    await gone;
    expect(bus.live()).toBe(0);

    // Missed while disconnected: everything after the event the client saw in the middle.
    const seen = received[1]!.id;
    hh.runtime.deps.events.publish({ type: "job.run", data: { job: "maintenance" } });
    const resumed = frames((await connect({ "Last-Event-ID": String(seen) })).body!);
    const replayed: string[] = [];
    const lastId = hh.runtime.deps.events.since(0).at(-1)!.id;
    for (;;) {
      const f = await resumed.next();
      if (f.comment) continue;
      replayed.push(f.id!);
      if (Number(f.id) === lastId) {
        expect(f.event).toBe("job.run");
        expect(JSON.parse(f.data!)).toEqual({ job: "maintenance" });
        break;
      }
    }
    const expected = hh.runtime.deps.events.since(seen).map((e) => String(e.id));
    expect(replayed).toEqual(expected);
    await resumed.cancel();
  });

  test("sends a heartbeat comment at the injected interval and live events in between", async () => {
    const hh = harness({}, { heartbeatMs: 2 });
    const res = await hh.app.fetch(
      new Request("http://subhound.test/api/v1/events", { headers: { "X-Api-Key": TEST_API_KEY } }),
    );
    const stream = frames(res.body!);
    expect(await stream.next()).toEqual({ comment: "heartbeat" });
    const { id } = hh.runtime.deps.events.publish({ type: "item.status", data: { id: 4, status: "found" } });
    let frame = await stream.next();
    while (frame.comment) frame = await stream.next();
    expect(frame).toEqual({ id: String(id), event: "item.status", data: '{"id":4,"status":"found"}' });
    expect(await stream.next()).toEqual({ comment: "heartbeat" });
    await stream.cancel();
  });

  test("a malformed Last-Event-ID is 400", async () => {
    const hh = harness({});
    const res = await hh.app.fetch(
      new Request("http://subhound.test/api/v1/events", { headers: { "Last-Event-ID": "abc" } }),
    );
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toStartWith("application/problem+json");
  });
});

const runtimes: Runtime[] = [];
afterEach(async () => {
  for (const rt of runtimes.splice(0)) await rt.close();
});

function runtime() {
  const rt = testRuntime();
  runtimes.push(rt);
  return rt;
}

/** The events router alone over a runtime's deps, with router options the full app does not take. */
function eventsApp(rt: Runtime, options: EventsRouterOptions, events: EventBus = rt.deps.events) {
  const app = new OpenAPIHono<AppEnv>();
  const deps = { ...rt.deps, events } as AppDeps;
  app.use(async (c, next) => {
    c.set("deps", deps);
    await next();
  });
  app.route("/api/v1", createEventsRouter(options));
  return (headers: Record<string, string> = { "X-Api-Key": TEST_API_KEY }) =>
    app.fetch(new Request("http://subhound.test/api/v1/events", { headers }));
}

/** The next event frame, skipping comments; null when the stream ends first. */
async function nextEvent(stream: ReturnType<typeof frames>): Promise<Frame | null> {
  for (;;) {
    let f: Frame;
    try {
      f = await stream.next();
    } catch {
      return null;
    }
    if (!f.comment) return f;
  }
}

describe("GET /events across restarts, slow clients and ended credentials", () => {
  test("a tab that reconnects to a restarted server is told to resync, then gets every new event", async () => {
    const before = runtime();
    let lastSeen = 0;
    for (let i = 0; i < 3; i++) lastSeen = before.deps.events.publish({ type: "job.run", data: { i } }).id;
    // The new process starts at the same (manual) time, the worst case for its ids.
    const after = runtime();
    const stream = frames(
      (await eventsApp(after, {})({ "X-Api-Key": TEST_API_KEY, "Last-Event-ID": String(lastSeen) })).body!,
    );
    const resync = await nextEvent(stream);
    expect(resync?.event).toBe("resync");
    expect(JSON.parse(resync!.data!)).toEqual({ reason: "the server restarted since that event" });
    const published = after.deps.events.publish({ type: "item.status", data: { id: 9, status: "found" } });
    expect(await nextEvent(stream)).toEqual({
      id: String(published.id),
      event: "item.status",
      data: '{"id":9,"status":"found"}',
    });
    await stream.cancel();
  });

  test("a client further behind than the replay buffer is told to resync instead of silently missing events", async () => {
    const rt = runtime();
    const first = rt.deps.events.publish({ type: "job.run", data: { i: 0 } }).id;
    let last = first;
    for (let i = 1; i < 300; i++) last = rt.deps.events.publish({ type: "job.run", data: { i } }).id;
    const stream = frames(
      (await eventsApp(rt, {})({ "X-Api-Key": TEST_API_KEY, "Last-Event-ID": String(first) })).body!,
    );
    const resync = await nextEvent(stream);
    expect(resync).toMatchObject({ event: "resync", id: String(last) });
    const next = rt.deps.events.publish({ type: "job.run", data: { i: 300 } });
    expect((await nextEvent(stream))?.id).toBe(String(next.id));
    await stream.cancel();
  });

  test("a client that stops reading is cut off at the cap instead of queueing events without end", async () => {
    const rt = runtime();
    const bus = countingBus(rt.deps.events);
    const res = await eventsApp(rt, { maxQueued: 5 }, bus)();
    expect(bus.live()).toBe(1);
    // Nothing reads the body meanwhile.
    for (let i = 0; i < 50; i++) bus.publish({ type: "job.run", data: { i } });
    expect(bus.live()).toBe(0);
    // What it then reads ends: its EventSource reconnects with the last id it got.
    const stream = frames(res.body!);
    let received = 0;
    while ((await nextEvent(stream)) !== null) received++;
    expect(received).toBeLessThanOrEqual(5);
  });

  test("tells nginx not to buffer the stream (else events wait until its buffer fills)", async () => {
    const res = await request(runtime(), "/api/v1/events");
    expect(res.headers.get("content-type")).toStartWith("text/event-stream");
    expect(res.headers.get("x-accel-buffering")).toBe("no");
    await res.body!.cancel();
  });

  test("a stream opened with an API key ends when the key is regenerated", async () => {
    const rt = runtime();
    const stream = frames((await request(rt, "/api/v1/events")).body!);
    const seen = rt.deps.events.publish({ type: "job.run", data: { n: 1 } });
    expect((await nextEvent(stream))?.id).toBe(String(seen.id));
    rt.deps.apiKey = "regenerated-key-0123456789";
    rt.deps.events.publish({ type: "job.run", data: { n: 2 } });
    expect(await nextEvent(stream)).toBeNull();
  });

  test("a stream opened by a signed-in browser ends when its session does (logout)", async () => {
    const rt = runtime();
    const token = "browser-session-token";
    const now = rt.clock.now();
    insertSession(rt.deps.db, {
      tokenHash: sha256Text(token),
      username: "admin",
      createdAt: now.toISOString(),
      lastSeenAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + 86_400_000).toISOString(),
      userAgent: null,
      address: null,
    });
    const res = await eventsApp(rt, {})({ Cookie: `${SESSION_COOKIE}=${token}` });
    const stream = frames(res.body!);
    const seen = rt.deps.events.publish({ type: "job.run", data: { n: 1 } });
    expect((await nextEvent(stream))?.id).toBe(String(seen.id));
    deleteSession(rt.deps.db, sha256Text(token));
    rt.clock.advance(1000);
    rt.deps.events.publish({ type: "job.run", data: { n: 2 } });
    expect(await nextEvent(stream)).toBeNull();
  });
});
