import { afterEach, expect, test } from "bun:test";
import { remoteScan, remoteSearch } from "../../src/cli/remote.ts";
import { type FakeService, startFakeService } from "../fakes/fake-service.ts";

const servers: FakeService[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.stop()));
});

/** A server that answers the start call, then each status poll from `polls` in turn (the last one repeats). */
function fakeServer(start: { status: number; body: unknown }, polls: unknown[]) {
  let poll = 0;
  const server = startFakeService({
    headers: ["x-api-key"],
    route: ({ req }) => {
      if (req.method === "POST") return Response.json(start.body, { status: start.status });
      return Response.json(polls[Math.min(poll++, polls.length - 1)]);
    },
  });
  servers.push(server);
  return {
    url: server.url,
    get seen() {
      return server.requests.map((r) => `${r.method} ${r.path} ${r.headers["x-api-key"]}`);
    },
  };
}

test("a remote scan follows its own run to the end and returns its result", async () => {
  const done = { scanId: 8, status: "succeeded", summary: { filesSeen: 3 }, errors: {} };
  const fake = fakeServer({ status: 202, body: { scanId: 8, mode: "full" } }, [
    { scanId: 7, status: "succeeded" },
    { scanId: 8, status: "running", done: 1, total: 3 },
    done,
  ]);
  const shown: number[] = [];
  const result = await remoteScan({ url: fake.url, apiKey: "k", pollMs: 1 }, { full: true }, (p) =>
    shown.push(p.scanId),
  );
  expect(result).toEqual({ ok: true, progress: done as never });
  expect(shown).toEqual([8, 8]);
  expect(fake.seen[0]).toBe("POST /api/v1/wanted/scan k");
});

test("a refused start and a run that ended unseen are errors, not results", async () => {
  const busy = fakeServer({ status: 409, body: { status: 409, detail: "scan 3 is already running" } }, []);
  expect(await remoteScan({ url: busy.url, apiKey: "k", pollMs: 1 }, {})).toEqual({
    ok: false,
    error: "HTTP 409: scan 3 is already running",
  });
  const overtaken = fakeServer({ status: 202, body: { runId: 4, total: 1 } }, [
    { runId: 5, status: "running" },
    { runId: 5, status: "succeeded" },
  ]);
  expect(await remoteSearch({ url: overtaken.url, apiKey: "k", pollMs: 1 }, {})).toEqual({
    ok: false,
    error: "run 4 ended while a newer one ran; the server's history has its result",
  });
});
