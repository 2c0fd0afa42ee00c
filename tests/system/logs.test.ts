import { afterAll, describe, expect, test } from "bun:test";
import { manualClock } from "../../src/clock.ts";
import { openDatabase } from "../../src/db/client.ts";
import { createLogger, loggerFor } from "../../src/log.ts";
import { createLogBuffer } from "../../src/log-buffer.ts";
import { createRuntime } from "../../src/server.ts";
import { jsonOf, request, TEST_API_KEY, testConfig } from "../support/runtime.ts";

const SONARR_KEY = "sonarr-secret-key-123";

describe("the ring buffer", () => {
  test("keeps the last N lines, filters by minimum level, pages newest first by sequence", () => {
    const buffer = createLogBuffer(10);
    const log = createLogger({ level: "debug", format: "json", write: () => {}, buffer });
    for (let i = 1; i <= 14; i++) {
      const level = (["debug", "info", "warn", "error"] as const)[i % 4]!;
      log.child({ component: "scan" })[level](`line ${i}`, { i });
    }
    // 14 written, 10 kept: lines 5..14.
    const all = buffer.query({ limit: 100 });
    expect(all.entries.map((e) => e.message)).toEqual(
      [14, 13, 12, 11, 10, 9, 8, 7, 6, 5].map((i) => `line ${i}`),
    );
    expect(all.nextBefore).toBeNull();
    expect(all.entries[0]).toEqual({
      seq: 14,
      time: expect.any(String),
      level: "warn",
      component: "scan",
      message: "line 14",
      fields: { i: 14 },
    });

    // warn and error only: i % 4 is 2 or 3.
    const first = buffer.query({ level: "warn", limit: 2 });
    expect(first.entries.map((e) => [e.message, e.level])).toEqual([
      ["line 14", "warn"],
      ["line 11", "error"],
    ]);
    expect(first.nextBefore).toBe(11);
    const second = buffer.query({ level: "warn", limit: 2, before: first.nextBefore! });
    expect(second.entries.map((e) => e.message)).toEqual(["line 10", "line 7"]);
    const third = buffer.query({ level: "warn", limit: 2, before: second.nextBefore! });
    expect(third.entries.map((e) => e.message)).toEqual(["line 6"]);
    expect(third.nextBefore).toBeNull();

    // A page that ends exactly at the oldest match has no next page.
    expect(buffer.query({ level: "error", limit: 3 }).nextBefore).toBeNull();
    expect(buffer.query({ level: "error", limit: 3 }).entries.map((e) => e.seq)).toEqual([11, 7]);
    expect(buffer.query({ limit: 5, text: "LINE 1" }).entries.map((e) => e.message)).toEqual([
      "line 14",
      "line 13",
      "line 12",
      "line 11",
      "line 10",
    ]);
  });

  test("lines below the logger's level are neither written nor kept", () => {
    const buffer = createLogBuffer(10);
    const written: string[] = [];
    const log = createLogger({ level: "warn", format: "pretty", write: (l) => written.push(l), buffer });
    log.info("quiet");
    log.warn("loud", { n: 1 });
    expect(written).toHaveLength(1);
    expect(buffer.query({ limit: 10 }).entries.map((e) => [e.message, e.fields])).toEqual([
      ["loud", { n: 1 }],
    ]);
  });

  test("secrets and URL userinfo are scrubbed from kept lines exactly as from written ones", () => {
    for (const format of ["json", "pretty"] as const) {
      const buffer = createLogBuffer(10);
      const written: string[] = [];
      const config = testConfig({
        sonarr: [{ name: "main", url: "http://sonarr:8989", apiKey: SONARR_KEY }],
      });
      const log = loggerFor({ ...config, log: { ...config.log, format } }, (l) => written.push(l), buffer);
      log.child({ component: "library" }).warn(`sonarr refused ${SONARR_KEY}`, {
        url: new URL("http://user:hunter2pass@sonarr:8989/api"),
        nested: { deeper: [`key=${SONARR_KEY}`] },
        error: new Error(`401 for ${SONARR_KEY}`, { cause: new Error("http://bob:s3cretpw@host/") }),
      });
      const kept = JSON.stringify(buffer.query({ limit: 10 }));
      for (const text of [kept, ...written]) {
        expect(text).not.toContain(SONARR_KEY);
        expect(text).not.toContain("hunter2pass");
        expect(text).not.toContain("s3cretpw");
      }
      expect(kept).toContain("sonarr refused ***");
    }
  });
});

describe("GET /api/v1/system/logs", () => {
  const clock = manualClock("2026-11-24T10:00:00Z");
  const buffer = createLogBuffer(50);
  const config = testConfig({ sonarr: [{ name: "main", url: "http://sonarr:8989", apiKey: SONARR_KEY }] });
  const log = loggerFor(config, () => {}, buffer);
  const runtime = createRuntime(config, {
    log,
    logBuffer: buffer,
    clock,
    db: openDatabase({ path: ":memory:" }),
  });
  afterAll(() => runtime.close());

  test("level filter, paging with before, text search; secrets never come back", async () => {
    const providers = log.child({ component: "providers" });
    for (let i = 1; i <= 5; i++) providers.warn(`provider slow ${i}`, { apiKey: SONARR_KEY, attempt: i });
    log.error(`api key ${TEST_API_KEY} leaked? no`, { url: "http://admin:pw12345@sonarr/" });
    log.info("configuration reloaded");

    const first = await jsonOf(request(runtime, "/api/v1/system/logs?level=warn&limit=3"));
    expect(first.capacity).toBe(50);
    expect(first.entries.map((e: { level: string }) => e.level)).toEqual(["error", "warn", "warn"]);
    expect(first.entries[1]).toEqual({
      seq: expect.any(Number),
      time: expect.any(String),
      level: "warn",
      component: "providers",
      message: "provider slow 5",
      fields: { apiKey: "***", attempt: 5 },
    });
    const second = await jsonOf(
      request(runtime, `/api/v1/system/logs?level=warn&limit=3&before=${first.nextBefore}`),
    );
    expect(second.entries.map((e: { message: string }) => e.message)).toEqual([
      "provider slow 3",
      "provider slow 2",
      "provider slow 1",
    ]);
    expect(second.nextBefore).toBeNull();

    const found = await jsonOf(request(runtime, "/api/v1/system/logs?q=RELOADED"));
    expect(found.entries.map((e: { message: string }) => e.message)).toEqual(["configuration reloaded"]);

    const body = await (await request(runtime, "/api/v1/system/logs?limit=500")).text();
    expect(body).not.toContain(SONARR_KEY);
    expect(body).not.toContain(TEST_API_KEY);
    expect(body).not.toContain("pw12345");
    // The API key is scrubbed by the logger itself, not only by the API's response filter.
    expect(JSON.stringify(buffer.query({ limit: 100 }))).not.toContain(SONARR_KEY);
  });

  test("bad parameters are a 400 problem; no key is a 401", async () => {
    const bad = await request(runtime, "/api/v1/system/logs?level=loud&limit=0");
    expect(bad.status).toBe(400);
    expect(bad.headers.get("content-type")).toContain("application/problem+json");
    expect((await jsonOf(bad)).detail).toContain("level");
    expect((await request(runtime, "/api/v1/system/logs", { key: null })).status).toBe(401);
  });
});

test("text search matches what a reader sees: component, message, key=value, quotes unescaped", () => {
  const buffer = createLogBuffer(10);
  const log = createLogger({ level: "info", format: "json", write: () => {}, buffer });
  log.child({ component: "providers" }).warn('answer was "not json"', { attempt: 7, provider: "podnapisi" });
  log.child({ component: "scan" }).info("done", { attempt: 17 });
  const find = (text: string) => buffer.query({ limit: 10, text }).entries.map((e) => e.message);
  expect(find("attempt=7")).toEqual(['answer was "not json"']);
  expect(find("ATTEMPT=17")).toEqual(["done"]);
  expect(find('"not json"')).toEqual(['answer was "not json"']);
  expect(find("providers")).toEqual(['answer was "not json"']);
  // Keys of the JSON line itself are not text of the line.
  expect(find("msg")).toEqual([]);
});
