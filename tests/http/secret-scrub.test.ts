import { afterEach, expect, test } from "bun:test";
import { pollUntil } from "../support/poll.ts";
import { request, TEST_API_KEY, testRuntime } from "../support/runtime.ts";

const PASSWORD = "Hunter2Pass";
const PROVIDER_KEY = "subdl-key-7f3a9c";

let runtime: ReturnType<typeof testRuntime> | undefined;
afterEach(async () => {
  await runtime?.close();
  runtime = undefined;
});

/** A job whose failure quotes every kind of secret, as a careless error from a remote might. */
function leakyRuntime() {
  runtime = testRuntime({
    sonarr: [{ name: "main", url: `http://admin:${PASSWORD}@127.0.0.1:9/`, apiKey: "sonarr-key-0123" }],
    providers: { subdl: { enabled: true, apiKey: PROVIDER_KEY } },
  });
  runtime.deps.scheduler.register({
    name: "leaky",
    schedule: "0 0 1 1 *",
    run: async () => {
      throw new Error(
        `GET http://admin:${PASSWORD}@127.0.0.1:9/api/v3/series failed; provider said key ${PROVIDER_KEY} and ${TEST_API_KEY} are wrong`,
      );
    },
  });
  return runtime;
}

test("API answers never carry a configured secret, the API key or URL userinfo, whatever a source forgot", async () => {
  const rt = leakyRuntime();
  expect((await request(rt, "/api/v1/tasks/leaky/run", { method: "POST" })).status).toBe(202);
  const text = await pollUntil(
    async () => (await request(rt, "/api/v1/tasks/leaky/history")).text(),
    (body) => body.includes('"failed"'),
  );
  for (const secret of [PASSWORD, PROVIDER_KEY, TEST_API_KEY]) expect(text).not.toContain(secret);
  expect(text).toContain("http://***@127.0.0.1:9/api/v3/series");
  expect(JSON.parse(text)[0].error).toContain("provider said key *** and *** are wrong");
});

test("events carry no secret either, live or replayed", async () => {
  const rt = leakyRuntime();
  await request(rt, "/api/v1/tasks/leaky/run", { method: "POST" });
  await pollUntil(
    async () => rt.deps.events.since(0).some((e) => e.event.type === "job.run"),
    (done) => done,
  );
  const res = await request(rt, "/api/v1/events", { headers: { "Last-Event-ID": "0" } });
  const reader = res.body!.getReader();
  let seen = "";
  while (!seen.includes("event: job.run")) {
    const chunk = await reader.read();
    if (chunk.done) break;
    seen += new TextDecoder().decode(chunk.value);
  }
  await reader.cancel();
  expect(seen).toContain("event: job.run");
  for (const secret of [PASSWORD, PROVIDER_KEY, TEST_API_KEY]) expect(seen).not.toContain(secret);
  expect(seen).toContain("***");
});
