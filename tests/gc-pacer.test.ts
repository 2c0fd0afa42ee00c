import { expect, test } from "bun:test";
import { createGcPacer, createScanEndCollector, createScanGcPacer } from "../src/gc-pacer.ts";

test("collects at most once per interval, however often progress is reported", () => {
  let clock = 1000;
  let collections = 0;
  const pace = createGcPacer({ everyMs: 200 }, { now: () => clock, collect: () => collections++ });
  for (const t of [1000, 1050, 1199]) {
    clock = t;
    pace();
  }
  expect(collections).toBe(0);
  for (const t of [1200, 1201, 1399]) {
    clock = t;
    pace();
  }
  expect(collections).toBe(1);
  clock = 2000;
  pace();
  pace();
  expect(collections).toBe(2);
});

test("a scan's pace: incremental scans collect concurrently every 25 ms, full scans as the caller says", () => {
  let clock = 0;
  const collected: string[] = [];
  let kind = "";
  const pace = createScanGcPacer(
    { everyMs: 100, full: true },
    { now: () => clock, collect: (full) => collected.push(`${kind} ${full ? "whole" : "concurrent"}`) },
  );
  for (clock = 0; clock <= 100; clock += 5) {
    kind = "incremental";
    pace(false);
    kind = "full";
    pace(true);
  }
  expect(collected.filter((k) => k === "incremental concurrent")).toHaveLength(4);
  expect(collected.filter((k) => k === "full whole")).toHaveLength(1);
  expect(collected).toHaveLength(5);
});

test("after a scan of 1,000 files or more, one whole collection runs in a later turn, never as the scan ends", () => {
  const collected: string[] = [];
  const later: (() => void)[] = [];
  const afterScan = createScanEndCollector({
    collect: () => collected.push("whole"),
    later: (task) => later.push(task),
  });
  afterScan(999);
  expect(later).toHaveLength(0);
  afterScan(2000);
  expect(collected).toEqual([]);
  expect(later).toHaveLength(1);
  later[0]!();
  expect(collected).toEqual(["whole"]);
});
