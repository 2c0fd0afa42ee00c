import { manualClock } from "../src/clock.ts";
import { type Config, type ConfigInput, configSchema } from "../src/config/schema.ts";
import { openDatabase } from "../src/db/client.ts";
import { silentLogger } from "../src/log.ts";
import type { SubtitleStream } from "../src/media/types.ts";
import { createRuntime, type Runtime } from "../src/server.ts";

export const TEST_API_KEY = "test-key-0123456789abcdef";

export function testConfig(input: ConfigInput = {}): Config {
  return configSchema.parse({ dataDir: "/nonexistent-test-data", auth: { apiKey: TEST_API_KEY }, ...input });
}

/** A runtime over an in-memory database with real migrations, a manual clock and no log output. */
export function testRuntime(input: ConfigInput = {}): Runtime & { clock: ReturnType<typeof manualClock> } {
  const clock = manualClock("2026-11-24T10:00:00Z");
  const runtime = createRuntime(testConfig(input), {
    log: silentLogger,
    clock,
    db: openDatabase({ path: ":memory:" }),
  });
  return { ...runtime, clock };
}

export function request(runtime: Runtime, path: string, init: RequestInit & { key?: string | null } = {}) {
  const headers = new Headers(init.headers);
  const key = init.key === undefined ? TEST_API_KEY : init.key;
  if (key !== null) headers.set("X-Api-Key", key);
  return runtime.app.fetch(new Request(`http://subhound.test${path}`, { ...init, headers }));
}

/** Response bodies in tests are checked field by field with expect(); a loose type keeps that readable. */
// biome-ignore lint/suspicious/noExplicitAny: see above
export type Json = any;
export async function jsonOf(res: Response | Promise<Response>): Promise<Json> {
  return (await res).json();
}

/** An English text stream at index 2; override what a test is about. */
export function subtitleStream(partial: Partial<SubtitleStream> = {}): SubtitleStream {
  return {
    index: 2,
    codec: "subrip",
    language: "eng",
    languageIetf: null,
    title: null,
    forced: false,
    hearingImpaired: false,
    default: false,
    textBased: true,
    ...partial,
  };
}

/** Polls `condition` until it holds or `deadlineMs` passes (for state owned by another process). */
export async function until(
  condition: () => boolean | Promise<boolean>,
  deadlineMs = 10_000,
  everyMs = 25,
): Promise<boolean> {
  const end = Date.now() + deadlineMs;
  while (Date.now() < end) {
    if (await condition()) return true;
    await new Promise((r) => setTimeout(r, everyMs));
  }
  return condition();
}

/** Polls `read` until `done` holds, failing with the last value once the deadline passes. */
export async function pollUntil<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  deadlineMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + deadlineMs;
  let last = await read();
  while (!done(last)) {
    if (Date.now() > deadline)
      throw new Error(`gave up waiting after ${deadlineMs} ms: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 25));
    last = await read();
  }
  return last;
}
