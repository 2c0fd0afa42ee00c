import { Database } from "bun:sqlite";
import { afterAll, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { manualClock } from "../../src/clock.ts";
import { openDatabase } from "../../src/db/client.ts";
import { createStandaloneSource } from "../../src/library/standalone.ts";
import { startServer } from "../../src/listen.ts";
import { createLogger } from "../../src/log.ts";
import { createRuntime } from "../../src/server.ts";
import { createStopTracker, type DeadlineTimer, stopWithin } from "../../src/system/shutdown-deadline.ts";
import { pollUntil } from "../support/poll.ts";
import { testConfig, testRuntime } from "../support/runtime.ts";

const root = mkdtempSync(join(tmpdir(), "subhound-shutdown-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A deadline fired by hand; `cleared` tells whether a stop that ended in time let go of it. */
function manualTimer() {
  let fire: () => void = () => {};
  const state = { armedMs: null as number | null, cleared: false };
  const timer: DeadlineTimer = (ms) => {
    state.armedMs = ms;
    const expired = new Promise<void>((r) => {
      fire = r;
    });
    return {
      expired,
      clear: () => {
        state.cleared = true;
      },
    };
  };
  return { timer, state, fire: () => fire() };
}

describe("the stop tracker", () => {
  test("graceful waits are cut so that what they then cancel still has a quarter of the deadline", () => {
    let now = 1_000;
    const stop = createStopTracker({ deadlineMs: 20_000, now: () => now });
    expect(stop.grace(10_000)).toBe(10_000);
    now += 8_000;
    expect(stop.grace(10_000)).toBe(7_000);
    now += 7_000;
    expect(stop.grace(10_000)).toBe(0);
    now += 10_000;
    expect(stop.grace(10_000)).toBe(0);
  });

  test("without a deadline every graceful wait gets what it asks for", () => {
    expect(createStopTracker().grace(10_000)).toBe(10_000);
  });

  test("names the parts started and not settled, a failed one settled too", async () => {
    const stop = createStopTracker({ deadlineMs: 1_000 });
    let release: () => void = () => {};
    const held = stop.part("scan", () => new Promise<void>((r) => (release = r)));
    const failed = stop.part("webhooks", () => {
      throw new Error("boom");
    });
    await expect(failed).rejects.toThrow("boom");
    void stop.part("search", () => new Promise<void>(() => {}));
    expect(stop.unfinished()).toEqual(["scan", "search"]);
    release();
    await held;
    expect(stop.unfinished()).toEqual(["search"]);
  });

  test("stopWithin: past the deadline, the parts still running; in time, stopped and the timer let go", async () => {
    const late = manualTimer();
    const stop = createStopTracker({ deadlineMs: 5_000 });
    const outcome = stopWithin(() => stop.part("scan", () => new Promise<void>(() => {})), stop, {
      deadlineMs: 5_000,
      timer: late.timer,
    });
    expect(late.state.armedMs).toBe(5_000);
    late.fire();
    expect(await outcome).toEqual({ stopped: false, unfinished: ["scan"] });

    const prompt = manualTimer();
    const quick = createStopTracker({ deadlineMs: 5_000 });
    expect(
      await stopWithin(() => quick.part("scan", async () => {}), quick, {
        deadlineMs: 5_000,
        timer: prompt.timer,
      }),
    ).toEqual({ stopped: true });
    expect(prompt.state.cleared).toBe(true);
  });
});

function serverWithStuckScan(name: string) {
  const dir = join(root, name);
  const library = join(dir, "library");
  mkdirSync(library, { recursive: true });
  const lines: string[] = [];
  const log = createLogger({ level: "info", format: "json", write: (l) => lines.push(l) });
  const dbPath = join(dir, "subhound.db");
  let reading: () => void = () => {};
  const reached = new Promise<void>((r) => {
    reading = r;
  });
  writeFileSync(join(library, "Film (2020).mkv"), "video");
  const runtime = createRuntime(testConfig({ dataDir: dir, server: { host: "127.0.0.1", port: 0 } }), {
    log,
    clock: manualClock("2026-11-24T10:00:00Z"),
    db: openDatabase({ path: dbPath, wal: true }),
    sources: [createStandaloneSource({ roots: [library] })],
    // A read of the video on a dead NFS mount: it never returns, and no cancel reaches it.
    inspector: {
      inspect: () => {
        reading();
        return new Promise(() => {});
      },
    },
  });
  return { runtime, lines, dbPath, reached };
}

describe("a server's shutdown past its deadline", () => {
  test("names the scan that never stopped at error level, closes the database as it stands and reports it", async () => {
    const { runtime, lines, dbPath, reached } = serverWithStuckScan("stuck-scan");
    const deadline = manualTimer();
    const server = startServer(runtime, { shutdownDeadlineMs: 20_000, deadlineTimer: deadline.timer });
    const scan = runtime.deps.scanner.start({ mode: "full", trigger: "api" });
    expect(scan.ok).toBe(true);
    await reached;

    const outcome = server.shutdown("test");
    // Every other part stops; the scan waits on its directory read for good.
    await pollUntil(
      async () => server.stillStopping(),
      (parts) => parts.join() === "scan",
    );
    deadline.fire();
    expect(await outcome).toEqual({ stopped: false, unfinished: ["scan"] });

    const errors = lines.map((l) => JSON.parse(l)).filter((l) => l.level === "error");
    expect(errors).toEqual([
      expect.objectContaining({
        msg: "shutdown deadline passed: exiting while these parts had not stopped",
        deadlineMs: 20_000,
        notStopped: ["scan"],
      }),
    ]);
    expect(lines.some((l) => l.includes('"msg":"stopped"'))).toBe(false);
    // The server's connection is closed: nothing more is written through it.
    expect(() => runtime.deps.db.sqlite.query("SELECT 1").get()).toThrow();

    // What was committed (the scan's start) is there, in a database that checks out whole.
    const reopened = new Database(dbPath);
    try {
      expect(reopened.query("PRAGMA integrity_check").get()).toEqual({ integrity_check: "ok" });
      expect(reopened.query("SELECT status FROM scan_runs").all()).toEqual([{ status: "running" }]);
    } finally {
      reopened.close();
    }
  });

  test("a stop that ends in time closes everything, says so and lets go of the deadline", async () => {
    const { runtime, lines } = serverWithStuckScan("no-scan");
    const deadline = manualTimer();
    const server = startServer(runtime, { deadlineTimer: deadline.timer });
    expect(await server.shutdown("test")).toEqual({ stopped: true });
    expect(deadline.state).toEqual({ armedMs: 20_000, cleared: true });
    expect(lines.some((l) => l.includes('"msg":"stopped"'))).toBe(true);
    expect(server.stillStopping()).toEqual([]);
  });
});

test("a runtime closed twice (a stop, then a test's cleanup) closes once and settles both", async () => {
  const runtime = testRuntime();
  await runtime.close();
  await expect(runtime.close()).resolves.toBeUndefined();
});
