import { afterAll, afterEach, beforeEach, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Config } from "../../src/config/schema.ts";
import { openDatabase } from "../../src/db/client.ts";
import { silentLogger } from "../../src/log.ts";
import type { StreamInspector } from "../../src/media/inspector.ts";
import { profileSet } from "../../src/profiles/profile.ts";
import { createRuntime, type Runtime } from "../../src/server.ts";
import { createWantedListReader, type WantedListReader } from "../../src/wanted/list-reader.ts";
import { parseStatusFilter } from "../../src/wanted/store/index.ts";
import { WantedListQuerySchema } from "../../src/wanted/wanted.schemas.ts";
import { wantedPage } from "../../src/wanted/wanted-page.ts";
import { type FakeSonarr, startFakeSonarr } from "../fakes/sonarr.ts";
import { pollUntil } from "../support/poll.ts";
import { type Json, jsonOf, request, testConfig } from "../support/runtime.ts";
import { subtitleStream } from "../support/subtitle-stream.ts";

const root = mkdtempSync(join(tmpdir(), "subhound-list-reader-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** S01E01 carries a German PGS track: "image-based only" under embedded = "text". */
const inspector: StreamInspector = {
  inspect: async (path) => ({
    ok: true,
    cached: false,
    mtimeMs: null,
    streams: path.includes("S01E01")
      ? [subtitleStream({ index: 3, codec: "hdmv_pgs_subtitle", language: "ger", textBased: false })]
      : [],
  }),
};

let sonarr: FakeSonarr;
let runtime: Runtime;
let next: Config;
let dir: string;
let offThread: number;
const logged: string[] = [];

const configWith = (embedded: "text" | "any") =>
  testConfig({
    languages: ["en", "de"],
    profile: { embedded },
    sonarr: [{ name: "main", url: sonarr.url, apiKey: "sonarr-key", retries: 0 }],
    pathMappings: [{ from: "/tv", to: "/nonexistent-media" }],
  });

beforeEach(async () => {
  sonarr = await startFakeSonarr({ apiKey: "sonarr-key" });
  const dark = sonarr.addSeries({ title: "Dark", path: "/tv/Dark" });
  for (const e of [1, 2, 3, 4]) sonarr.addEpisodeFile(dark.id, { season: 1, episodes: [e] });
  const other = sonarr.addSeries({ title: "Other Show", path: "/tv/Other Show" });
  sonarr.addEpisodeFile(other.id, { season: 2, episodes: [5] });
  next = configWith("text");
  dir = mkdtempSync(join(root, "data-"));
  logged.length = 0;
  runtime = createRuntime(next, {
    log: { ...silentLogger, warn: (msg) => logged.push(msg) },
    db: openDatabase({ path: join(dir, "subhound.db") }),
    inspector,
    loadConfig: () => next,
  });
  runtime.deps.scanner.start({ mode: "full", trigger: "api", scope: {} });
  // A reader that sends every page to its worker (the server's answers a page asked alone itself),
  // counting the pages the worker answered.
  expect(runtime.deps.wantedReader).not.toBeNull();
  runtime.deps.wantedReader!.close();
  const reader = createWantedListReader({
    path: join(dir, "subhound.db"),
    answerAlone: false,
  });
  runtime.deps.wantedReader = reader;
  offThread = 0;
  const page = reader.page.bind(reader);
  reader.page = (input, config) => {
    const answer = page(input, config);
    if (answer) offThread++;
    return answer;
  };
});

afterEach(async () => {
  runtime.deps.wantedReader?.close();
  await runtime.close();
  await sonarr.stop();
});

const list = async (query: string) => jsonOf(request(runtime, `/api/v1/wanted?${query}`));

/** The first page of the default view, as the route would pass it. */
const FIRST_PAGE = {
  query: WantedListQuerySchema.parse({}),
  statuses: null,
  now: "2026-11-24T10:00:00Z",
  nextSearchRun: null,
};

/**
 * Asks until the worker has loaded (the first page is answered in the server's thread meanwhile),
 * with a query the tests do not ask again: an answer asked again unchanged is kept (page-cache.ts).
 */
async function readyReader(): Promise<void> {
  await list("pageSize=7");
  await pollUntil(
    async () => runtime.deps.wantedReader!.state,
    (s) => s === "ready",
  );
}

test("a file database in WAL mode gets a reader; its pages equal the server thread's, query for query", async () => {
  await readyReader();
  const queries = [
    "",
    "status=all",
    "status=all&sort=title&order=desc",
    "language=de&status=wanted",
    "q=dark",
    "seriesId=1&pageSize=2&page=2",
    "sort=retryAfter",
  ];
  for (const query of queries) {
    const before = offThread;
    const res = await request(runtime, `/api/v1/wanted?${query}`);
    expect(res.headers.get("server-timing")).toMatch(/^page;desc="list worker";dur=\d+\.\d\d$/);
    const viaWorker = await res.json();
    expect(offThread).toBe(before + 1);
    const parsed = WantedListQuerySchema.parse(Object.fromEntries(new URLSearchParams(query)));
    const statuses = parseStatusFilter(parsed.status);
    if (statuses instanceof Error) throw statuses;
    const direct = wantedPage(
      runtime.deps.db,
      {
        query: parsed,
        statuses,
        now: runtime.deps.clock.now().toISOString(),
        nextSearchRun: runtime.deps.scheduler.nextRun("wanted-search"),
      },
      {
        set: profileSet(runtime.deps.config),
        maxAttempts: runtime.deps.config.search.maxAttempts,
        afterAttemptsEveryDays: runtime.deps.config.search.afterAttemptsEveryDays,
      },
    );
    expect(viaWorker).toEqual(JSON.parse(JSON.stringify(direct)));
  }
  expect((await list("status=all")).total).toBe(10);
});

test("the worker's pages follow writes, overrides and reloads at once", async () => {
  await readyReader();
  const reasonOfE01 = async () =>
    ((await list("status=all&language=de&seriesId=1")) as Json).items.find((i: Json) =>
      i.path.includes("S01E01"),
    ).reason.code;
  expect(await reasonOfE01()).toBe("image_based_only");

  // A write in the server's thread is in the next page.
  const first = (await list("")).items[0];
  await request(runtime, `/api/v1/wanted/${first.id}`, {
    method: "PATCH",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ ignored: true }),
  });
  expect((await list("status=ignored")).items.map((i: Json) => i.id)).toEqual([first.id]);

  // A series' own profile (the override store's generation travels with each page).
  const put = await jsonOf(
    request(runtime, "/api/v1/profiles/overrides", {
      method: "PUT",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ instance: "main", kind: "series", arrId: 1, override: { embedded: "any" } }),
    }),
  );
  expect(await reasonOfE01()).not.toBe("image_based_only");
  await request(runtime, `/api/v1/profiles/overrides/${put.id}`, { method: "DELETE" });
  expect(await reasonOfE01()).toBe("image_based_only");

  // A reloaded config's profiles.
  next = configWith("any");
  expect((await request(runtime, "/api/v1/system/reload", { method: "POST" })).status).toBe(200);
  expect(await reasonOfE01()).not.toBe("image_based_only");
  expect(offThread).toBeGreaterThanOrEqual(5);
});

test("when the worker fails, the page is answered in the server's thread and the failure logged", async () => {
  const expected = await list("status=all");
  runtime.deps.wantedReader!.page = () => Promise.reject(new Error("worker gone"));
  // The same page, asked so that it is not the kept answer of the first (the order spelled out).
  const res = await request(runtime, "/api/v1/wanted?status=all&order=desc");
  expect(res.headers.get("server-timing")).toStartWith('page;desc="server thread"');
  expect(await res.json()).toEqual(expected);
  expect(logged).toContain("wanted list answered in the server's thread");
});

test("the reader stops its worker when idle and starts it again on the next page", async () => {
  const reader: WantedListReader = createWantedListReader({
    path: join(dir, "subhound.db"),
    idleMs: 1,
    answerAlone: false,
  });
  try {
    expect(reader.page(FIRST_PAGE, runtime.deps.config)).toBeNull();
    expect(reader.state).toBe("starting");
    await pollUntil(
      async () => reader.state,
      (s) => s !== "starting",
    );
    // Idle once ready: it stops by itself.
    await pollUntil(
      async () => reader.state,
      (s) => s === "stopped",
    );
    expect(reader.page(FIRST_PAGE, runtime.deps.config)).toBeNull();
    await pollUntil(
      async () => reader.state,
      (s) => s === "ready" || s === "stopped",
    );
  } finally {
    reader.close();
  }
});

test("an in-memory database has no reader", () => {
  const rt = createRuntime(testConfig(), { log: silentLogger, db: openDatabase({ path: ":memory:" }) });
  expect(rt.deps.wantedReader).toBeNull();
  return rt.close();
});

test("a worker that cannot start is given up once, and pages go on in the server's thread", async () => {
  const broken = join(dir, "broken-worker.ts");
  await Bun.write(broken, 'throw new Error("no such module");\n');
  const reasons: string[] = [];
  const reader = createWantedListReader({
    path: join(dir, "subhound.db"),
    workerUrl: broken,
    onGiveUp: (reason) => reasons.push(reason),
  });
  try {
    expect(reader.page(FIRST_PAGE, runtime.deps.config)).toBeNull();
    await pollUntil(
      async () => reader.state,
      (s) => s === "off",
    );
    expect(reader.page(FIRST_PAGE, runtime.deps.config)).toBeNull();
    expect(reasons).toHaveLength(1);
    expect(reasons[0]).toContain("no such module");
  } finally {
    reader.close();
  }
});

test("a page asked alone is answered in the server's thread; pages that arrive together go to the worker", async () => {
  const reader = createWantedListReader({ path: join(dir, "subhound.db") });
  const nextTurn = () => new Promise((resolve) => setImmediate(resolve));
  try {
    expect(reader.page(FIRST_PAGE, runtime.deps.config)).toBeNull();
    await pollUntil(
      async () => reader.state,
      (s) => s === "ready",
    );
    await nextTurn();
    // Three requests handled in one turn of the event loop: the first here, the others in the worker.
    expect(reader.page(FIRST_PAGE, runtime.deps.config)).toBeNull();
    const second = reader.page(FIRST_PAGE, runtime.deps.config);
    const third = reader.page(FIRST_PAGE, runtime.deps.config);
    expect(second).not.toBeNull();
    expect(third).not.toBeNull();
    // While one waits in the worker, the next goes there too, whenever it comes.
    await nextTurn();
    const queued = reader.page(FIRST_PAGE, runtime.deps.config);
    expect(queued).not.toBeNull();
    expect(JSON.parse((await second!).body)).toEqual(JSON.parse((await queued!).body));
    await third;
    // Alone again: answered here.
    await nextTurn();
    expect(reader.page(FIRST_PAGE, runtime.deps.config)).toBeNull();
  } finally {
    reader.close();
  }
});

test("a new worker warms up on more pages of the view once ready; a page asked meanwhile does not wait for them and ends the warm-up", async () => {
  const events: string[] = [];
  const small = createWantedListReader({
    path: join(dir, "subhound.db"),
    answerAlone: false,
    warmUpPages: 3,
    onWarmedUp: (pages) => events.push(`warmed ${pages}`),
  });
  // So many warm-up pages that they take far longer than a page asked meanwhile.
  const long = createWantedListReader({
    path: join(dir, "subhound.db"),
    answerAlone: false,
    warmUpPages: 1_000_000,
    onWarmedUp: (pages) => events.push(`long warmed ${pages}`),
  });
  try {
    for (const reader of [small, long]) {
      expect(reader.page(FIRST_PAGE, runtime.deps.config)).toBeNull();
      await pollUntil(
        async () => reader.state,
        (s) => s === "ready",
      );
    }
    await pollUntil(
      async () => events,
      (e) => e.includes("warmed 3"),
    );
    const answer = long.page(FIRST_PAGE, runtime.deps.config);
    expect(answer).not.toBeNull();
    const page = JSON.parse((await answer!).body);
    expect(page.total).toBe(10);
    expect(page.items).toHaveLength(10);
    // The page asked ended the long warm-up well before its million pages.
    const [, longWarmed] = await pollUntil(
      async () => events,
      (e) => e.length === 2,
    );
    expect(events[0]).toBe("warmed 3");
    expect(Number(/^long warmed (\d+)$/.exec(longWarmed!)?.[1])).toBeLessThan(1_000_000);
  } finally {
    small.close();
    long.close();
  }
});
