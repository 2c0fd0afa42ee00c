import { afterAll, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConfigError } from "../../src/config/load.ts";
import type { Config } from "../../src/config/schema.ts";
import { openDatabase } from "../../src/db/client.ts";
import { silentLogger } from "../../src/log.ts";
import { createRuntime } from "../../src/server.ts";
import { pollUntil } from "../support/poll.ts";
import { spawnSourceServer } from "../support/process.ts";
import { jsonOf, request, TEST_API_KEY, testConfig } from "../support/runtime.ts";

const dir = mkdtempSync(join(tmpdir(), "subhound-reload-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test("POST /system/reload applies new schedules at once and names what needs a restart", async () => {
  let next: Config | Error = testConfig({
    scan: { schedule: "0 3 * * *" },
    languages: ["de"],
    log: { level: "debug" },
  });
  const rt = createRuntime(testConfig(), {
    log: silentLogger,
    db: openDatabase({ path: ":memory:" }),
    loadConfig: () => {
      if (next instanceof Error) throw next;
      return next;
    },
  });
  try {
    const before = (await jsonOf(request(rt, "/api/v1/tasks"))).find(
      (t: { name: string }) => t.name === "wanted-scan",
    );
    const res = await request(rt, "/api/v1/system/reload", { method: "POST" });
    expect(res.status).toBe(200);
    expect(await jsonOf(res)).toEqual({ rescheduled: ["wanted-scan"], restartNeeded: ["log.level"] });
    const after = (await jsonOf(request(rt, "/api/v1/tasks"))).find(
      (t: { name: string }) => t.name === "wanted-scan",
    );
    expect(after.schedule).toBe("0 3 * * *");
    expect(after.nextRun).not.toBe(before.nextRun);

    next = new ConfigError("scan.schedule: invalid cron expression");
    const bad = await request(rt, "/api/v1/system/reload", { method: "POST" });
    expect(bad.status).toBe(400);
    expect((await jsonOf(bad)).detail).toContain("scan.schedule");
    const unchanged = (await jsonOf(request(rt, "/api/v1/tasks"))).find(
      (t: { name: string }) => t.name === "wanted-scan",
    );
    expect(unchanged.schedule).toBe("0 3 * * *");
  } finally {
    await rt.close();
  }
});

test("SIGHUP makes a running server re-read config.toml and reschedule", async () => {
  const data = join(dir, "data");
  mkdirSync(data, { recursive: true });
  writeFileSync(join(data, "config.toml"), '[scan]\nschedule = "0 */6 * * *"\n');
  const server = await spawnSourceServer({ cwd: dir, dataDir: data, apiKey: TEST_API_KEY });
  const schedule = async () => {
    const tasks = await (
      await fetch(`${server.url}/api/v1/tasks`, { headers: { "X-Api-Key": TEST_API_KEY } })
    ).json();
    return (tasks as { name: string; schedule: string }[]).find((t) => t.name === "wanted-scan")!.schedule;
  };
  try {
    expect(await schedule()).toBe("0 */6 * * *");
    writeFileSync(join(data, "config.toml"), '[scan]\nschedule = "15 4 * * *"\n');
    server.proc.kill("SIGHUP");
    expect(await pollUntil(schedule, (s) => s === "15 4 * * *")).toBe("15 4 * * *");
  } finally {
    expect(await server.stop()).toBe(0);
  }
});
