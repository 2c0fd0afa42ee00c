import { describe, expect, test } from "bun:test";
import { manualClock } from "../../src/clock.ts";
import { openDatabase } from "../../src/db/client.ts";
import { migrate } from "../../src/db/migrate.ts";
import { silentLogger } from "../../src/log.ts";
import { RUN_STATUSES } from "../../src/runs/status.ts";
import { createRuntime, type Runtime } from "../../src/server.ts";
import { jsonOf, request, testConfig } from "../support/runtime.ts";

/** A runtime over a database in which a process that is gone left a scan, a search and a job running. */
function afterACrash(): Runtime {
  const db = openDatabase({ path: ":memory:" });
  migrate(db.sqlite);
  // No pid is this high (Linux caps pids at 2^22), so the owner is certainly dead.
  const gone = "999999999.abcd1234";
  db.sqlite.run(
    "INSERT INTO scan_runs (mode, trigger, status, owner, started_at) VALUES ('full', 'api', 'running', ?, '2026-11-24T09:00:00.000Z')",
    [gone],
  );
  db.sqlite.run(
    "INSERT INTO search_runs (trigger, status, owner, started_at) VALUES ('api', 'running', ?, '2026-11-24T09:00:00.000Z')",
    [gone],
  );
  db.sqlite.run(
    "INSERT INTO job_runs (job, trigger, outcome, owner, started_at) VALUES ('maintenance', 'schedule', 'running', ?, '2026-11-24T09:00:00.000Z')",
    [gone],
  );
  return createRuntime(testConfig(), { log: silentLogger, clock: manualClock("2026-11-24T10:00:00Z"), db });
}

const statusesOf = async (rt: Runtime) => {
  const tasks = await jsonOf(request(rt, "/api/v1/tasks"));
  return {
    scan: (await jsonOf(request(rt, "/api/v1/wanted/scan"))).status,
    search: (await jsonOf(request(rt, "/api/v1/wanted/search"))).status,
    task: (await jsonOf(request(rt, "/api/v1/tasks/maintenance/history")))[0].outcome,
    taskLast: tasks.find((t: { name: string }) => t.name === "maintenance").lastOutcome,
  };
};

describe("one run status vocabulary", () => {
  test("scan, search and task responses say the same word for the same end", async () => {
    const rt = afterACrash();
    try {
      expect(await statusesOf(rt)).toEqual({
        scan: "interrupted",
        search: "interrupted",
        task: "interrupted",
        taskLast: "interrupted",
      });
      // Health reports are cached briefly, so it is asked once.
      const health = await jsonOf(request(rt, "/api/v1/health/detailed"));
      expect(health.subsystems.scheduler.lastScan.status).toBe("interrupted");

      const scan = rt.deps.scanner.start({ mode: "full", trigger: "api" });
      if (scan.ok) await scan.done;
      await rt.deps.searcher.start({ trigger: "api" }).done;
      expect((await request(rt, "/api/v1/tasks/maintenance/run", { method: "POST" })).status).toBe(202);
      await rt.deps.scheduler.whenIdle("maintenance");
      expect(await statusesOf(rt)).toEqual({
        scan: "succeeded",
        search: "succeeded",
        task: "succeeded",
        taskLast: "succeeded",
      });
    } finally {
      await rt.close();
    }
  });

  test("every run status in the spec is the one RunStatus schema", async () => {
    const rt = afterACrash();
    try {
      const spec = await jsonOf(request(rt, "/openapi.json", { key: null }));
      const schemas = spec.components.schemas;
      expect(schemas.RunStatus.enum).toEqual([...RUN_STATUSES]);
      const ref = { $ref: "#/components/schemas/RunStatus" };
      expect(schemas.ScanProgress.properties.status).toEqual(ref);
      expect(schemas.SearchRun.properties.status).toEqual(ref);
      expect(schemas.TaskRun.properties.outcome).toEqual(ref);
      expect(JSON.stringify(schemas.Task.properties.lastOutcome)).toContain(ref.$ref);
    } finally {
      await rt.close();
    }
  });
});
