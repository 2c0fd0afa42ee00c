import { afterAll, describe, expect, test } from "bun:test";
import { manualClock } from "../../src/clock.ts";
import { openDatabase } from "../../src/db/client.ts";
import { migrate } from "../../src/db/migrate.ts";
import { createProcessOwner, isOwnerGone, leaseOwnerFor } from "../../src/runs/process-owner.ts";
import { createRunRecorder } from "../../src/runs/recorder.ts";
import { releaseDeadLeases } from "../../src/wanted/store/index.ts";
import { deadPid } from "../support/dead-pid.ts";

// A process that is certainly alive (and not us) while the tests run: a CLI next to the server.
const neighbour = Bun.spawn([process.execPath, "-e", "setInterval(() => {}, 60000)"], {
  stdin: "ignore",
  stdout: "ignore",
  stderr: "ignore",
});
afterAll(async () => {
  neighbour.kill();
  await neighbour.exited;
});

describe("process owners", () => {
  test("gone: no owner, a dead pid, our own pid from an earlier start; alive: ours, a live neighbour", async () => {
    const self = createProcessOwner();
    const check = { self };
    expect(isOwnerGone(null, check)).toBe(true);
    expect(isOwnerGone(`${await deadPid()}.abcd1234`, check)).toBe(true);
    expect(isOwnerGone(`${process.pid}.00000000/run-3`, check)).toBe(true);
    expect(isOwnerGone("run-3", check)).toBe(true);
    expect(isOwnerGone(self, check)).toBe(false);
    expect(isOwnerGone(leaseOwnerFor(self, "run-3"), check)).toBe(false);
    expect(isOwnerGone(`${neighbour.pid}.abcd1234/run-9`, check)).toBe(false);
  });
});

describe("closing what a dead process left", () => {
  test("runs of dead processes are interrupted; a live process's and our own keep running", async () => {
    const db = openDatabase({ path: ":memory:" });
    migrate(db.sqlite);
    const clock = manualClock("2026-11-24T10:00:00Z");
    const dead = `${await deadPid()}.abcd1234`;
    const live = `${neighbour.pid}.abcd1234`;
    const ids: Record<string, number> = {};
    for (const [name, owner] of [
      ["dead", dead],
      ["live", live],
      ["self", "self"],
    ] as const) {
      ids[name] = createRunRecorder("search", { db: db.db, clock, owner }).start({ trigger: "api" });
    }
    db.sqlite.run(
      "INSERT INTO search_runs (trigger, status, started_at) VALUES ('api', 'running', '2026-01-01')",
    );
    const self = createRunRecorder("search", { db: db.db, clock, owner: "self" });
    clock.advance(1000);
    expect(self.interruptDead()).toEqual([ids.dead!, 4]);
    const rows = db.sqlite
      .query<{ id: number; status: string; finished_at: string | null }, []>(
        "SELECT id, status, finished_at FROM search_runs ORDER BY id",
      )
      .all();
    expect(rows).toEqual([
      { id: 1, status: "interrupted", finished_at: "2026-11-24T10:00:01.000Z" },
      { id: 2, status: "running", finished_at: null },
      { id: 3, status: "running", finished_at: null },
      { id: 4, status: "interrupted", finished_at: "2026-11-24T10:00:01.000Z" },
    ]);
    db.close();
  });

  test("leases of dead processes are freed at once, long before they run out; live ones stay", async () => {
    const db = openDatabase({ path: ":memory:" });
    migrate(db.sqlite);
    const { sqlite } = db;
    sqlite.run(
      `INSERT INTO media_files (source, instance, media_key, kind, title, arr_path, path, size, last_seen_at)
       VALUES ('sonarr', 'main', 'e:1', 'episode', 'Show', '/tv/a.mkv', '/media/a.mkv', 1, '2026-11-24')`,
    );
    const self = createProcessOwner();
    const owners = [
      `${await deadPid()}.abcd1234/run-1`,
      `${neighbour.pid}.abcd1234/run-2`,
      leaseOwnerFor(self, "run-3"),
      "run-4",
    ];
    for (const [i, owner] of owners.entries()) {
      sqlite.run(
        `INSERT INTO wanted_items (media_file_id, instance, kind, language, variant, status, lease_owner, lease_expires_at, added_at, updated_at)
         VALUES (1, 'main', 'episode', ?, 'full', 'searching', ?, '2026-11-24T10:15:00.000Z', '2026-11-24', '2026-11-24')`,
        [`l${i}`, owner],
      );
    }
    expect(releaseDeadLeases(sqlite, { self }, "2026-11-24T10:00:00.000Z")).toEqual([1, 4]);
    expect(
      sqlite
        .query<{ status: string; lease_owner: string | null }, []>(
          "SELECT status, lease_owner FROM wanted_items ORDER BY id",
        )
        .all(),
    ).toEqual([
      { status: "wanted", lease_owner: null },
      { status: "searching", lease_owner: owners[1]! },
      { status: "searching", lease_owner: owners[2]! },
      { status: "wanted", lease_owner: null },
    ]);
    db.close();
  });
});
