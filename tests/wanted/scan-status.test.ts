import { afterEach, beforeEach, expect, test } from "bun:test";
import { createProcessOwner } from "../../src/runs/process-owner.ts";
import { createRunRecorder } from "../../src/runs/recorder.ts";
import { deadPid } from "../support/dead-pid.ts";
import { makeScanner, type ScanEnv, startScanEnv } from "./scan-env.ts";

let env: ScanEnv;
beforeEach(async () => {
  env = await startScanEnv();
});
afterEach(() => env.close());

test("a scan another process was running when it died shows as interrupted, not running until a restart", async () => {
  const scanner = makeScanner(env);
  // `subhound scan` next to the server, killed after the server started.
  const cli = createRunRecorder("scan", {
    db: env.db.db,
    clock: env.clock,
    owner: createProcessOwner(await deadPid()),
  });
  cli.start({ mode: "full", trigger: "cli", scopeJson: "{}" }, env.clock.now().toISOString());
  expect(scanner.status()).toMatchObject({ status: "interrupted", trigger: "cli" });
});

test("one another live process is running still shows as running", () => {
  const scanner = makeScanner(env);
  const cli = createRunRecorder("scan", { db: env.db.db, clock: env.clock, owner: createProcessOwner(1) });
  cli.start({ mode: "full", trigger: "cli", scopeJson: "{}" }, env.clock.now().toISOString());
  expect(scanner.status()).toMatchObject({ status: "running", trigger: "cli" });
});
