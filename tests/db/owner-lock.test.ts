import { afterAll, expect, test } from "bun:test";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { acquireOwnerLock } from "../../src/db/owner-lock.ts";

const dir = mkdtempSync(join(tmpdir(), "subhound-owner-lock-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test("one holder at a time; the refused one learns who holds it; release frees it", () => {
  const first = acquireOwnerLock(dir, { command: "serve", startedAt: "2026-12-01T10:00:00.000Z" });
  if (!first.ok) throw new Error(first.message);
  first.lock.update({ url: "http://127.0.0.1:6868/subs" });

  const second = acquireOwnerLock(dir, { command: "serve" });
  expect(second.ok).toBe(false);
  if (second.ok) return;
  expect(second.owner).toEqual({
    pid: process.pid,
    command: "serve",
    url: "http://127.0.0.1:6868/subs",
    startedAt: "2026-12-01T10:00:00.000Z",
  });
  expect(second.message).toBe(
    `a Subhound server (pid ${process.pid} at http://127.0.0.1:6868/subs, since 2026-12-01T10:00:00.000Z) is using the data dir ${dir}`,
  );

  first.lock.release();
  expect(existsSync(join(dir, "subhound.owner.json"))).toBe(false);
  const third = acquireOwnerLock(dir, { command: "scan" });
  expect(third.ok).toBe(true);
  if (third.ok) third.lock.release();
});

test("an owner file naming a dead process names nobody", () => {
  const held = acquireOwnerLock(dir, { command: "scan" });
  if (!held.ok) throw new Error(held.message);
  // As if the holder had just taken the lock and a dead predecessor's file were still there.
  const dead = Bun.spawnSync([process.execPath, "-e", "process.pid"]).pid;
  writeFileSync(
    join(dir, "subhound.owner.json"),
    JSON.stringify({ pid: dead, command: "serve", startedAt: "x" }),
  );
  const refused = acquireOwnerLock(dir, { command: "search" });
  expect(refused).toMatchObject({
    ok: false,
    owner: null,
    message: `another Subhound process is using the data dir ${dir}`,
  });
  held.lock.release();
});
