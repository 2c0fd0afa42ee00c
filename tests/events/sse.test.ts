import { afterEach, describe, expect, test } from "bun:test";
import type { EventBus } from "../../src/events/bus.ts";
import { type FakeSonarr, startFakeSonarr } from "../fakes/sonarr.ts";
import { TEST_API_KEY } from "../support/runtime.ts";
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
    hh.runtime.deps.events.publish({ type: "item.status", data: { id: 4, status: "found" } });
    let frame = await stream.next();
    while (frame.comment) frame = await stream.next();
    expect(frame).toEqual({ id: "1", event: "item.status", data: '{"id":4,"status":"found"}' });
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
