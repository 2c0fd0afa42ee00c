import { expect, test } from "bun:test";
import { createYielder } from "../src/event-loop.ts";

test("a yielder hands the event loop back every `everyItems` calls, also to concurrent callers", async () => {
  const pause = createYielder({ everyItems: 10, everyMs: 60_000 });
  let fired = false;
  setImmediate(() => {
    fired = true;
  });
  const seen: boolean[] = [];
  const worker = async () => {
    for (let i = 0; i < 15; i++) {
      await pause();
      seen.push(fired);
    }
  };
  await Promise.all([worker(), worker()]);
  expect(seen).toHaveLength(30);
  // Nine calls run on in microtasks; the tenth waits for a turn of the loop, with every worker.
  expect(seen.slice(0, 9)).toEqual(Array(9).fill(false));
  expect(seen.slice(10)).toEqual(Array(20).fill(true));
});
