import { afterEach, describe, expect, test } from "bun:test";
import { configSchema } from "../../src/config/schema.ts";
import { createLogger } from "../../src/log.ts";
import { createMediaServerManager, TIMEOUT_COOL_DOWN_MS } from "../../src/mediaservers/manager.ts";
import { type FakeJellyfin, startFakeJellyfin } from "../fakes/jellyfin.ts";
import { type FakePlex, startFakePlex } from "../fakes/plex.ts";
import { pollUntil } from "../support/poll.ts";

let jellyfin: FakeJellyfin | null = null;
let plex: FakePlex | null = null;
afterEach(async () => {
  await jellyfin?.stop();
  await plex?.stop();
  jellyfin = plex = null;
});

async function setup() {
  jellyfin = await startFakeJellyfin();
  plex = await startFakePlex();
  const config = configSchema.parse({
    mediaServers: [
      {
        type: "jellyfin",
        url: jellyfin.url,
        apiKey: jellyfin.apiKey,
        pathMappings: [{ from: "/media", to: "/mnt" }],
      },
      {
        type: "plex",
        name: "plex-main",
        url: plex.url,
        apiKey: plex.token,
        pathMappings: [{ from: "/data", to: "/mnt" }],
      },
      { type: "emby", url: "http://127.0.0.1:1", apiKey: "unused", enabled: false },
    ],
  });
  const lines: string[] = [];
  const log = createLogger({ level: "debug", format: "json", write: (l) => lines.push(l) });
  return { jellyfin, plex, manager: createMediaServerManager(config.mediaServers, { log }), lines };
}

describe("media server manager", () => {
  test("refreshes every enabled server with its own path mapping", async () => {
    const { jellyfin, plex, manager } = await setup();
    expect(manager.servers.map((s) => s.name)).toEqual(["jellyfin", "plex-main"]);
    const results = await manager.refreshAll("/mnt/tv/Show/S01/e1.en.srt");
    expect(results.map((r) => r.ok)).toEqual([true, true]);
    expect(jellyfin.updates[0]?.Path).toBe("/media/tv/Show/S01/e1.en.srt");
    expect(plex.refreshes).toEqual([{ key: "2", path: "/data/tv/Show/S01" }]);
    expect(manager.stats()).toEqual([
      { name: "jellyfin", type: "jellyfin", refreshes: 1, failures: 0, lastError: null },
      { name: "plex-main", type: "plex", refreshes: 1, failures: 0, lastError: null },
    ]);
  });

  test("never throws: failures are logged and counted per server", async () => {
    const { jellyfin, manager, lines } = await setup();
    await jellyfin.setMode("down");
    const results = await manager.refreshAll("/mnt/tv/Show/e.srt");
    expect(results.map((r) => r.ok)).toEqual([false, true]);
    const [jf] = manager.stats();
    expect(jf).toMatchObject({ refreshes: 1, failures: 1 });
    expect(jf?.lastError).toContain('jellyfin "jellyfin": POST /Library/Media/Updated failed');
    expect(
      lines.some((l) => l.includes("media server refresh failed") && l.includes('"server":"jellyfin"')),
    ).toBe(true);
  });

  test("health of every server", async () => {
    const { plex, manager } = await setup();
    await plex.setMode("down");
    const health = await manager.healthCheck();
    expect(health.map((h) => [h.name, h.type, h.healthy])).toEqual([
      ["jellyfin", "jellyfin", true],
      ["plex-main", "plex", false],
    ]);
  });
});

describe("a server that does not answer", () => {
  test("after a timeout it is not asked again for a while, so each saved subtitle does not wait out the timeout", async () => {
    jellyfin = await startFakeJellyfin();
    await jellyfin.setMode("slow");
    const [entry] = configSchema.parse({
      mediaServers: [{ type: "jellyfin", url: jellyfin.url, apiKey: jellyfin.apiKey }],
    }).mediaServers;
    let clock = Date.parse("2026-11-24T10:00:00Z");
    // The per-request timeout fires by hand once the request has reached the hung server.
    const timeouts: AbortController[] = [];
    const manager = createMediaServerManager([entry!], {
      log: createLogger({ level: "error", format: "json", write: () => {} }),
      now: () => new Date(clock),
      timeoutSignal: () => {
        const timeout = new AbortController();
        timeouts.push(timeout);
        return timeout.signal;
      },
    });
    const first = manager.refreshAll("/tv/Show/e1.en.srt");
    await pollUntil(
      async () => jellyfin!.requests.length,
      (n) => n === 1,
    );
    timeouts[0]!.abort();
    expect((await first)[0]).toMatchObject({ ok: false, error: { kind: "timeout" } });

    clock += TIMEOUT_COOL_DOWN_MS - 1;
    const [skipped] = await manager.refreshAll("/tv/Show/e2.en.srt");
    expect(jellyfin.requests).toHaveLength(1);
    expect(skipped).toMatchObject({ ok: false, error: { kind: "timeout" } });
    expect(skipped!.ok ? "" : skipped!.error.message).toBe(
      'jellyfin "jellyfin": refresh skipped: a request timed out at 2026-11-24T10:00:00.000Z; asked again from 2026-11-24T10:01:00.000Z',
    );
    expect(manager.stats()[0]).toMatchObject({ refreshes: 2, failures: 2 });

    clock += 1;
    await jellyfin.setMode("up");
    expect((await manager.refreshAll("/tv/Show/e3.en.srt"))[0]!.ok).toBe(true);
    expect(jellyfin.updates.map((u) => u.Path)).toEqual(["/tv/Show/e3.en.srt"]);
  });
});
