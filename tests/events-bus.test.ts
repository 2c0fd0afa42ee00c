import { describe, expect, test } from "bun:test";
import { createEventBus } from "../src/events/bus.ts";

test("subscribers get events in order, a throwing one does not stop the others, replay after an id", () => {
  const bus = createEventBus({ replay: 3, firstId: 1 });
  const seen: number[] = [];
  bus.subscribe(() => {
    throw new Error("closed stream");
  });
  const off = bus.subscribe((e) => seen.push(e.id));
  for (let i = 0; i < 5; i++) bus.publish({ type: "job.run", data: { i } });
  off();
  bus.publish({ type: "job.run", data: {} });
  expect(seen).toEqual([1, 2, 3, 4, 5]);
  expect(bus.since(3).map((e) => e.id)).toEqual([4, 5, 6]);
  expect(bus.since(0).map((e) => e.id)).toEqual([4, 5, 6]);
});

describe("resuming after a reconnect", () => {
  test("a restarted server's ids continue above the previous run's", () => {
    const before = createEventBus({ now: () => new Date("2026-11-24T10:00:00Z") });
    let last = 0;
    for (let i = 0; i < 10_000; i++) last = before.publish({ type: "job.run", data: { i } }).id;
    const after = createEventBus({ now: () => new Date("2026-11-24T10:00:02Z") });
    const first = after.publish({ type: "job.run", data: {} }).id;
    expect(first).toBeGreaterThan(last);
    expect(Number.isSafeInteger(first)).toBe(true);
  });

  test("events after a known id replay; an id from another server run or older than the buffer asks for a resync", () => {
    const bus = createEventBus({ replay: 3, firstId: 100 });
    expect(bus.resume(99)).toEqual({ events: [], resync: null });
    for (let i = 0; i < 5; i++) bus.publish({ type: "job.run", data: { i } });
    // Buffer: 102, 103, 104.
    expect(bus.resume(101).events.map((e) => e.id)).toEqual([102, 103, 104]);
    expect(bus.resume(104)).toEqual({ events: [], resync: null });
    expect(bus.resume(100).resync).toEqual({
      reason: "more events happened than the server keeps for a reconnect",
      lastId: 104,
    });
    // A client that saw id 500 of the previous run, and one of a run whose clock was ahead.
    expect(bus.resume(500).resync).toEqual({ reason: "the server restarted since that event", lastId: 104 });
    expect(bus.resume(42).resync?.lastId).toBe(104);
  });
});
