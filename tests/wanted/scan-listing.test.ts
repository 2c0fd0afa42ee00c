import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { linkSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { checkArrConnectivity } from "../../src/health/checks/arr.ts";
import { createSonarrClient } from "../../src/library/sonarr.ts";
import { createScanSourcesStore } from "../../src/wanted/scan-sources-store.ts";
import { createWantedStore } from "../../src/wanted/store/index.ts";
import { startFakeSonarr } from "../fakes/sonarr.ts";
import { jsonOf, request, testRuntime } from "../support/runtime.ts";
import { ignore, items, makeScanner, type ScanEnv, scan, startScanEnv, touch } from "./scan-env.ts";

let env: ScanEnv;
beforeEach(async () => {
  env = await startScanEnv();
});
afterEach(() => env.close());

/** Two series with two episodes each, scanned once, the first item ignored. */
async function scannedSonarrLibrary() {
  for (const title of ["A", "B"]) {
    const series = env.sonarr.addSeries({ title, path: `/tv/${title}` });
    env.sonarr.addEpisodeFile(series.id, { season: 1, episodes: [1] });
    env.sonarr.addEpisodeFile(series.id, { season: 1, episodes: [2] });
  }
  const scanner = makeScanner(env);
  const first = await scan(scanner);
  expect(first.summary).toMatchObject({ filesSeen: 4, added: 4, errors: {} });
  ignore(env, items(env)[0]!.id);
  return scanner;
}

function expectUntouched() {
  expect(items(env).map((i) => [i.status, i.missingSince])).toEqual([
    ["ignored", null],
    ["wanted", null],
    ["wanted", null],
    ["wanted", null],
  ]);
}

describe("a Sonarr listing that lies is a failed listing", () => {
  test("an empty /series removes nothing, keeps the ignore flag, and the result and health say so", async () => {
    const scanner = await scannedSonarrLibrary();
    env.sonarr.lie({ series: "empty" });
    const result = await scan(scanner);
    expect(result.summary).toMatchObject({ removed: 0, heldBack: 0 });
    expect(result.summary!.errors.main).toContain("/series listed nothing while 4 of its files are stored");
    expectUntouched();

    const health = await checkArrConnectivity(
      [
        createSonarrClient({
          instance: { name: "main", url: env.sonarr.url, apiKey: "sonarr-key", timeoutMs: 2000, retries: 0 },
        }),
      ],
      AbortSignal.timeout(5000),
      {
        failing: createScanSourcesStore(env.db).failing,
        held: createWantedStore(env.db).heldRemovals,
      },
    );
    expect(health.healthy).toBe(false);
    const [instance] = health.sonarr as { healthy: boolean; listing: { error: string | null } }[];
    expect(instance!.healthy).toBe(false);
    expect(instance!.listing.error).toContain("listed nothing");

    // Once Sonarr tells the truth again, the failure is over.
    env.sonarr.lie({});
    expect((await scan(scanner)).summary!.errors).toEqual({});
    expect(createScanSourcesStore(env.db).failing()).toEqual([]);
    expectUntouched();
  });

  test("an empty /episodefile for every series while /episode says hasFile removes nothing", async () => {
    const scanner = await scannedSonarrLibrary();
    env.sonarr.lie({ episodeFiles: "empty" });
    const result = await scan(scanner);
    expect(result.summary).toMatchObject({ removed: 0, heldBack: 0 });
    expect(result.summary!.errors.main).toContain(
      "/episode names 2 episode file(s) that /episodefile did not list",
    );
    expectUntouched();
  });

  test("files missing from /episodefile and /episode but counted by the series statistics remove nothing", async () => {
    const scanner = await scannedSonarrLibrary();
    env.sonarr.lie({ episodeFiles: "empty", episodes: "no-files" });
    const result = await scan(scanner);
    expect(result.summary).toMatchObject({ removed: 0, heldBack: 0 });
    expect(result.summary!.errors.main).toContain(
      "/episodefile listed 0 file(s) where the series statistics count 2",
    );
    expectUntouched();
  });
});

describe("a Radarr listing that lies is a failed listing", () => {
  async function scannedRadarrLibrary() {
    for (const title of ["One", "Two", "Three"]) env.radarr.addMovieFile(env.radarr.addMovie({ title }).id);
    const scanner = makeScanner(env, { sources: ["radarr"] });
    expect((await scan(scanner)).summary).toMatchObject({ filesSeen: 3, added: 3, errors: {} });
    ignore(env, items(env)[0]!.id);
    return scanner;
  }

  for (const [lie, message] of [
    ["empty", "/movie listed nothing while 3 of its files are stored"],
    ["no-movie-file", "3 movie(s) have a file but /movie sent none"],
    ["statistics-only", "3 movie(s) have a file but /movie sent none"],
  ] as const) {
    test(`/movie answering "${lie}" removes nothing and keeps the ignore flag`, async () => {
      const scanner = await scannedRadarrLibrary();
      env.radarr.lie({ movies: lie });
      const result = await scan(scanner);
      expect(result.summary).toMatchObject({ removed: 0, heldBack: 0 });
      expect(result.summary!.errors.movies).toContain(message);
      expect(items(env).map((i) => [i.status, i.missingSince])).toEqual([
        ["ignored", null],
        ["wanted", null],
        ["wanted", null],
      ]);
    });
  }
});

describe("a standalone root that is gone or suddenly empty", () => {
  test("keeps its files while the other roots are scanned", async () => {
    const rootA = join(env.media, "a");
    const rootB = join(env.media, "b");
    touch(join(rootA, "Movie One (2001)", "Movie One (2001).mkv"));
    touch(join(rootA, "Movie Two (2002)", "Movie Two (2002).mkv"));
    touch(join(rootB, "Movie Three (2003)", "Movie Three (2003).mkv"));
    const scanner = makeScanner(env, { standaloneRoots: [rootA, rootB] });
    expect((await scan(scanner)).summary).toMatchObject({ filesSeen: 3, added: 3, errors: {} });
    ignore(env, items(env)[0]!.id);

    // Unmounted: the mount point is there, empty.
    rmSync(join(rootA, "Movie One (2001)"), { recursive: true });
    rmSync(join(rootA, "Movie Two (2002)"), { recursive: true });
    touch(join(rootB, "Movie Four (2004)", "Movie Four (2004).mkv"));
    const empty = await scan(scanner);
    expect(empty.summary).toMatchObject({ removed: 0, heldBack: 0, added: 1 });
    expect(empty.summary!.errors.standalone).toContain(
      `standalone root ${rootA} (unmounted?) listed nothing`,
    );
    expect(items(env).map((i) => i.status)).toEqual(["ignored", "wanted", "wanted", "wanted"]);

    // Gone altogether.
    rmSync(rootA, { recursive: true });
    const missing = await scan(scanner);
    expect(missing.summary).toMatchObject({ removed: 0, heldBack: 0 });
    expect(missing.summary!.errors.standalone).toContain(`standalone root ${rootA} does not exist`);
    expect(items(env).map((i) => i.status)).toEqual(["ignored", "wanted", "wanted", "wanted"]);
  });
});

test("a standalone folder the server may not read keeps its files: the full scan removes nothing", async () => {
  const root = join(env.media, "movies");
  touch(join(root, "Open (2001)", "Open (2001).mkv"));
  touch(join(root, "Locked (2002)", "Locked (2002).mkv"));
  let deny = false;
  const scanner = makeScanner(env, {
    standaloneRoots: [root],
    standaloneReadDirectory: async (path) => {
      if (deny && path.endsWith("Locked (2002)"))
        throw Object.assign(new Error(`EACCES: permission denied, scandir '${path}'`), { code: "EACCES" });
      return readdirSync(path, { withFileTypes: true });
    },
  });
  expect((await scan(scanner)).summary).toMatchObject({ filesSeen: 2, added: 2, errors: {} });
  ignore(env, items(env)[1]!.id);

  // A chmod or a changed owner later: the folder still holds its video, the server cannot see it.
  deny = true;
  const denied = await scan(scanner);
  expect(denied.summary).toMatchObject({ removed: 0, heldBack: 0 });
  expect(denied.summary!.warnings.standalone).toContain("1 folder(s) could not be read (permissions?)");
  expect(items(env).map((i) => i.status)).toEqual(["wanted", "ignored"]);
});

describe("files that do not read: the hint fits the cause", () => {
  /** Reads every file but the ones `damaged` (there, unreadable) and `gone` (not there) name. */
  const inspector = (damaged: (p: string) => boolean, gone: (p: string) => boolean) => ({
    async inspect(path: string) {
      if (gone(path)) return { ok: false as const, error: "no such file", missing: true };
      if (damaged(path))
        return { ok: false as const, error: "ffprobe exited with 1: Invalid data", missing: false };
      return { ok: true as const, streams: [], cached: false, mtimeMs: null };
    },
  });

  test("a damaged standalone file is not blamed on path mappings, which standalone roots do not have", async () => {
    const root = join(env.media, "movies");
    touch(join(root, "Good (2001)", "Good (2001).mkv"));
    touch(join(root, "Broken (2002)", "Broken (2002).mkv"));
    const scanner = makeScanner(env, {
      standaloneRoots: [root],
      inspector: inspector(
        (p) => p.includes("Broken"),
        () => false,
      ),
    });
    const result = await scan(scanner);
    expect(result.summary!.errors.standalone).toBe(
      `1 file(s) not readable locally, e.g. ${join(root, "Broken (2002)", "Broken (2002).mkv")}: ffprobe exited with 1: Invalid data`,
    );
  });

  test("files Sonarr names that are not there point at path mappings, and say how many of them", async () => {
    const series = env.sonarr.addSeries({ title: "A", path: "/tv/A" });
    for (const episode of [1, 2, 3]) env.sonarr.addEpisodeFile(series.id, { season: 1, episodes: [episode] });
    const all = makeScanner(env, {
      inspector: inspector(
        () => false,
        () => true,
      ),
    });
    expect((await scan(all)).summary!.errors.main).toStartWith(
      "3 file(s) not readable locally (not found: check path mappings), e.g. ",
    );
    const mixed = makeScanner(env, {
      inspector: inspector(
        (p) => p.includes("E01"),
        (p) => p.includes("E02"),
      ),
    });
    expect((await scan(mixed)).summary!.errors.main).toStartWith(
      "2 file(s) not readable locally (1 not found: check path mappings), e.g. ",
    );
  });
});

test("over HTTP: a lying /series shows in the scan result and in /health/detailed", async () => {
  const sonarr = await startFakeSonarr({ apiKey: "sonarr-key" });
  const media = mkdtempSync(join(tmpdir(), "subhound-listing-http-"));
  const fixture = join(import.meta.dir, "../fixtures/media/mkv-no-subs.mkv");
  const show = sonarr.addSeries({ title: "Show", path: "/tv/Show" });
  for (const episode of [1, 2]) {
    const file = sonarr.addEpisodeFile(show.id, { season: 1, episodes: [episode] });
    const local = join(media, "Show", file.relativePath);
    mkdirSync(dirname(local), { recursive: true });
    linkSync(fixture, local);
  }
  const rt = testRuntime({
    sonarr: [{ name: "main", url: sonarr.url, apiKey: "sonarr-key", retries: 0 }],
    pathMappings: [{ from: "/tv", to: media }],
  });
  const scanOnce = async () => {
    const started = await request(rt, "/api/v1/wanted/scan", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ full: true }),
    });
    expect(started.status).toBe(202);
    await rt.deps.scanner.whenIdle();
    return jsonOf(request(rt, "/api/v1/wanted/scan"));
  };
  try {
    expect((await scanOnce()).summary).toMatchObject({ filesSeen: 2, added: 2, errors: {} });
    const [first] = (await jsonOf(request(rt, "/api/v1/wanted"))).items;
    const patched = await request(rt, `/api/v1/wanted/${first.id}`, {
      method: "PATCH",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ ignored: true }),
    });
    expect(patched.status).toBe(200);
    sonarr.lie({ series: "empty" });
    const lied = await scanOnce();
    expect(lied.summary).toMatchObject({ removed: 0, heldBack: 0 });
    expect(lied.summary.errors.main).toContain("listed nothing");
    const wanted = await jsonOf(request(rt, "/api/v1/wanted?status=ignored,wanted"));
    expect(wanted.items.map((i: { status: string }) => i.status).sort()).toEqual(["ignored", "wanted"]);
    const health = await jsonOf(request(rt, "/api/v1/health/detailed"));
    const arr = health.subsystems.arr_connectivity;
    expect(arr.healthy).toBe(false);
    expect(arr.sonarr[0].listing.error).toContain("listed nothing");
    expect(arr.message).toContain("last scan's listing failed");
  } finally {
    await rt.close();
    await sonarr.stop();
    rmSync(media, { recursive: true, force: true });
  }
});
