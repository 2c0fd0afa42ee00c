import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import createClient, { type Client } from "openapi-fetch";
import type { paths } from "../../generated/api-types.d.ts";
import { openDatabase } from "../../src/db/client.ts";
import { type RunningServer, startServer } from "../../src/listen.ts";
import { silentLogger } from "../../src/log.ts";
import type { StreamInspector } from "../../src/media/inspector.ts";
import { createRuntime } from "../../src/server.ts";
import {
  type FakeOpenSubtitles,
  openSubtitlesConfig,
  osSubtitle,
  startFakeOpenSubtitles,
} from "../fakes/opensubtitles.ts";
import { type FakeSonarr, startFakeSonarr } from "../fakes/sonarr.ts";
import { pollUntil } from "../support/poll.ts";
import { TEST_API_KEY, testConfig } from "../support/runtime.ts";

/**
 * The server driven only through the client generated from openapi.json (generated/api-types.d.ts +
 * openapi-fetch): every call below type-checks against the spec, so a route that changes its shape
 * breaks `tsc`, and a response that strays from its declared status or media type fails here.
 */

const noStreams: StreamInspector = {
  inspect: async () => ({ ok: true, streams: [], cached: false, mtimeMs: null }),
};
const PROBLEM = "application/problem+json";

let sonarr: FakeSonarr;
let os: FakeOpenSubtitles;
let server: RunningServer;
let runtime: ReturnType<typeof createRuntime>;
let media: string;
let video: string;
let api: Client<paths>;
let anonymous: Client<paths>;

beforeAll(async () => {
  sonarr = await startFakeSonarr({ apiKey: "sonarr-key" });
  os = await startFakeOpenSubtitles();
  media = mkdtempSync(join(tmpdir(), "subhound-client-"));
  const show = sonarr.addSeries({
    title: "Breaking Bad",
    path: "/tv/Breaking Bad",
    year: 2008,
    imdbId: "tt0903747",
  });
  const file = sonarr.addEpisodeFile(show.id, {
    season: 1,
    episodes: [1],
    sceneName: "Breaking.Bad.S01E01.1080p.BluRay.x264-ROVERS",
  });
  video = join(media, "Breaking Bad", file.relativePath);
  mkdirSync(dirname(video), { recursive: true });
  writeFileSync(video, "video");
  os.subtitles.push(osSubtitle(4467084, { language: "de" }), osSubtitle(4467085, { language: "de" }));
  os.files.set(4467084, "1\n00:00:01,000 --> 00:00:02,000\nIch heiße Walter Hartwell White.\n");
  os.files.set(4467085, "1\n00:00:01,000 --> 00:00:02,000\nIch bin Walter White.\n");

  runtime = createRuntime(
    testConfig({
      server: { host: "127.0.0.1", port: 0 },
      languages: ["de"],
      sonarr: [{ name: "main", url: sonarr.url, apiKey: "sonarr-key", retries: 0 }],
      pathMappings: [{ from: "/tv", to: media }],
      providers: {
        opensubtitles: openSubtitlesConfig(os),
      },
    }),
    { log: silentLogger, db: openDatabase({ path: ":memory:" }), inspector: noStreams },
  );
  server = startServer(runtime);
  api = createClient<paths>({ baseUrl: server.url, headers: { "X-Api-Key": TEST_API_KEY } });
  anonymous = createClient<paths>({ baseUrl: server.url });
});

afterAll(async () => {
  await server?.shutdown("test done");
  await sonarr?.stop();
  await os?.stop();
  if (media) rmSync(media, { recursive: true, force: true });
});

function expectProblem(response: Response, error: { status?: number } | undefined, status: number) {
  expect(response.status).toBe(status);
  expect(response.headers.get("content-type")).toStartWith(PROBLEM);
  expect(error).toMatchObject({ status });
}

async function scanned(): Promise<number> {
  const started = await api.POST("/api/v1/wanted/scan", { body: { full: true } });
  expect(started.response.status).toBe(202);
  const scanId = started.data!.scanId;
  const done = await pollUntil(
    async () => (await api.GET("/api/v1/wanted/scan")).data,
    (p) => p?.scanId === scanId && p.status !== "running",
  );
  expect(done).toMatchObject({ status: "succeeded", mode: "full" });
  const list = await api.GET("/api/v1/wanted", { params: { query: { status: "all" } } });
  return list.data!.items[0]!.id;
}

test("Health: liveness without a key, readiness with every subsystem", async () => {
  const live = await anonymous.GET("/api/v1/health");
  expect(live.response.status).toBe(200);
  expect(live.data).toBeDefined();

  const ready = await api.GET("/api/v1/health/detailed", { params: { query: { fresh: "true" } } });
  expect([200, 503]).toContain(ready.response.status);
  // The 503 body is the same report (declared as application/json, not a problem).
  const report = (ready.data ?? ready.error) as { subsystems: Record<string, { healthy: boolean }> };
  expect(Object.keys(report.subsystems)).toHaveLength(12);
});

test("System: status needs the key; 401 is a problem", async () => {
  const status = await api.GET("/api/v1/system/status");
  expect(status.response.status).toBe(200);
  expect(status.data!.database).toMatchObject({ schemaVersion: expect.stringMatching(/^\d{4}_/) });

  const denied = await anonymous.GET("/api/v1/system/status");
  expectProblem(denied.response, denied.error, 401);
  const wanted = await anonymous.GET("/api/v1/wanted");
  expectProblem(wanted.response, wanted.error, 401);
});

test("Wanted: scan, scan status, cancel, list, summary, get, patch, delete; 400 and 404 as problems", async () => {
  const id = await scanned();

  const idle = await api.POST("/api/v1/wanted/scan/cancel");
  expectProblem(idle.response, idle.error, 409);

  const summary = await api.GET("/api/v1/wanted/summary");
  expect(summary.response.status).toBe(200);
  expect(summary.data).toBeDefined();

  const item = await api.GET("/api/v1/wanted/{id}", { params: { path: { id } } });
  expect(item.data).toMatchObject({ id, status: "wanted", language: "de", path: video });

  const ignored = await api.PATCH("/api/v1/wanted/{id}", {
    params: { path: { id } },
    body: { ignored: true },
  });
  expect(ignored.data).toMatchObject({ id, status: "ignored" });
  const back = await api.PATCH("/api/v1/wanted/{id}", { params: { path: { id } }, body: { ignored: false } });
  expect(back.data).toMatchObject({ id, status: "wanted" });

  const unknown = await api.GET("/api/v1/wanted/{id}", { params: { path: { id: 999_999 } } });
  expectProblem(unknown.response, unknown.error, 404);
  const invalid = await api.PATCH("/api/v1/wanted/{id}", {
    params: { path: { id } },
    body: { ignored: "yes" } as unknown as { ignored: boolean },
  });
  expectProblem(invalid.response, invalid.error, 400);
  const badQuery = await api.GET("/api/v1/wanted", {
    params: { query: { status: "bogus" as "all" } },
  });
  expectProblem(badQuery.response, badQuery.error, 400);

  const removed = await api.DELETE("/api/v1/wanted/{id}", { params: { path: { id } } });
  expect(removed.response.status).toBe(204);
  const gone = await api.GET("/api/v1/wanted/{id}", { params: { path: { id } } });
  expectProblem(gone.response, gone.error, 404);
});

test("Search: interactive search, download, run, status, cancel, providers, history and blacklist", async () => {
  const id = await scanned();

  const interactive = await api.POST("/api/v1/wanted/{id}/search", { params: { path: { id } } });
  expect(interactive.response.status).toBe(200);
  const candidates = interactive.data!.candidates;
  expect(candidates.map((c) => c.id).sort()).toEqual(["4467084", "4467085"]);

  const blacklisted = await api.POST("/api/v1/blacklist", {
    body: { provider: "opensubtitles", candidateId: "4467085", reason: "out of sync" },
  });
  expect(blacklisted.response.status).toBe(201);
  expect(blacklisted.data).toMatchObject({ provider: "opensubtitles", candidateId: "4467085" });
  const blacklist = await api.GET("/api/v1/blacklist");
  expect(blacklist.data!.map((b) => b.candidateId)).toEqual(["4467085"]);

  const downloaded = await api.POST("/api/v1/wanted/{id}/download", {
    params: { path: { id } },
    body: { provider: "opensubtitles", candidateId: "4467084" },
  });
  expect(downloaded.response.status).toBe(200);
  expect(readFileSync(video.replace(/\.mkv$/, ".de.srt"), "utf8")).toContain("Ich heiße Walter");
  const missing = await api.POST("/api/v1/wanted/{id}/download", {
    params: { path: { id: 999_999 } },
    body: { provider: "opensubtitles", candidateId: "4467084" },
  });
  expectProblem(missing.response, missing.error, 404);

  const run = await api.POST("/api/v1/wanted/search", { body: {} });
  expect(run.response.status).toBe(202);
  const runId = run.data!.runId;
  const finished = await pollUntil(
    async () => (await api.GET("/api/v1/wanted/search")).data,
    (r) => r?.runId === runId && r.status !== "running",
  );
  expect(finished).toMatchObject({ runId, status: "succeeded" });
  const cancel = await api.POST("/api/v1/wanted/search/cancel");
  expectProblem(cancel.response, cancel.error, 409);

  const providers = await api.GET("/api/v1/providers");
  expect(providers.data![0]).toMatchObject({ name: "opensubtitles" });
  const history = await api.GET("/api/v1/history");
  expect(history.data!.items[0]).toMatchObject({ provider: "opensubtitles", candidateId: "4467084" });

  const entry = blacklisted.data!.id;
  const unlisted = await api.DELETE("/api/v1/blacklist/{id}", { params: { path: { id: entry } } });
  expect(unlisted.response.status).toBe(204);
  const again = await api.DELETE("/api/v1/blacklist/{id}", { params: { path: { id: entry } } });
  expectProblem(again.response, again.error, 404);
  const invalid = await api.POST("/api/v1/blacklist", {
    body: { provider: "nowhere" as "opensubtitles", candidateId: "" },
  });
  expectProblem(invalid.response, invalid.error, 400);
});

test("Profiles: default and overrides, put, get, delete", async () => {
  const profiles = await api.GET("/api/v1/profiles");
  expect(profiles.data).toMatchObject({ default: expect.anything(), overrides: [] });

  const put = await api.PUT("/api/v1/profiles/overrides", {
    body: { instance: "main", kind: "series", arrId: 1, override: { languages: ["en", "de"] } },
  });
  expect(put.response.status).toBe(200);
  const id = put.data!.id;
  const got = await api.GET("/api/v1/profiles/overrides/{id}", { params: { path: { id } } });
  expect(got.data).toMatchObject({ id, instance: "main", kind: "series", arrId: 1 });
  expect((await api.GET("/api/v1/profiles")).data!.overrides).toHaveLength(1);

  const removed = await api.DELETE("/api/v1/profiles/overrides/{id}", { params: { path: { id } } });
  expect(removed.response.status).toBe(204);
  const gone = await api.GET("/api/v1/profiles/overrides/{id}", { params: { path: { id } } });
  expectProblem(gone.response, gone.error, 404);
  const invalid = await api.PUT("/api/v1/profiles/overrides", {
    body: { instance: "main", kind: "series", arrId: 1, override: { languages: ["not a language"] } },
  });
  expectProblem(invalid.response, invalid.error, 400);
});

test("Tasks and reload: list, run now, 409 while running, history, 404 unknown; reload", async () => {
  const tasks = await api.GET("/api/v1/tasks");
  expect(tasks.data!.map((t) => t.name).sort()).toEqual([
    "maintenance",
    "subtitle-upgrade",
    "wanted-scan",
    "wanted-search",
  ]);
  const run = await api.POST("/api/v1/tasks/{name}/run", { params: { path: { name: "maintenance" } } });
  expect(run.response.status).toBe(202);
  const unknown = await api.POST("/api/v1/tasks/{name}/run", { params: { path: { name: "nope" } } });
  expectProblem(unknown.response, unknown.error, 404);
  await runtime.deps.scheduler.whenIdle();
  const history = await api.GET("/api/v1/tasks/{name}/history", {
    params: { path: { name: "maintenance" }, query: { limit: 5 } },
  });
  expect(history.data![0]).toMatchObject({ outcome: "succeeded" });
  const notRunning = await api.POST("/api/v1/tasks/{name}/cancel", {
    params: { path: { name: "maintenance" } },
  });
  expectProblem(notRunning.response, notRunning.error, 409);
});

test("Webhooks and translate: a Sonarr Test delivery is accepted; translate without a backend is a 503 problem", async () => {
  const hook = await api.POST("/api/v1/webhooks/sonarr", {
    body: {
      eventType: "Test",
      instanceName: "Sonarr",
      series: { id: 1, title: "Test Title", path: "C:\\testpath", tvdbId: 1234 },
      episodes: [{ id: 123, episodeNumber: 1, seasonNumber: 1, title: "Test title" }],
    },
  });
  expect(hook.response.status).toBe(202);
  expect(hook.data).toMatchObject({ accepted: true, eventType: "Test", action: "test" });
  const id = await scanned();
  const translated = await api.POST("/api/v1/wanted/{id}/translate", { params: { path: { id } } });
  expectProblem(translated.response, translated.error, 503);
});

test("Events: the SSE stream delivers scan progress to a typed client", async () => {
  const controller = new AbortController();
  const stream = await api.GET("/api/v1/events", { parseAs: "stream", signal: controller.signal });
  expect(stream.response.status).toBe(200);
  expect(stream.response.headers.get("content-type")).toStartWith("text/event-stream");
  const reader = (stream.data as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  await scanned();
  let text = "";
  while (!text.includes("event: scan.progress")) {
    const { value, done } = await reader.read();
    if (done) break;
    text += decoder.decode(value);
  }
  controller.abort();
  expect(text).toStartWith(": connected\n\n");
  expect(text).toMatch(/event: scan\.progress\ndata: \{.*\}\nid: \d+\n\n/);
});
