import { afterAll, afterEach, beforeEach, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { manualClock } from "../../src/clock.ts";
import { configSchema } from "../../src/config/schema.ts";
import { type DbHandle, openDatabase } from "../../src/db/client.ts";
import { migrate } from "../../src/db/migrate.ts";
import { createRadarrClient } from "../../src/library/radarr.ts";
import { createSonarrClient } from "../../src/library/sonarr.ts";
import { silentLogger } from "../../src/log.ts";
import type { StreamInspector } from "../../src/media/inspector.ts";
import type { SubtitleStream } from "../../src/media/types.ts";
import { createScanner, type ScanRequest } from "../../src/wanted/scanner.ts";
import { type FakeRadarr, startFakeRadarr } from "../fakes/radarr.ts";
import { type FakeSonarr, startFakeSonarr } from "../fakes/sonarr.ts";
import { subtitleStream } from "../support/subtitle-stream.ts";

const root = mkdtempSync(join(tmpdir(), "subhound-scan-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Streams by local path; a path absent from disk and from this map is "not readable". */
function fakeInspector(streams: Map<string, SubtitleStream[]> = new Map()) {
  const calls: string[] = [];
  const inspector: StreamInspector = {
    async inspect(path) {
      calls.push(path);
      return { ok: true, streams: streams.get(path) ?? [], cached: false, mtimeMs: null };
    },
  };
  return { inspector, calls };
}

const stream = subtitleStream;

interface Env {
  sonarr: FakeSonarr;
  radarr: FakeRadarr;
  db: DbHandle;
  media: string;
  clock: ReturnType<typeof manualClock>;
}

let env: Env;
beforeEach(async () => {
  const media = mkdtempSync(join(root, "media-"));
  const db = openDatabase({ path: ":memory:" });
  migrate(db.sqlite);
  env = {
    sonarr: await startFakeSonarr({ apiKey: "sonarr-key" }),
    radarr: await startFakeRadarr({ apiKey: "radarr-key" }),
    db,
    media,
    clock: manualClock("2026-11-24T10:00:00Z"),
  };
});
afterEach(async () => {
  await env.sonarr.stop();
  await env.radarr.stop();
  env.db.close();
});

function makeScanner(
  options: { languages?: string[]; inspector?: StreamInspector; radarr?: boolean; profile?: object } = {},
) {
  const config = configSchema.parse({
    languages: options.languages ?? ["en"],
    profile: options.profile ?? {},
    sonarr: [{ name: "main", url: env.sonarr.url, apiKey: "sonarr-key", retries: 0, timeoutMs: 2000 }],
    radarr: [{ name: "movies", url: env.radarr.url, apiKey: "radarr-key", retries: 0, timeoutMs: 2000 }],
    pathMappings: [
      { from: "/tv", to: join(env.media, "tv") },
      { from: "/movies", to: join(env.media, "movies") },
    ],
  });
  const sources = [
    createSonarrClient({ instance: config.sonarr[0]!, globalPathMappings: config.pathMappings }),
    ...(options.radarr
      ? [createRadarrClient({ instance: config.radarr[0]!, globalPathMappings: config.pathMappings })]
      : []),
  ];
  return createScanner({
    db: env.db,
    clock: env.clock,
    log: silentLogger,
    config,
    sources,
    inspector: options.inspector ?? fakeInspector().inspector,
  });
}

async function scan(scanner: ReturnType<typeof makeScanner>, request: Partial<ScanRequest> = {}) {
  const started = scanner.start({ mode: "full", trigger: "api", ...request });
  if (!started.ok) throw new Error(`scan ${started.runningScanId} already running`);
  return started.done;
}

function items() {
  return env.db.sqlite
    .query<
      {
        id: number;
        language: string;
        variant: string;
        status: string;
        path: string;
        attempts: number;
        satisfied_by: string | null;
      },
      []
    >(
      `SELECT w.id, w.language, w.variant, w.status, f.path, w.attempts, w.satisfied_by
       FROM wanted_items w JOIN media_files f ON f.id = w.media_file_id ORDER BY f.path, w.language, w.variant`,
    )
    .all();
}

function touch(path: string) {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, "");
}

function localPath(sonarrPath: string) {
  return join(env.media, "tv", sonarrPath.slice("/tv/".length));
}

describe("scanner", () => {
  test("a full scan makes one item per file × language, resolved when a sidecar or stream satisfies it", async () => {
    const show = env.sonarr.addSeries({ title: "Show", path: "/tv/Show" });
    const e1 = env.sonarr.addEpisodeFile(show.id, { season: 1, episodes: [1] });
    const e2 = env.sonarr.addEpisodeFile(show.id, { season: 1, episodes: [2] });
    const p1 = localPath(`/tv/Show/${e1.relativePath}`);
    const p2 = localPath(`/tv/Show/${e2.relativePath}`);
    touch(p1);
    touch(p2);
    touch(p1.replace(/\.mkv$/, ".en.srt"));
    const { inspector } = fakeInspector(new Map([[p2, [stream({ language: "ger", codec: "ass" })]]]));
    const result = await scan(makeScanner({ languages: ["en", "de"], inspector }));
    expect(result.status).toBe("succeeded");
    expect(result.summary).toMatchObject({ mode: "full", filesSeen: 2, added: 2, errors: {} });
    expect(items().map((i) => [i.path === p1 ? "e1" : "e2", i.language, i.status, i.satisfied_by])).toEqual([
      ["e1", "de", "wanted", null],
      [
        "e1",
        "en",
        "resolved",
        `sidecar:${p1
          .split("/")
          .pop()!
          .replace(/\.mkv$/, ".en.srt")}`,
      ],
      ["e2", "de", "resolved", "embedded:2:ass"],
      ["e2", "en", "wanted", null],
    ]);
  });

  test("incremental: a new episode of an existing series is found; unchanged files are not inspected again", async () => {
    const show = env.sonarr.addSeries({ title: "Show", path: "/tv/Show" });
    env.sonarr.addEpisodeFile(show.id, { season: 1, episodes: [1] });
    const { inspector, calls } = fakeInspector();
    const scanner = makeScanner({ inspector });
    await scan(scanner);
    expect(items()).toHaveLength(1);
    const e2 = env.sonarr.addEpisodeFile(show.id, { season: 1, episodes: [2] });
    calls.length = 0;
    env.sonarr.requests.reset();
    const result = await scan(scanner, { mode: "incremental" });
    expect(result.summary).toMatchObject({ mode: "incremental", filesSeen: 2, added: 1 });
    expect(calls).toEqual([localPath(`/tv/Show/${e2.relativePath}`)]);
    expect(env.sonarr.requests.total).toBeLessThanOrEqual(1 + 2);
    expect(items()).toHaveLength(2);
  });

  test("an unchanged incremental re-scan writes no file row; a file held back as missing is seen again", async () => {
    const show = env.sonarr.addSeries({ title: "Show", path: "/tv/Show" });
    for (const e of [1, 2, 3])
      touch(
        localPath(
          `/tv/Show/${env.sonarr.addEpisodeFile(show.id, { season: 1, episodes: [e] }).relativePath}`,
        ),
      );
    const scanner = makeScanner({});
    const first = await scan(scanner);
    expect(first.summary!.phases.store.count).toBe(3);
    const rows = () => env.db.sqlite.query("SELECT * FROM media_files ORDER BY id").all();
    const before = rows();
    env.clock.advance(60_000);
    const again = await scan(scanner, { mode: "incremental" });
    expect(again.summary).toMatchObject({ mode: "incremental", filesSeen: 3, added: 0 });
    expect(again.summary!.phases.store.count).toBe(0);
    // Nothing changed since the items were decided: they are not decided again.
    expect(again.summary!.phases.decide.count).toBe(0);
    expect(rows()).toEqual(before);
    // A removal held back by an earlier full scan is called off when the file is listed again.
    env.db.sqlite.run(
      "UPDATE media_files SET missing_since = '2026-11-20T00:00:00.000Z' WHERE id = (SELECT min(id) FROM media_files)",
    );
    await scan(scanner, { mode: "incremental" });
    expect(env.db.sqlite.query("SELECT missing_since AS m FROM media_files").all()).toEqual([
      { m: null },
      { m: null },
      { m: null },
    ]);
  });

  test("an upgraded file (new id) keeps the item and restarts its search history; a rename keeps it too", async () => {
    const show = env.sonarr.addSeries({ title: "Show", path: "/tv/Show" });
    const file = env.sonarr.addEpisodeFile(show.id, { season: 1, episodes: [1] });
    const { inspector, calls } = fakeInspector();
    const scanner = makeScanner({ inspector });
    await scan(scanner);
    const [before] = items();
    env.db.sqlite.run(
      "UPDATE wanted_items SET status = 'not_found', attempts = 3, retry_after = '2030-01-01T00:00:00Z'",
    );

    const upgraded = env.sonarr.upgradeFile(file.id, { size: 999_999 });
    calls.length = 0;
    await scan(scanner, { mode: "incremental" });
    const [after] = items();
    expect(after!.id).toBe(before!.id);
    expect(after).toMatchObject({ status: "wanted", attempts: 0 });
    expect(calls).toHaveLength(1);

    env.sonarr.renameFile(upgraded.id, "Season 01/Show - S01E01 - Renamed.mkv");
    calls.length = 0;
    const renamed = await scan(scanner, { mode: "incremental" });
    expect(renamed.summary!.added).toBe(0);
    const [final] = items();
    expect(final!.id).toBe(before!.id);
    expect(final!.path).toEndWith("Show - S01E01 - Renamed.mkv");
    expect(calls).toHaveLength(1);
  });

  test("an instance that is down during a full scan loses nothing; ignored items survive rescans", async () => {
    const show = env.sonarr.addSeries({ title: "Show", path: "/tv/Show" });
    env.sonarr.addEpisodeFile(show.id, { season: 1, episodes: [1] });
    env.sonarr.addEpisodeFile(show.id, { season: 1, episodes: [2] });
    const scanner = makeScanner();
    await scan(scanner);
    env.db.sqlite.run(
      "UPDATE wanted_items SET status = 'ignored' WHERE id = (SELECT min(id) FROM wanted_items)",
    );
    await env.sonarr.setMode("down");
    const down = await scan(scanner);
    expect(down.summary!.errors.main).toBeString();
    // Nothing could be listed: a failed scan (the task list shows it red), with the summary kept.
    expect(down.status).toBe("failed");
    expect(down.summary!.removed).toBe(0);
    expect(items().map((i) => i.status)).toEqual(["ignored", "wanted"]);
    await env.sonarr.setMode("up");
    await scan(scanner);
    await scan(scanner, { mode: "incremental" });
    expect(items().map((i) => i.status)).toEqual(["ignored", "wanted"]);
  });

  test("a full scan removes files that vanished from a successful listing; a scoped scan removes nothing else", async () => {
    const a = env.sonarr.addSeries({ title: "A", path: "/tv/A" });
    const b = env.sonarr.addSeries({ title: "B", path: "/tv/B" });
    const fa = env.sonarr.addEpisodeFile(a.id, { season: 1, episodes: [1] });
    const fb = env.sonarr.addEpisodeFile(b.id, { season: 1, episodes: [1] });
    // Eight files that stay: losing 2 of 10 is within scan.maxRemovalShare, so removal is immediate.
    const c = env.sonarr.addSeries({ title: "C", path: "/tv/C" });
    for (let e = 1; e <= 8; e++) env.sonarr.addEpisodeFile(c.id, { season: 1, episodes: [e] });
    const scanner = makeScanner();
    await scan(scanner);
    env.sonarr.deleteFile(fa.id);
    env.sonarr.deleteFile(fb.id);
    const scoped = await scan(scanner, { scope: { seriesId: a.id } });
    expect(scoped.summary!.removed).toBe(0);
    expect(items()).toHaveLength(10);
    env.db.sqlite.run(
      "INSERT INTO probe_cache (path, size, mtime_ms, probe_version, engine, streams_json, probed_at) VALUES ('/gone.mkv', 1, 1, 1, 'native', '[]', 'x')",
    );
    const full = await scan(scanner);
    expect(full.summary).toMatchObject({ removed: 2, heldBack: 0 });
    expect(items()).toHaveLength(8);
    // The probe cache forgets files no library lists any more.
    expect(
      env.db.sqlite.query("SELECT count(*) AS n FROM probe_cache WHERE path = '/gone.mkv'").get(),
    ).toEqual({ n: 0 });
  });

  test("an item resolves when a matching sidecar appears, and reopens when it is deleted", async () => {
    const show = env.sonarr.addSeries({ title: "Show", path: "/tv/Show" });
    const file = env.sonarr.addEpisodeFile(show.id, { season: 1, episodes: [1] });
    const video = localPath(`/tv/Show/${file.relativePath}`);
    touch(video);
    const scanner = makeScanner();
    await scan(scanner);
    expect(items()[0]!.status).toBe("wanted");
    const sidecar = video.replace(/\.mkv$/, ".ENG.sdh.srt");
    touch(sidecar);
    const resolved = await scan(scanner, { mode: "incremental" });
    expect(resolved.summary!.resolved).toBe(1);
    expect(items()[0]!.status).toBe("resolved");
    rmSync(sidecar);
    const reopened = await scan(scanner, { mode: "incremental" });
    expect(reopened.summary!.reopened).toBe(1);
    expect(items()[0]!.status).toBe("wanted");
  });

  test("one scan at a time; cancel stops it", async () => {
    env.sonarr.generateLibrary({ seriesCount: 30, episodes: 150 });
    const scanner = makeScanner();
    const first = scanner.start({ mode: "full", trigger: "api" });
    const second = scanner.start({ mode: "full", trigger: "api" });
    expect(first.ok).toBe(true);
    expect(second).toEqual({ ok: false, runningScanId: (first as { scanId: number }).scanId });
    expect(scanner.cancel()).toBe((first as { scanId: number }).scanId);
    const ended = await (first as { done: Promise<{ status: string }> }).done;
    expect(ended.status).toBe("cancelled");
    expect(scanner.status()!.status).toBe("cancelled");
    const third = scanner.start({ mode: "full", trigger: "api" });
    expect(third.ok).toBe(true);
    await (third as { done: Promise<unknown> }).done;
  });

  test("a full scan asked for starts the cycle again: the next automatic scans are incremental", async () => {
    const show = env.sonarr.addSeries({ title: "Show", path: "/tv/Show" });
    touch(
      localPath(`/tv/Show/${env.sonarr.addEpisodeFile(show.id, { season: 1, episodes: [1] }).relativePath}`),
    );
    const auto = async () => (await scan(makeScanner(), { mode: "auto", trigger: "schedule" })).mode;
    await scan(makeScanner(), { mode: "full", trigger: "cli" });
    expect([await auto(), await auto()]).toEqual(["incremental", "incremental"]);
    // A scan of one folder, or one whose listing failed, leaves the cycle where it was.
    await scan(makeScanner(), {
      mode: "full",
      trigger: "cli",
      scope: { path: join(env.media, "tv", "Show") },
    });
    env.sonarr.lie({ series: "empty" });
    const lied = await scan(makeScanner(), { mode: "full", trigger: "cli" });
    expect(Object.keys(lied.summary!.errors)).toEqual(["main"]);
    expect(lied.status).toBe("failed");
    env.sonarr.lie({});
    expect([await auto(), await auto(), await auto()]).toEqual(["incremental", "incremental", "incremental"]);
    expect(await auto()).toBe("full");
  });

  test("the full/incremental cycle survives a restart", async () => {
    env.sonarr.addSeries({ title: "Show", path: "/tv/Show" });
    const modes: string[] = [];
    for (let i = 0; i < 8; i++) {
      // A new scanner each time, as after a restart: the cycle lives in the database.
      const result = await scan(makeScanner(), { mode: "auto", trigger: "schedule" });
      modes.push(result.mode);
    }
    expect(modes).toEqual([
      "full",
      "incremental",
      "incremental",
      "incremental",
      "incremental",
      "incremental",
      "full",
      "incremental",
    ]);
  });

  test("radarr movies and the profile's forced variant", async () => {
    const movie = env.radarr.addMovie({ title: "The Matrix", year: 1999 });
    env.radarr.addMovieFile(movie.id);
    const scanner = makeScanner({ radarr: true, profile: { forced: "separate" } });
    const result = await scan(scanner, { scope: { instance: "movies" } });
    expect(result.summary).toMatchObject({ filesSeen: 1, added: 2 });
    expect(items().map((i) => i.variant)).toEqual(["forced", "full"]);
  });

  test("incremental: a series whose statistics and files on disk are unchanged is not listed again, yet a new sidecar counts", async () => {
    const show = env.sonarr.addSeries({ title: "Show", path: "/tv/Show" });
    const other = env.sonarr.addSeries({ title: "Other", path: "/tv/Other" });
    const [e1, e2] = [1, 2].map((n) => env.sonarr.addEpisodeFile(show.id, { season: 1, episodes: [n] }));
    const o1 = env.sonarr.addEpisodeFile(other.id, { season: 1, episodes: [1] });
    for (const f of [e1!, e2!]) touch(localPath(`/tv/Show/${f.relativePath}`));
    touch(localPath(`/tv/Other/${o1.relativePath}`));
    const scanner = makeScanner({});
    await scan(scanner);
    env.sonarr.requests.reset();
    const quiet = await scan(scanner, { mode: "incremental" });
    expect(quiet.summary).toMatchObject({ filesSeen: 3, added: 0 });
    expect(env.sonarr.requests.log.map((r) => r.path)).toEqual(["/api/v3/series"]);
    expect(quiet.summary!.phases.list.count).toBe(1);

    // A subtitle the user dropped next to an episode of an unlisted series still resolves its item.
    const p1 = localPath(`/tv/Show/${e1!.relativePath}`);
    touch(p1.replace(/\.mkv$/, ".en.srt"));
    const dropped = await scan(scanner, { mode: "incremental" });
    expect(dropped.summary!.resolved).toBe(1);
    expect(items().find((i) => i.path === p1)!.status).toBe("resolved");

    // A rename keeps count and size, but the stored video is gone from its folder: the series is listed.
    const before = localPath(`/tv/Other/${o1.relativePath}`);
    const renamed = env.sonarr.renameFile(o1.id, "Season 01/Other - S01E01 - Renamed.mkv");
    touch(localPath(`/tv/Other/${renamed.relativePath}`));
    rmSync(before);
    env.sonarr.requests.reset();
    await scan(scanner, { mode: "incremental" });
    expect(env.sonarr.requests.count("/api/v3/episodefile")).toBe(1);
    expect(items().some((i) => i.path.endsWith("Other - S01E01 - Renamed.mkv"))).toBe(true);

    // Unmonitoring a season changes no file, but the stored facts no longer hold: the series is listed.
    env.sonarr.setSeasonMonitored(show.id, 1, false);
    env.sonarr.requests.reset();
    await scan(scanner, { mode: "incremental" });
    expect(env.sonarr.requests.count("/api/v3/episodefile")).toBe(1);
    env.sonarr.requests.reset();
    await scan(scanner, { mode: "incremental" });
    expect(env.sonarr.requests.count("/api/v3/episodefile")).toBe(0);

    // A new episode changes the statistics: that series alone is listed.
    touch(
      localPath(`/tv/Show/${env.sonarr.addEpisodeFile(show.id, { season: 1, episodes: [3] }).relativePath}`),
    );
    env.sonarr.requests.reset();
    const grown = await scan(scanner, { mode: "incremental" });
    expect(grown.summary!.added).toBe(1);
    expect(env.sonarr.requests.count("/api/v3/episodefile")).toBe(1);
  });

  test("5,000 episodes: the second, incremental scan inspects nothing and makes at most 2 requests per series", async () => {
    env.sonarr.generateLibrary({ seriesCount: 50, episodes: 5000 });
    const { inspector, calls } = fakeInspector();
    const scanner = makeScanner({ inspector });
    const full = await scan(scanner);
    expect(full.summary!.filesSeen).toBe(5000);
    expect(calls).toHaveLength(5000);
    calls.length = 0;
    env.sonarr.requests.reset();
    const incremental = await scan(scanner, { mode: "incremental" });
    expect(incremental.summary).toMatchObject({ filesSeen: 5000, added: 0, probed: 0 });
    expect(calls).toHaveLength(0);
    expect(env.sonarr.requests.total).toBeLessThanOrEqual(1 + 2 * 50);
  });
});
