import { expect, test } from "bun:test";
import { createYielder } from "../src/event-loop.ts";

test("a yielder hands the event loop back every `everyItems` calls, also to concurrent callers", async () => {
  const pause = createYielder({ everyItems: 10, everyMs: 60_000 });
  const order: string[] = [];
  let ticks = 0;
  const timer = setInterval(() => ticks++, 0);
  try {
    const worker = async (name: string) => {
      for (let i = 0; i < 30; i++) {
        await pause();
        order.push(`${name}${ticks > 0 ? "+" : ""}`);
      }
    };
    await Promise.all([worker("a"), worker("b")]);
  } finally {
    clearInterval(timer);
  }
  expect(order).toHaveLength(60);
  // Before the first yield no timer ran; after it, timers had their turn.
  expect(order.slice(0, 9).every((s) => !s.endsWith("+"))).toBe(true);
  expect(order.at(-1)!.endsWith("+")).toBe(true);
  expect(ticks).toBeGreaterThan(0);
});
