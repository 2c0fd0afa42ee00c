import { expect, test } from "bun:test";
import { startServer } from "../../src/listen.ts";
import { TEST_API_KEY, testRuntime } from "../support/runtime.ts";

// A browser tab keeps an event stream open all the time. A stopping server ends it at once: it used
// to count as an in-flight request, so every restart with a tab open waited the whole
// `server.shutdownTimeoutMs` (10 s by default) for it.

test("a stop ends open event streams at once instead of waiting out the requests' grace for them", async () => {
  // A grace this long would outlast the test's own timeout if the stream held the stop.
  const runtime = testRuntime({ server: { host: "127.0.0.1", port: 0, shutdownTimeoutMs: 600_000 } });
  const server = startServer(runtime, { shutdownDeadlineMs: 3_600_000 });
  const res = await fetch(`${server.url}/api/v1/events`, { headers: { "X-Api-Key": TEST_API_KEY } });
  expect(res.status).toBe(200);
  const reader = res.body!.getReader();
  const hello = new TextDecoder().decode((await reader.read()).value);
  expect(hello).toContain(": connected");

  const outcome = await server.shutdown("test");
  expect(outcome).toEqual({ stopped: true });
  // The stream ended cleanly (the browser's EventSource reconnects once the server is back).
  for (;;) {
    const chunk = await reader.read();
    if (chunk.done) break;
  }
});

test("an event stream asked for while the server stops ends at once", () => {
  const runtime = testRuntime();
  runtime.deps.events.close();
  let told = 0;
  runtime.deps.events.onClose(() => told++);
  expect(told).toBe(1);
  return runtime.close();
});
