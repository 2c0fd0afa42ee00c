import { Database } from "bun:sqlite";
import { afterAll, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pollUntil } from "../support/poll.ts";
import { type ServerProcess, spawnServer } from "../support/process.ts";

const SRC = join(import.meta.dir, "../../src");
const dir = mkdtempSync(join(tmpdir(), "subhound-shutdown-signals-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * `subhound serve` as a real process, with two things only a test changes, given as options: the
 * shutdown's deadline, and a video whose read never returns (a dead NFS mount). It prints
 * "reading" once the first scan waits on that read.
 */
function stuckServer(name: string, shutdownDeadlineMs: number): Promise<ServerProcess> {
  const home = join(dir, name);
  const library = join(home, "library");
  mkdirSync(library, { recursive: true });
  writeFileSync(join(library, "Film (2020).mkv"), "video");
  const from = (path: string) => JSON.stringify(join(SRC, path));
  const script = `
import { processIo } from ${from("cli/command.ts")};
import { serve } from ${from("cli/serve.ts")};
import { loadConfig } from ${from("config/load.ts")};
import { createStandaloneSource } from ${from("library/standalone.ts")};
const code = await serve(loadConfig(), undefined, processIo, {
  shutdownDeadlineMs: ${shutdownDeadlineMs},
  runtime: {
    sources: [createStandaloneSource({ roots: [${JSON.stringify(library)}] })],
    inspector: {
      inspect: () => {
        console.log("reading");
        return new Promise(() => {});
      },
    },
  },
});
process.exit(code);
`;
  return spawnServer([process.execPath, "-e", script], {
    cwd: home,
    env: { PATH: process.env.PATH ?? "", SUBHOUND_DATA_DIR: join(home, "data"), SUBHOUND_PORT: "0" },
  });
}

const logLines = (server: ServerProcess) =>
  server
    .stderr()
    .split("\n")
    .filter((l) => l.startsWith("{"))
    .map((l) => JSON.parse(l));

/** The data dir's database after the process is gone: whole, with what the server committed. */
function committed(name: string) {
  const db = new Database(join(dir, name, "data", "subhound.db"));
  try {
    return {
      integrity: db.query("PRAGMA integrity_check").get(),
      scans: db.query("SELECT status FROM scan_runs").all(),
    };
  } finally {
    db.close();
  }
}

describe("stopping a server whose scan is stuck reading a video", () => {
  test("SIGTERM: past the deadline it names the stuck job at error level and exits 1, its database whole", async () => {
    const server = await stuckServer("deadline", 2_000);
    await server.stdoutMatch(/reading/);
    // Without the deadline the process would wait on the read for good (and the test time out).
    expect(await server.stop()).toBe(1);
    const errors = logLines(server).filter((l) => l.level === "error");
    expect(errors).toEqual([
      expect.objectContaining({
        msg: "shutdown deadline passed: exiting while these parts had not stopped",
        deadlineMs: 2_000,
        notStopped: ["jobs: wanted-scan"],
      }),
    ]);
    expect(server.stderr()).not.toContain('"msg":"stopped"');
    expect(committed("deadline")).toEqual({
      integrity: { integrity_check: "ok" },
      scans: [{ status: "running" }],
    });
  }, 30_000);

  test("a second SIGTERM while it stops exits 1 at once, saying so and naming what was still running", async () => {
    // A deadline far off: only the second signal can end this stop.
    const server = await stuckServer("second-signal", 600_000);
    await server.stdoutMatch(/reading/);
    server.proc.kill("SIGTERM");
    await pollUntil(
      async () => server.stderr(),
      (text) => text.includes('"msg":"shutting down"'),
    );
    expect(await server.stop()).toBe(1);
    const errors = logLines(server).filter((l) => l.level === "error");
    expect(errors).toEqual([
      expect.objectContaining({
        msg: "second signal while stopping: exiting now",
        signal: "SIGTERM",
        notStopped: ["jobs: wanted-scan"],
      }),
    ]);
    expect(committed("second-signal")).toEqual({
      integrity: { integrity_check: "ok" },
      scans: [{ status: "running" }],
    });
  }, 30_000);
});
