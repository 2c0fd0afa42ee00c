import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { openDatabase } from "../../src/db/client.ts";
import { silentLogger } from "../../src/log.ts";
import type { StreamInspector } from "../../src/media/inspector.ts";
import { createRuntime, type Runtime } from "../../src/server.ts";
import { type FakeSonarr, startFakeSonarr } from "../fakes/sonarr.ts";
import { pollUntil } from "../support/poll.ts";
import { type Json, jsonOf, request, testConfig } from "../support/runtime.ts";
import { subtitleStream } from "../support/subtitle-stream.ts";

/** What each episode file carries inside, by its SxxEyy marker. */
const inspector: StreamInspector = {
  inspect: async (path) => {
    if (path.includes("S01E01"))
      return {
        ok: true,
        cached: false,
        mtimeMs: null,
        streams: [
          subtitleStream({ index: 3, codec: "hdmv_pgs_subtitle", language: "ger", textBased: false }),
        ],
      };
    if (path.includes("S01E02"))
      return { ok: true, cached: false, mtimeMs: null, streams: [subtitleStream({ language: "eng" })] };
    return { ok: true, cached: false, mtimeMs: null, streams: [] };
  },
};

let sonarr: FakeSonarr;
let runtime: Runtime;

beforeEach(async () => {
  sonarr = await startFakeSonarr({ apiKey: "sonarr-key" });
  const breaking = sonarr.addSeries({ title: "Breaking Bad", path: "/tv/Breaking Bad" });
  for (const e of [1, 2, 3]) sonarr.addEpisodeFile(breaking.id, { season: 1, episodes: [e] });
  const other = sonarr.addSeries({ title: "Other Show", path: "/tv/Other Show" });
  sonarr.addEpisodeFile(other.id, { season: 2, episodes: [5] });
  const config = testConfig({
    languages: ["en", "de"],
    sonarr: [{ name: "main", url: sonarr.url, apiKey: "sonarr-key", retries: 0 }],
    pathMappings: [{ from: "/tv", to: "/nonexistent-media" }],
    search: { maxAttempts: 4 },
  });
  runtime = createRuntime(config, { log: silentLogger, db: openDatabase({ path: ":memory:" }), inspector });
  runtime.deps.scanner.start({ mode: "full", trigger: "api", scope: {} });
  await runtime.deps.scanner.whenIdle();
});

afterEach(async () => {
  await runtime.close();
  await sonarr.stop();
});

const list = async (query: string) => jsonOf(request(runtime, `/api/v1/wanted?${query}`));
const post = (path: string, body: unknown) =>
  request(runtime, path, {
    method: "POST",
    body: JSON.stringify(body),
    headers: { "Content-Type": "application/json" },
  });
const find = (items: Json[], episode: number, language: string) =>
  items.find((i) => i.episodes[0] === episode && i.language === language);

describe("wanted rows explain themselves", () => {
  test("list and detail carry the reason, language name, attempts of max and the search state", async () => {
    const page = await list("pageSize=50");
    // S01E02 has English inside: 8 items, one resolved and left out by default.
    expect(page.total).toBe(7);
    const pgs = find(page.items, 1, "de");
    expect(pgs).toMatchObject({
      languageName: "German",
      reason: { code: "image_based_only" },
      attempts: 0,
      maxAttempts: 4,
      autoSearch: "due",
      lastError: null,
    });
    expect(pgs.reason.text).toContain("embedded PGS stream 3");
    expect(find(page.items, 1, "en").reason).toEqual({
      code: "no_subtitle",
      text: "No English subtitle: no sidecar file and no embedded stream in English.",
    });
    const searchJob = runtime.deps.scheduler.list().find((j) => j.name === "wanted-search");
    expect(pgs.nextRetryAt).toBe(searchJob?.nextRun ?? null);

    const summary = await jsonOf(request(runtime, "/api/v1/wanted/summary"));
    expect(summary.byInstance).toEqual({ main: 8 });

    const detail = await jsonOf(request(runtime, `/api/v1/wanted/${pgs.id}`));
    expect(detail.reason).toEqual(pgs.reason);
    expect(detail.file.subtitles.streams[0].codec).toBe("hdmv_pgs_subtitle");

    const resolved = find((await list("status=resolved")).items, 2, "en");
    expect(resolved.reason).toMatchObject({
      code: "satisfied",
      text: "Has English: embedded SRT stream 2.",
    });
    expect(resolved.autoSearch).toBe("off");
  });

  test("a miss shows its error, the backoff and the attempt count", async () => {
    const [item] = (await list("title=Other%20Show&language=de")).items;
    runtime.deps.db.sqlite.run(
      "UPDATE wanted_items SET status = 'not_found', attempts = 2, last_error = ?, last_searched_at = ?, retry_after = ? WHERE id = ?",
      ["opensubtitles: 503", "2026-11-24T09:00:00.000Z", "2999-01-01T00:00:00.000Z", item.id],
    );
    const after = await jsonOf(request(runtime, `/api/v1/wanted/${item.id}`));
    expect(after).toMatchObject({
      status: "not_found",
      attempts: 2,
      maxAttempts: 4,
      lastError: "opensubtitles: 503",
      lastSearchedAt: "2026-11-24T09:00:00.000Z",
      autoSearch: "waiting",
      nextRetryAt: "2999-01-01T00:00:00.000Z",
    });
    // Out of attempts, it is still searched weekly (search.afterAttemptsEveryDays): its backoff says when.
    runtime.deps.db.sqlite.run("UPDATE wanted_items SET attempts = 4 WHERE id = ?", [item.id]);
    expect(await jsonOf(request(runtime, `/api/v1/wanted/${item.id}`))).toMatchObject({
      attempts: 4,
      autoSearch: "waiting",
      nextRetryAt: "2999-01-01T00:00:00.000Z",
    });
  });
});

describe("wanted list filters and sort", () => {
  test("title filters one series; with seriesId, instance, language and variant", async () => {
    const other = await list("title=Other%20Show");
    expect(other.total).toBe(2);
    expect(other.items.every((i: Json) => i.title === "Other Show")).toBe(true);
    expect((await list("title=Other")).total).toBe(0);
    expect((await list("title=Breaking%20Bad&language=de&variant=full&instance=main")).total).toBe(3);
    expect((await list("seriesId=1&instance=main&language=en")).total).toBe(2);
    expect((await list("instance=elsewhere")).total).toBe(0);
    expect((await list("variant=forced")).total).toBe(0);
  });

  test("sort=title ascends by default; order=desc reverses; past times newest first, the next retry soonest first", async () => {
    const titles = (page: Json) => page.items.map((i: Json) => i.title);
    const asc = titles(await list("sort=title"));
    expect(asc[0]).toBe("Breaking Bad");
    expect(asc.at(-1)).toBe("Other Show");
    expect(asc).toEqual([...asc].sort());
    expect(titles(await list("sort=title&order=desc"))).toEqual([...asc].sort().reverse());
    const languages = (await list("sort=language")).items.map((i: Json) => i.language);
    expect(languages[0]).toBe("de");
    runtime.deps.db.sqlite.run(
      "UPDATE wanted_items SET retry_after = '2026-12-0' || id || 'T00:00:00.000Z', last_searched_at = '2026-11-2' || id || 'T00:00:00.000Z'",
    );
    const searched = (await list("sort=lastSearched")).items.map((i: Json) => i.lastSearchedAt);
    expect(searched).toEqual([...searched].sort().reverse());
    const retries = (await list("sort=retryAfter")).items.map((i: Json) => i.retryAfter);
    expect(retries).toEqual([...retries].sort());
  });
});

describe("bulk actions", () => {
  test("ignore and un-ignore a list of ids: counts, unknown ids listed, API agrees", async () => {
    const ids = (await list("title=Breaking%20Bad&language=de")).items.map((i: Json) => i.id);
    expect(ids).toHaveLength(3);
    const ignored = await post("/api/v1/wanted/bulk", { ids: [...ids, 99999], action: "ignore" });
    expect(ignored.status).toBe(200);
    expect(await jsonOf(ignored)).toEqual({
      action: "ignore",
      requested: 4,
      changed: 3,
      unchanged: 0,
      missing: [99999],
      runId: null,
    });
    const statuses = (await list("status=ignored")).items.map((i: Json) => i.id).sort();
    expect(statuses).toEqual([...ids].sort());
    expect((await list("status=ignored")).items[0]).toMatchObject({ autoSearch: "off" });
    const again = await jsonOf(post("/api/v1/wanted/bulk", { ids, action: "ignore" }));
    expect(again).toMatchObject({ changed: 0, unchanged: 3 });
    const back = await jsonOf(
      post("/api/v1/wanted/bulk", { ids: [ids[0], ids[0], ids[1]], action: "unignore" }),
    );
    expect(back).toMatchObject({ requested: 2, changed: 2, unchanged: 0, missing: [] });
    expect((await jsonOf(request(runtime, `/api/v1/wanted/${ids[0]}`))).status).toBe("wanted");
    expect((await jsonOf(request(runtime, `/api/v1/wanted/${ids[2]}`))).status).toBe("ignored");
  });

  test("search starts one run over the searchable ones; ignored items stay out", async () => {
    const ids = (await list("title=Breaking%20Bad")).items.map((i: Json) => i.id);
    await post("/api/v1/wanted/bulk", { ids: [ids[0]], action: "ignore" });
    const res = await jsonOf(post("/api/v1/wanted/bulk", { ids, action: "search" }));
    expect(res).toMatchObject({
      action: "search",
      requested: ids.length,
      changed: ids.length - 1,
      unchanged: 1,
    });
    expect(res.runId).toBeNumber();
    const run = await pollUntil(
      () => jsonOf(request(runtime, "/api/v1/wanted/search")),
      (r) => r.runId === res.runId && r.status !== "running",
    );
    expect(run).toMatchObject({ status: "succeeded", total: ids.length - 1 });
    expect(run.scope.ids).toEqual([...ids].sort((a, b) => a - b));
    // The videos do not exist here: every searched item failed for that reason, says so, and waits
    // out its backoff before the scheduled search tries it again.
    const failed = (await list("status=failed")).items;
    expect(failed).toHaveLength(ids.length - 1);
    expect(failed[0]).toMatchObject({ lastError: "video file not found locally", autoSearch: "waiting" });
    expect(failed[0].nextRetryAt).toBe(failed[0].retryAfter);
  });

  test("bad bodies are 400 problems", async () => {
    for (const body of [
      { ids: [], action: "ignore" },
      { ids: [1], action: "delete" },
      { ids: ["1"], action: "ignore" },
      { ids: [1], action: "ignore", extra: true },
    ]) {
      const res = await post("/api/v1/wanted/bulk", body);
      expect(res.status).toBe(400);
      expect(res.headers.get("content-type")).toStartWith("application/problem+json");
    }
  });
});
