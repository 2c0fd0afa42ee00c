import { expect, test } from "bun:test";
import { createEventBus } from "../src/events/bus.ts";

test("subscribers get events in order, a throwing one does not stop the others, replay after an id", () => {
  const bus = createEventBus({ replay: 3 });
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
