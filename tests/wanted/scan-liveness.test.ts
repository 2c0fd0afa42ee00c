import { afterEach, beforeEach, expect, test } from "bun:test";
import type { StreamInspector } from "../../src/media/inspector.ts";
import { makeScanner, type ScanEnv, scan, startScanEnv } from "./scan-env.ts";

let env: ScanEnv;
beforeEach(async () => {
  env = await startScanEnv();
});
afterEach(() => env.close());

test("a large scan hands the event loop back: a timer set as inspection starts fires long before it ends", async () => {
  // One series of 2,000 episodes: the files come from one pair of requests, and the native
  // reader (like this inspector) answers without any I/O the event loop would see.
  env.sonarr.generateLibrary({ seriesCount: 1, episodes: 2000 });
  let inspected = 0;
  let inspectedWhenTimerFired: number | null = null;
  const inspector: StreamInspector = {
    async inspect() {
      if (inspected++ === 0)
        setTimeout(() => {
          inspectedWhenTimerFired = inspected;
        }, 0);
      return { ok: true, streams: [], cached: false, mtimeMs: null };
    },
  };
  const result = await scan(makeScanner(env, { inspector }));
  expect(result.summary).toMatchObject({ filesSeen: 2000, added: 2000 });
  expect(inspectedWhenTimerFired).not.toBeNull();
  expect(inspectedWhenTimerFired!).toBeLessThanOrEqual(500);
});
