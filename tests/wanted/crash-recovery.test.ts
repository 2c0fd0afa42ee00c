import { afterAll, afterEach, beforeAll, expect, test } from "bun:test";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { type FakeGestdown, startFakeGestdown } from "../fakes/gestdown.ts";
import { type FakeSonarr, startFakeSonarr } from "../fakes/sonarr.ts";
import { pollUntil } from "../support/poll.ts";
import { type ServerProcess, spawnSourceServer } from "../support/process.ts";
import { type Json, TEST_API_KEY } from "../support/runtime.ts";

const root = mkdtempSync(join(tmpdir(), "subhound-crash-"));
const data = join(root, "data");
const media = join(root, "media");
let sonarr: FakeSonarr;
let gestdown: FakeGestdown;
const servers: ServerProcess[] = [];

beforeAll(async () => {
  sonarr = await startFakeSonarr({ apiKey: "k" });
  gestdown = await startFakeGestdown();
  const show = sonarr.addSeries({
    title: "Breaking Bad",
    path: "/tv/Breaking Bad",
    year: 2008,
    tvdbId: 81189,
  });
  const file = sonarr.addEpisodeFile(show.id, {
    season: 1,
    episodes: [1],
    sceneName: "Breaking.Bad.S01E01.720p-GRP",
  });
  const video = join(media, "Breaking Bad", file.relativePath);
  mkdirSync(dirname(video), { recursive: true });
  copyFileSync(join(import.meta.dir, "../fixtures/media/mkv-no-subs.mkv"), video);
  gestdown.shows.set(81189, { id: "bb", name: "Breaking Bad" });
  gestdown.subtitles.push({
    subtitleId: "s1",
    tvdbId: 81189,
    season: 1,
    episode: 1,
    language: "German",
    version: "720p-GRP",
    content: "1\n00:00:01,000 --> 00:00:02,000\nHallo\n",
  });
  mkdirSync(data, { recursive: true });
  writeFileSync(
    join(data, "config.toml"),
    [
      'languages = ["de"]',
      "[[sonarr]]",
      'name = "main"',
      `url = "${sonarr.url}"`,
      'apiKey = "k"',
      "retries = 0",
      "[[pathMappings]]",
      'from = "/tv"',
      `to = "${media}"`,
      "[providers.gestdown]",
      "enabled = true",
      `baseUrl = "${gestdown.url}"`,
      "",
    ].join("\n"),
  );
});
afterEach(async () => {
  for (const server of servers.splice(0)) if (server.proc.exitCode === null) await server.stop();
});
afterAll(async () => {
  await sonarr.stop();
  await gestdown.stop();
  rmSync(root, { recursive: true, force: true });
});

async function start(): Promise<ServerProcess> {
  const server = await spawnSourceServer({ cwd: root, dataDir: data, apiKey: TEST_API_KEY });
  servers.push(server);
  return server;
}

const api = async (server: ServerProcess, path: string, method = "GET") => {
  const res = await fetch(`${server.url}/api/v1${path}`, { method, headers: { "X-Api-Key": TEST_API_KEY } });
  const body: Json = await res.json().catch(() => ({}));
  return { status: res.status, body };
};

test("a search killed with SIGKILL mid-download: after a restart nothing is left searching, and the run is interrupted", async () => {
  const first = await start();
  // A first start scans at once; asking again while that runs is a 409 naming it.
  expect([202, 409]).toContain((await api(first, "/wanted/scan", "POST")).status);
  await pollUntil(
    () => api(first, "/wanted/scan"),
    (r) => r.body.status === "succeeded",
  );
  gestdown.stallDownloads = true;
  expect((await api(first, "/wanted/search", "POST")).status).toBe(202);
  await pollUntil(
    async () => gestdown.requests.some((r) => r.path.startsWith("/subtitles/download/")),
    (downloading) => downloading,
  );
  const during = await api(first, "/wanted?status=all");
  expect(during.body.items.map((i: { status: string }) => i.status)).toEqual(["searching"]);

  first.proc.kill("SIGKILL");
  expect(await first.proc.exited).not.toBe(0);
  gestdown.stallDownloads = false;

  const second = await start();
  const after = await api(second, "/wanted?status=all");
  expect(after.body.items.map((i: { status: string; attempts: number }) => [i.status, i.attempts])).toEqual([
    ["wanted", 0],
  ]);
  const run = await api(second, "/wanted/search");
  expect(run.body).toMatchObject({ status: "interrupted", current: null });
  expect(run.body.finishedAt).not.toBeNull();

  // The freed item is searched again at once, not after the 15-minute lease.
  expect((await api(second, "/wanted/search", "POST")).status).toBe(202);
  const done = await pollUntil(
    () => api(second, "/wanted/search"),
    (r) => r.body.status !== "running" && r.body.status !== "interrupted",
  );
  expect(done.body).toMatchObject({ status: "succeeded", found: 1 });
}, 60_000);
