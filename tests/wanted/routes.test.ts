import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { Config } from "../../src/config/schema.ts";
import { openDatabase } from "../../src/db/client.ts";
import { silentLogger } from "../../src/log.ts";
import { createRuntime, type Runtime } from "../../src/server.ts";
import { type FakeSonarr, startFakeSonarr } from "../fakes/sonarr.ts";
import { jsonOf, request, testConfig, testRuntime } from "../support/runtime.ts";
import { noStreams } from "./search-harness.ts";

let sonarr: FakeSonarr;
let media: string;
let config: Config;

beforeEach(async () => {
  sonarr = await startFakeSonarr({ apiKey: "sonarr-key" });
  media = mkdtempSync(join(tmpdir(), "subhound-routes-"));
  const show = sonarr.addSeries({ title: "Breaking Bad", path: "/tv/Breaking Bad" });
  for (const e of [1, 2, 3]) sonarr.addEpisodeFile(show.id, { season: 1, episodes: [e] });
  const movies = sonarr.addSeries({ title: "Other Show", path: "/tv/Other Show" });
  sonarr.addEpisodeFile(movies.id, { season: 2, episodes: [5] });
  config = testConfig({
    languages: ["en", "de"],
    sonarr: [{ name: "main", url: sonarr.url, apiKey: "sonarr-key", retries: 0 }],
    pathMappings: [{ from: "/tv", to: media }],
  });
});

afterEach(async () => {
  await sonarr.stop();
  rmSync(media, { recursive: true, force: true });
});

/** Files need not exist: the inspector reports no embedded streams for any path. */
function runtimeWithFakeInspector(): Runtime {
  return createRuntime(config, {
    log: silentLogger,
    db: openDatabase({ path: ":memory:" }),
    inspector: noStreams,
  });
}

async function scanNow(runtime: Runtime, body: unknown = { full: true }) {
  const res = await request(runtime, "/api/v1/wanted/scan", {
    method: "POST",
    body: JSON.stringify(body),
    headers: { "Content-Type": "application/json" },
  });
  expect(res.status).toBe(202);
  const { scanId } = (await jsonOf(res)) as { scanId: number };
  await runtime.deps.scanner.whenIdle();
  return scanId;
}

describe("wanted routes", () => {
  test("scan over HTTP, then list, filter, sort, page and summarize", async () => {
    const runtime = runtimeWithFakeInspector();
    const scanId = await scanNow(runtime);
    const status = await jsonOf(request(runtime, "/api/v1/wanted/scan"));
    expect(status).toMatchObject({ scanId, status: "succeeded", summary: { filesSeen: 4, added: 8 } });

    const all = await jsonOf(request(runtime, "/api/v1/wanted?pageSize=3&page=2&sort=title&order=asc"));
    expect(all.total).toBe(8);
    expect(all.items).toHaveLength(3);
    expect(all.page).toBe(2);

    const de = await jsonOf(request(runtime, "/api/v1/wanted?language=de&q=other"));
    expect(de.total).toBe(1);
    expect(de.items[0]).toMatchObject({
      title: "Other Show",
      language: "de",
      season: 2,
      episodes: [5],
      status: "wanted",
    });

    const summary = await jsonOf(request(runtime, "/api/v1/wanted/summary"));
    expect(summary).toMatchObject({
      total: 8,
      byStatus: { wanted: 8 },
      byLanguage: { en: 4, de: 4 },
      byExisting: { none: 8 },
    });

    const detail = await jsonOf(request(runtime, `/api/v1/wanted/${de.items[0].id}`));
    expect(detail.file).toMatchObject({ source: "sonarr", subtitles: { streams: [], sidecars: [] } });
    await runtime.close();
  });

  test("text search: word prefixes through the full-text index, short queries, quotes, renames", async () => {
    const runtime = runtimeWithFakeInspector();
    await scanNow(runtime);
    const total = async (q: string) =>
      (await jsonOf(request(runtime, `/api/v1/wanted?status=all&q=${encodeURIComponent(q)}`))).total;
    expect(await total("BREAKING")).toBe(6);
    expect(await total("breaki ba")).toBe(6);
    // Words match from their start, not in the middle.
    expect(await total("aking")).toBe(0);
    expect(await total("Ot")).toBe(2);
    expect(await total('say "hi"')).toBe(0);
    expect(await total("S02E05")).toBe(2);
    const [file] = [...sonarr.episodeFiles.values()].filter((f) => f.seasonNumber === 2);
    sonarr.renameFile(file!.id, "Season 02/Other Show - S02E05 - Renamed Zebra.mkv");
    await scanNow(runtime, { full: false });
    expect(await total("zebra")).toBe(2);
    expect(await total("S02E05")).toBe(2);
    await runtime.close();
  });

  test("ignore survives a rescan, un-ignore returns it; delete; 404s; bad filters are 400", async () => {
    const runtime = runtimeWithFakeInspector();
    await scanNow(runtime);
    const first = (await jsonOf(request(runtime, "/api/v1/wanted?pageSize=1"))).items[0];
    const patch = (ignored: boolean, id = first.id) =>
      request(runtime, `/api/v1/wanted/${id}`, {
        method: "PATCH",
        body: JSON.stringify({ ignored }),
        headers: { "Content-Type": "application/json" },
      });
    expect((await jsonOf(patch(true))).status).toBe("ignored");
    await scanNow(runtime);
    expect((await jsonOf(request(runtime, `/api/v1/wanted/${first.id}`))).status).toBe("ignored");
    expect((await jsonOf(patch(false))).status).toBe("wanted");
    expect((await patch(true, 99999)).status).toBe(404);

    expect((await request(runtime, `/api/v1/wanted/${first.id}`, { method: "DELETE" })).status).toBe(204);
    expect((await request(runtime, `/api/v1/wanted/${first.id}`)).status).toBe(404);

    for (const bad of [
      "/api/v1/wanted?status=bogus",
      "/api/v1/wanted?pageSize=0",
      "/api/v1/wanted?sort=nope",
      "/api/v1/wanted/abc",
    ]) {
      const res = await request(runtime, bad);
      expect(res.status).toBe(400);
      expect(res.headers.get("content-type")).toStartWith("application/problem+json");
    }
    const badScan = await request(runtime, "/api/v1/wanted/scan", {
      method: "POST",
      body: "{not json",
      headers: { "Content-Type": "application/json" },
    });
    expect(badScan.status).toBe(400);
    const unknownField = await request(runtime, "/api/v1/wanted/scan", {
      method: "POST",
      body: JSON.stringify({ ful: true }),
      headers: { "Content-Type": "application/json" },
    });
    expect(unknownField.status).toBe(400);
    expect((await jsonOf(unknownField)).detail).toContain("ful");
    const notJson = await request(runtime, "/api/v1/wanted/scan", { method: "POST", body: "full=true" });
    expect(notJson.status).toBe(415);
    expect(notJson.headers.get("content-type")).toStartWith("application/problem+json");
    await runtime.close();
  });

  test("two concurrent scan requests: the second gets 409 with the running scan's id; cancel", async () => {
    sonarr.generateLibrary({ seriesCount: 40, episodes: 400 });
    const runtime = runtimeWithFakeInspector();
    const a = await request(runtime, "/api/v1/wanted/scan", { method: "POST" });
    const b = await request(runtime, "/api/v1/wanted/scan", { method: "POST" });
    expect(a.status).toBe(202);
    expect(b.status).toBe(409);
    const { scanId } = await jsonOf(a);
    expect((await jsonOf(b)).runningScanId).toBe(scanId);
    const cancel = await request(runtime, "/api/v1/wanted/scan/cancel", { method: "POST" });
    expect(await jsonOf(cancel)).toEqual({ scanId });
    await runtime.deps.scanner.whenIdle();
    expect((await jsonOf(request(runtime, "/api/v1/wanted/scan"))).status).toBe("cancelled");
    expect((await request(runtime, "/api/v1/wanted/scan/cancel", { method: "POST" })).status).toBe(409);
    await runtime.close();
  });

  test("a profile override changes what one series wants", async () => {
    const runtime = runtimeWithFakeInspector();
    const put = await request(runtime, "/api/v1/profiles/overrides", {
      method: "PUT",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({
        instance: "main",
        kind: "series",
        arrId: 1,
        override: { languages: ["ja"], forced: "separate" },
      }),
    });
    expect(put.status).toBe(200);
    const stored = await jsonOf(put);
    await scanNow(runtime);
    const breaking = await jsonOf(request(runtime, "/api/v1/wanted?seriesId=1&sort=language"));
    expect(
      new Set(breaking.items.map((i: { language: string; variant: string }) => `${i.language}/${i.variant}`)),
    ).toEqual(new Set(["ja/full", "ja/forced"]));
    const profiles = await jsonOf(request(runtime, "/api/v1/profiles"));
    expect(profiles.default.languages).toEqual(["en", "de"]);
    expect(profiles.overrides).toHaveLength(1);
    expect(
      (await request(runtime, `/api/v1/profiles/overrides/${stored.id}`, { method: "DELETE" })).status,
    ).toBe(204);
    const invalid = await request(runtime, "/api/v1/profiles/overrides", {
      method: "PUT",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ instance: "main", kind: "series", arrId: 1, override: {} }),
    });
    expect(invalid.status).toBe(400);
    await runtime.close();
  });

  test("the real inspector reads sidecars and streams of real files", async () => {
    const real = createRuntime(config, { log: silentLogger, db: openDatabase({ path: ":memory:" }) });
    const file = [...sonarr.episodeFiles.values()][0]!;
    const local = join(media, "Breaking Bad", file.relativePath);
    mkdirSync(dirname(local), { recursive: true });
    writeFileSync(
      local,
      new Uint8Array(
        await Bun.file(join(import.meta.dir, "../fixtures/media/mkv-srt-eng.mkv")).arrayBuffer(),
      ),
    );
    writeFileSync(local.replace(/\.mkv$/, ".de.forced.srt"), "");
    await scanNow(real);
    const items = (await jsonOf(request(real, `/api/v1/wanted?status=all&q=${encodeURIComponent("S01E01")}`)))
      .items;
    const byLang = Object.fromEntries(
      items.map((i: { language: string; status: string; satisfiedBy: string }) => [i.language, i]),
    );
    expect(byLang.en).toMatchObject({
      status: "resolved",
      satisfiedBy: expect.stringMatching(/^embedded:\d+:subrip$/),
    });
    // A forced-only sidecar never satisfies the full variant.
    expect(byLang.de).toMatchObject({ status: "wanted" });
    const status = await jsonOf(request(real, "/api/v1/wanted/scan"));
    expect(status.summary.unreadable).toBe(3);
    expect(status.summary.errors.main).toContain("not readable locally");
    await real.close();
  });
});

test("a scan with no library source configured is refused with what to add, not run over nothing", async () => {
  const rt = testRuntime();
  try {
    const res = await request(rt, "/api/v1/wanted/scan", { method: "POST" });
    expect(res.status).toBe(409);
    expect((await jsonOf(res)).detail).toContain("no library source is configured");
    expect(rt.deps.scanner.status()).toBeNull();
  } finally {
    await rt.close();
  }
});
