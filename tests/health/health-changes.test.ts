import { describe, expect, test } from "bun:test";
import type { HealthChanged } from "../../src/events/bus.ts";
import type { HealthReport } from "../../src/health/detailed.ts";
import { createHealthChangeTracker, healthLevel, logHealthChange } from "../../src/health/health-changes.ts";
import { createLogger } from "../../src/log.ts";

type Subsystem = { healthy: boolean; message: string; [k: string]: unknown };

function report(subsystems: Record<string, Subsystem>): HealthReport {
  const unhealthy = Object.values(subsystems).some((s) => !s.healthy);
  return {
    status: unhealthy ? "degraded" : "healthy",
    checkedAt: "2026-11-24T10:00:00.000Z",
    critical: [],
    subsystems,
  } as unknown as HealthReport;
}

const ok = { healthy: true, message: "answers" };
const down = { healthy: false, message: "timed out after 5000 ms" };
const partly = {
  healthy: true,
  message: "1 of 2 providers answering",
  providers: [
    { name: "opensubtitles", healthy: true, message: "answering" },
    { name: "subdl", healthy: false, message: "circuit open after 5 failures" },
  ],
};

describe("health levels", () => {
  test("down when unhealthy, degraded when a listed part is not, else ok", () => {
    expect(healthLevel(ok)).toBe("ok");
    expect(healthLevel(down)).toBe("down");
    expect(healthLevel(partly)).toBe("degraded");
    expect(healthLevel({ ...partly, healthy: false })).toBe("down");
  });
});

describe("health changes: consecutive reports compared, flaps ignored", () => {
  function tracker() {
    const changes: HealthChanged[] = [];
    return { changes, observe: createHealthChangeTracker({ onChange: (c) => changes.push(c) }).observe };
  }

  test("the first report is the baseline, and an unchanged poll sends nothing", () => {
    const t = tracker();
    t.observe(report({ arr_connectivity: down, database: ok }));
    for (let i = 0; i < 5; i++) t.observe(report({ arr_connectivity: down, database: ok }));
    expect(t.changes).toEqual([]);
  });

  test("a new level counts once it held for two reports in a row, and only once", () => {
    const t = tracker();
    t.observe(report({ arr_connectivity: ok, providers: ok }));
    expect(t.observe(report({ arr_connectivity: down, providers: ok }))).toBeNull();
    t.observe(report({ arr_connectivity: down, providers: ok }));
    t.observe(report({ arr_connectivity: down, providers: ok }));
    expect(t.changes).toEqual([
      {
        status: "degraded",
        changes: [
          { subsystem: "arr_connectivity", from: "ok", to: "down", message: "timed out after 5000 ms" },
        ],
      },
    ]);
  });

  test("a one-report flap is not sent; recovery and partial trouble are, several in one message", () => {
    const t = tracker();
    t.observe(report({ arr_connectivity: ok, providers: ok }));
    t.observe(report({ arr_connectivity: down, providers: ok }));
    t.observe(report({ arr_connectivity: ok, providers: ok }));
    t.observe(report({ arr_connectivity: ok, providers: ok }));
    expect(t.changes).toEqual([]);

    t.observe(report({ arr_connectivity: down, providers: partly }));
    t.observe(report({ arr_connectivity: down, providers: partly }));
    t.observe(report({ arr_connectivity: ok, providers: ok }));
    t.observe(report({ arr_connectivity: ok, providers: ok }));
    expect(t.changes.map((c) => c.changes.map((x) => `${x.subsystem} ${x.from}→${x.to}`))).toEqual([
      ["arr_connectivity ok→down", "providers ok→degraded"],
      ["arr_connectivity down→ok", "providers degraded→ok"],
    ]);
  });
});

test("each confirmed change is one log line: a warning when worse, info when it recovers", () => {
  const lines: { level: string; msg: string; subsystem: string }[] = [];
  const log = createLogger({ format: "json", write: (line) => lines.push(JSON.parse(line)) });
  logHealthChange(log, {
    status: "degraded",
    changes: [
      { subsystem: "arr_connectivity", from: "ok", to: "down", message: "sonarr main: timed out" },
      { subsystem: "providers", from: "down", to: "ok", message: "1 enabled" },
    ],
  });
  expect(lines.map((l) => [l.level, l.msg, l.subsystem])).toEqual([
    ["warn", "health: arr_connectivity is down", "arr_connectivity"],
    ["info", "health: providers is ok again", "providers"],
  ]);
});
