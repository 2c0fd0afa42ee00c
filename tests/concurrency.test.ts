import { expect, test } from "bun:test";
import { forEachConcurrent } from "../src/concurrency.ts";

/** Work that waits until released, so a test sees how many run at once. */
function gatedWork() {
  const running = new Set<number>();
  let peak = 0;
  const waiting: (() => void)[] = [];
  const done: number[] = [];
  return {
    work: async (n: number) => {
      running.add(n);
      peak = Math.max(peak, running.size);
      await new Promise<void>((resolve) => waiting.push(resolve));
      running.delete(n);
      done.push(n);
    },
    releaseAll: async () => {
      while (waiting.length > 0 || running.size > 0) {
        waiting.splice(0).forEach((r) => {
          r();
        });
        await Promise.resolve();
        await new Promise<void>((r) => setImmediate(r));
      }
    },
    peak: () => peak,
    done,
  };
}

test("at most `size` at once, every item once, in list order", async () => {
  const gate = gatedWork();
  const run = forEachConcurrent([1, 2, 3, 4, 5, 6, 7], 3, gate.work);
  await gate.releaseAll();
  await run;
  expect(gate.peak()).toBe(3);
  expect([...gate.done].sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
});

test("nothing new starts once the signal aborts or stop() says so; started work finishes", async () => {
  const seen: number[] = [];
  const controller = new AbortController();
  await forEachConcurrent(
    [1, 2, 3, 4, 5],
    1,
    async (n) => {
      seen.push(n);
      if (n === 2) controller.abort();
    },
    { signal: controller.signal },
  );
  expect(seen).toEqual([1, 2]);

  const stopped: number[] = [];
  await forEachConcurrent([1, 2, 3, 4], 2, async (n) => void stopped.push(n), {
    stop: () => stopped.length >= 3,
  });
  expect(stopped).toEqual([1, 2, 3]);
});

test("an empty list or a size above the list length is fine", async () => {
  await forEachConcurrent([], 4, async () => {
    throw new Error("never called");
  });
  const seen: number[] = [];
  await forEachConcurrent([1], 8, async (n) => void seen.push(n));
  expect(seen).toEqual([1]);
});
