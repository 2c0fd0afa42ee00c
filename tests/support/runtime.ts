/** An app under test: a runtime over an in-memory database, requests with the API key, JSON bodies. */
import { manualClock } from "../../src/clock.ts";
import { type Config, type ConfigInput, configSchema } from "../../src/config/schema.ts";
import { openDatabase } from "../../src/db/client.ts";
import { silentLogger } from "../../src/log.ts";
import { createRuntime, type Runtime } from "../../src/server.ts";

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
