import { afterEach, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { manualClock } from "../../src/clock.ts";
import { openDatabase } from "../../src/db/client.ts";
import { silentLogger } from "../../src/log.ts";
import { createRuntime, type Runtime } from "../../src/server.ts";
import { type FakeSonarr, startFakeSonarr } from "../fakes/sonarr.ts";
import { testConfig } from "../support/runtime.ts";

let sonarr: FakeSonarr | null = null;
let runtime: Runtime | null = null;
let media: string | null = null;
afterEach(async () => {
  await runtime?.close();
  await sonarr?.stop();
  if (media) rmSync(media, { recursive: true, force: true });
  runtime = sonarr = media = null;
});

/** Counts requests in flight at the transport, under the runtime's per-host limit. */
function countingFetch() {
  const seen = { inFlight: 0, max: 0, total: 0 };
  const fetchImpl = async (url: string, init: RequestInit) => {
    seen.inFlight++;
    seen.total++;
    seen.max = Math.max(seen.max, seen.inFlight);
    try {
      const response = await fetch(url, init);
      // The body arrives with the response here, so the slot is held for the whole exchange.
      const body = await response.arrayBuffer();
      return new Response(body, { status: response.status, headers: response.headers });
    } finally {
      seen.inFlight--;
    }
  };
  return { seen, fetchImpl };
}

test("a scan sends at most network.maxConnectionsPerHost requests at once to one Sonarr", async () => {
  sonarr = await startFakeSonarr();
  sonarr.generateLibrary({ seriesCount: 24, episodes: 48 });
  media = mkdtempSync(join(tmpdir(), "subhound-host-limit-"));
  const { seen, fetchImpl } = countingFetch();
  runtime = createRuntime(
    testConfig({
      languages: ["en"],
      sonarr: [{ name: "main", url: sonarr.url, apiKey: sonarr.apiKey }],
      pathMappings: [{ from: "/tv", to: media }],
      network: { maxConnectionsPerHost: 2 },
    }),
    {
      log: silentLogger,
      clock: manualClock("2026-11-24T10:00:00Z"),
      db: openDatabase({ path: ":memory:" }),
      arrDeps: { fetch: fetchImpl },
    },
  );
  const started = runtime.deps.scanner.start({ mode: "full", trigger: "api" });
  if (!started.ok) throw new Error("scan did not start");
  const done = await started.done;
  expect(done.status).toBe("succeeded");
  // 1 series list + 2 per series (files, episodes); four series are listed at once, two requests each.
  expect(seen.total).toBe(1 + 24 * 2);
  expect(seen.max).toBe(2);
});
