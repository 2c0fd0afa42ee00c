import { expect, test } from "bun:test";
import { retrying, type Try } from "../../src/net/retry.ts";

/** A sleep that records what it was asked to wait instead of waiting. */
function recordedSleep() {
  const waits: number[] = [];
  return { waits, sleep: async (ms: number) => void waits.push(ms) };
}

const failing = (retry: boolean, waitMs?: number): Try<never, string> => ({
  ok: false,
  failure: `try failed`,
  retry,
  ...(waitMs === undefined ? {} : { waitMs }),
});

test("retries while failures say so, waiting the server's time or exponential backoff", async () => {
  const { waits, sleep } = recordedSleep();
  const answers: Try<string, string>[] = [failing(true), failing(true, 5000), { ok: true, value: "done" }];
  const result = await retrying({ attempts: 5, sleep }, async () => answers.shift()!);
  expect(result).toEqual({ ok: true, value: "done", attempts: 3 });
  expect(waits).toEqual([1000, 5000]);
});

test("stops at the attempt limit, and at once on a failure that is not worth retrying", async () => {
  const { waits, sleep } = recordedSleep();
  let calls = 0;
  const limited = await retrying({ attempts: 3, sleep }, async () => {
    calls++;
    return failing(true);
  });
  expect(limited).toEqual({ ok: false, failure: "try failed", attempts: 3, aborted: false });
  expect(calls).toBe(3);
  expect(waits).toEqual([1000, 2000]);

  const final = await retrying({ attempts: 3, sleep }, async () => failing(false));
  expect(final).toMatchObject({ ok: false, attempts: 1, aborted: false });
});

test("an abort during the wait ends the loop without another try", async () => {
  const controller = new AbortController();
  let calls = 0;
  const result = await retrying(
    { attempts: 5, sleep: async () => controller.abort(), signal: controller.signal },
    async () => {
      calls++;
      return failing(true);
    },
  );
  expect(result).toMatchObject({ ok: false, attempts: 1, aborted: true });
  expect(calls).toBe(1);
});
