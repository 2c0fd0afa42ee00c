import { afterAll, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase } from "../../src/db/client.ts";
import { silentLogger } from "../../src/log.ts";
import { createRuntime } from "../../src/server.ts";
import { searchRefusal } from "../../src/wanted/search-guard.ts";
import { pollUntil } from "../support/poll.ts";
import { jsonOf, request, testConfig } from "../support/runtime.ts";
import { noStreams } from "./search-harness.ts";

const media = mkdtempSync(join(tmpdir(), "subhound-noprovider-"));
afterAll(() => rmSync(media, { recursive: true, force: true }));

test("with no provider enabled, every search entry point refuses, spends nothing, and health says why", async () => {
  mkdirSync(join(media, "Movie (2020)"));
  writeFileSync(join(media, "Movie (2020)", "Movie (2020).mkv"), "video");
  const runtime = createRuntime(testConfig({ languages: ["de"], standalone: { roots: [media] } }), {
    log: silentLogger,
    db: openDatabase({ path: ":memory:" }),
    inspector: noStreams,
  });
  try {
    const scan = runtime.deps.scanner.start({ mode: "full", trigger: "api" });
    if (!scan.ok) throw new Error("scan did not start");
    await scan.done;
    const items = () =>
      runtime.deps.db.sqlite
        .query<{ id: number; status: string; attempts: number; retry_after: string | null }, []>(
          "SELECT id, status, attempts, retry_after FROM wanted_items",
        )
        .all();
    const [item] = items();
    expect(item).toMatchObject({ status: "wanted", attempts: 0, retry_after: null });

    const batch = await request(runtime, "/api/v1/wanted/search", { method: "POST" });
    expect(batch.status).toBe(409);
    expect(batch.headers.get("content-type")).toBe("application/problem+json");
    expect((await jsonOf(batch)).detail).toStartWith("no subtitle provider is enabled");

    const interactive = await request(runtime, `/api/v1/wanted/${item!.id}/search`, { method: "POST" });
    expect(interactive.status).toBe(409);
    expect((await jsonOf(interactive)).detail).toStartWith("no subtitle provider is enabled");

    // The scheduled search is skipped with the reason instead of marking everything not found.
    expect(runtime.deps.scheduler.runNow("wanted-search").ok).toBe(true);
    const [run] = await pollUntil(
      async () => runtime.deps.scheduler.history("wanted-search", 1),
      (runs) => runs[0] !== undefined && runs[0].outcome !== "running",
    );
    expect(run).toMatchObject({ outcome: "succeeded" });
    expect((run!.summary as { skipped: string }).skipped).toStartWith("no subtitle provider is enabled");

    expect(items()).toEqual([item!]);
    const runs = runtime.deps.db.sqlite
      .query<{ n: number }, []>("SELECT count(*) AS n FROM search_runs")
      .get();
    expect(runs?.n).toBe(0);

    const health = await jsonOf(request(runtime, "/api/v1/health/detailed"));
    expect(health.subsystems.providers.healthy).toBe(false);
    expect(health.subsystems.providers.message).toContain("providers.podnapisi.enabled = true");
  } finally {
    await runtime.close();
  }
});

test("Whisper alone is something to search with: no refusal when it is enabled", () => {
  const none = { status: () => [] };
  expect(searchRefusal(none, { whisper: { enabled: false } })).toStartWith("no subtitle provider is enabled");
  expect(searchRefusal(none, { whisper: { enabled: true } })).toBeNull();
});
