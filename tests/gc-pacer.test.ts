import { expect, test } from "bun:test";
import { createGcPacer } from "../src/gc-pacer.ts";

test("collects at most once per interval, however often progress is reported", () => {
  let clock = 1000;
  let collections = 0;
  const pace = createGcPacer({ everyMs: 200, now: () => clock, collect: () => collections++ });
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
