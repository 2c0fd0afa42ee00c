import { Database } from "bun:sqlite";
import { afterAll, afterEach, beforeEach, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { manualClock } from "../../src/clock.ts";
import { configChanged } from "../../src/config/config-version.ts";
import { openDatabase } from "../../src/db/client.ts";
import { silentLogger } from "../../src/log.ts";
import { createRuntime, type Runtime } from "../../src/server.ts";
import { keepPage, keptPage } from "../../src/wanted/page-cache.ts";
import { type FakeSonarr, startFakeSonarr } from "../fakes/sonarr.ts";
import { type Json, request, testConfig } from "../support/runtime.ts";
import { noStreams } from "./search-harness.ts";

const root = mkdtempSync(join(tmpdir(), "subhound-page-cache-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let sonarr: FakeSonarr;
let runtime: Runtime;
let dbPath: string;
const clock = manualClock("2026-11-24T10:00:00.000Z");

beforeEach(async () => {
  sonarr = await startFakeSonarr({ apiKey: "sonarr-key" });
  const dark = sonarr.addSeries({ title: "Dark", path: "/tv/Dark" });
  for (const e of [1, 2, 3]) sonarr.addEpisodeFile(dark.id, { season: 1, episodes: [e] });
  dbPath = join(mkdtempSync(join(root, "data-")), "subhound.db");
  clock.set("2026-11-24T10:00:00.000Z");
  runtime = createRuntime(
    testConfig({
      languages: ["de"],
      sonarr: [{ name: "main", url: sonarr.url, apiKey: "sonarr-key", retries: 0 }],
      pathMappings: [{ from: "/tv", to: "/nonexistent-media" }],
      search: { maxAttempts: 4 },
    }),
    { log: silentLogger, clock, db: openDatabase({ path: dbPath }), inspector: noStreams },
  );
  runtime.deps.scanner.start({ mode: "full", trigger: "api", scope: {} });
  await runtime.deps.scanner.whenIdle();
});

afterEach(async () => {
  await runtime.close();
  await sonarr.stop();
});

/** A page, and where the server says it came from (Server-Timing's description). */
async function page(query = "sort=title"): Promise<{ body: Json; from: string }> {
  const res = await request(runtime, `/api/v1/wanted?${query}`);
  expect(res.status).toBe(200);
  const from = /desc="([^"]+)"/.exec(res.headers.get("server-timing") ?? "")?.[1] ?? "";
  return { body: await res.json(), from };
}

test("a page asked again unchanged is the kept answer, equal to the first", async () => {
  const first = await page();
  expect(first.from).not.toBe("kept");
  expect(first.body.total).toBe(3);
  const again = await page();
  expect(again.from).toBe("kept");
  expect(again.body).toEqual(first.body);
  // Another query is another answer.
  const other = await page("sort=title&order=desc");
  expect(other.from).not.toBe("kept");
  expect(other.body.items.map((i: Json) => i.id)).toEqual(first.body.items.map((i: Json) => i.id).reverse());
});

test("a write through the server's own connection is in the next page", async () => {
  const first = await page();
  const id = first.body.items[0].id;
  const res = await request(runtime, `/api/v1/wanted/${id}`, {
    method: "PATCH",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ ignored: true }),
  });
  expect(res.status).toBe(200);
  const next = await page();
  expect(next.from).not.toBe("kept");
  expect(next.body.items.find((i: Json) => i.id === id).status).toBe("ignored");
});

test("a commit by another connection (the scan's writer thread, a CLI) is in the next page", async () => {
  const first = await page();
  expect((await page()).from).toBe("kept");
  const other = new Database(dbPath);
  try {
    // A file's title: no wanted row changes, so only the database's version can tell.
    other.run("UPDATE media_files SET title = 'Dark (2017)'");
  } finally {
    other.close();
  }
  const next = await page();
  expect(next.from).not.toBe("kept");
  expect(next.body.items.map((i: Json) => i.title)).toEqual(["Dark (2017)", "Dark (2017)", "Dark (2017)"]);
  expect(next.body.items.map((i: Json) => i.id)).toEqual(first.body.items.map((i: Json) => i.id));
});

test("an item leaving its backoff turns the kept answer stale at that moment", async () => {
  const retryAt = "2026-11-24T11:00:00.000Z";
  const first = await page();
  const id = first.body.items[1].id;
  runtime.deps.db.sqlite.run(
    "UPDATE wanted_items SET status = 'not_found', attempts = 1, retry_after = ? WHERE id = ?",
    [retryAt, id],
  );
  const waiting = await page();
  expect(waiting.body.items[1]).toMatchObject({ id, autoSearch: "waiting", nextRetryAt: retryAt });
  clock.set("2026-11-24T10:59:59.999Z");
  expect((await page()).from).toBe("kept");
  clock.set(retryAt);
  const due = await page();
  expect(due.from).not.toBe("kept");
  expect(due.body.items[1]).toMatchObject({ id, autoSearch: "due" });
});

test("a changed config or search schedule is not answered from before", async () => {
  await page();
  expect((await page()).from).toBe("kept");
  runtime.deps.config.search.maxAttempts = 9;
  configChanged(runtime.deps.config);
  const reloaded = await page();
  expect(reloaded.from).not.toBe("kept");
  expect(reloaded.body.items[0].maxAttempts).toBe(9);
  expect((await page()).from).toBe("kept");
  const scheduler = runtime.deps.scheduler;
  const nextRun = scheduler.nextRun.bind(scheduler);
  scheduler.nextRun = (name) => (name === "wanted-search" ? "2026-11-25T03:00:00.000Z" : nextRun(name));
  const rescheduled = await page();
  expect(rescheduled.from).not.toBe("kept");
  expect(rescheduled.body.items[0]).toMatchObject({
    autoSearch: "due",
    nextRetryAt: "2026-11-25T03:00:00.000Z",
  });
});

test("the kept answers are few: the least recently used goes first", () => {
  const sqlite = new Database(":memory:");
  const basis = {};
  const at = { version: "1.0", basis, now: "2026-11-24T10:00:00.000Z" };
  for (let i = 0; i < 17; i++)
    keepPage(sqlite, `page ${i}`, { ...at, validUntil: null, text: `{"page":${i}}` });
  expect(keptPage(sqlite, "page 0", at)).toBeNull();
  expect(keptPage(sqlite, "page 1", at)).toBe('{"page":1}');
  keepPage(sqlite, "page 17", { ...at, validUntil: null, text: "{}" });
  // Page 1 was just used: page 2 went instead.
  expect(keptPage(sqlite, "page 1", at)).toBe('{"page":1}');
  expect(keptPage(sqlite, "page 2", at)).toBeNull();
  // Another basis or version is not the same answer.
  expect(keptPage(sqlite, "page 3", { ...at, basis: {} })).toBeNull();
  expect(keptPage(sqlite, "page 4", { ...at, version: "1.1" })).toBeNull();
  sqlite.close();
});
