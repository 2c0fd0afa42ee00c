import { afterEach, describe, expect, test } from "bun:test";
import { configSchema } from "../../src/config/schema.ts";
import { createLogger } from "../../src/log.ts";
import { createMediaServerManager } from "../../src/mediaservers/manager.ts";
import { startFakeEmby } from "../fakes/emby.ts";
import type { FakeService } from "../fakes/fake-service.ts";
import { startFakeJellyfin } from "../fakes/jellyfin.ts";
import { startFakePlex } from "../fakes/plex.ts";
import { pollUntil } from "../support/poll.ts";
import { testRuntime } from "../support/runtime.ts";

const started: FakeService[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((f) => f.stop()));
});

/** A switched-off media server as a refresh meets it: the connection opens, no answer ever comes. */
async function hungServer(type: "plex" | "jellyfin" | "emby") {
  const fake =
    type === "plex"
      ? await startFakePlex()
      : type === "jellyfin"
        ? await startFakeJellyfin()
        : await startFakeEmby();
  started.push(fake);
  await fake.setMode("slow");
  const apiKey = "token" in fake ? fake.token : fake.apiKey;
  return { fake, entry: { type, url: fake.url, apiKey, pathMappings: [{ from: "/data", to: "/mnt" }] } };
}

const reached = (fake: FakeService) =>
  pollUntil(
    async () => fake.requests.length,
    (n) => n > 0,
  );

describe("a media-server refresh at shutdown", () => {
  for (const type of ["plex", "jellyfin", "emby"] as const) {
    test(`${type}: a refresh waiting on a server that never answers ends as soon as the shutdown signal fires`, async () => {
      const { fake, entry } = await hungServer(type);
      const lines: string[] = [];
      const shutdown = new AbortController();
      const manager = createMediaServerManager(configSchema.parse({ mediaServers: [entry] }).mediaServers, {
        log: createLogger({ level: "debug", format: "json", write: (l) => lines.push(l) }),
        // The request's own timeout never fires: only the shutdown can end it.
        timeoutSignal: () => new AbortController().signal,
        signal: shutdown.signal,
      });
      // As the search's tools call it: no signal of the caller's.
      const refresh = manager.refreshAll("/mnt/tv/Show/S01/e1.en.srt");
      await reached(fake);
      shutdown.abort();
      const [result] = await refresh;
      expect(result).toMatchObject({ ok: false, error: { kind: "aborted" } });
      // A cancelled refresh says nothing about the server: no warning, no failure counted.
      expect(lines.some((l) => l.includes("media server refresh failed"))).toBe(false);
      expect(manager.stats()[0]).toMatchObject({ refreshes: 1, failures: 0, lastError: null });
      // Once shut down, a later refresh is not even sent.
      const sent = fake.requests.length;
      const [after] = await manager.refreshAll("/mnt/tv/Show/S01/e2.en.srt");
      expect(after).toMatchObject({ ok: false, error: { kind: "aborted" } });
      expect(fake.requests).toHaveLength(sent);
    });
  }

  test("the caller's signal still ends a refresh when a shutdown signal is given too", async () => {
    const { fake, entry } = await hungServer("jellyfin");
    const manager = createMediaServerManager(configSchema.parse({ mediaServers: [entry] }).mediaServers, {
      log: createLogger({ level: "error", format: "json", write: () => {} }),
      timeoutSignal: () => new AbortController().signal,
      signal: new AbortController().signal,
    });
    const caller = new AbortController();
    const refresh = manager.refreshAll("/mnt/tv/Show/S01/e1.en.srt", caller.signal);
    await reached(fake);
    caller.abort();
    expect((await refresh)[0]).toMatchObject({ ok: false, error: { kind: "aborted" } });
  });

  test("closing the runtime ends a refresh in flight to a Plex that never answers", async () => {
    const { fake, entry } = await hungServer("plex");
    const runtime = testRuntime({ mediaServers: [entry] });
    const refresh = runtime.deps.mediaServers.refreshAll("/mnt/tv/Show/S01/e1.en.srt");
    await reached(fake);
    await runtime.close();
    // Without the shutdown's signal it would hold on for its 15 s timeout and end as "timeout".
    expect((await refresh)[0]).toMatchObject({ ok: false, error: { kind: "aborted" } });
  });
});
