import { expect, test } from "bun:test";
import { startFakeSonarr } from "../fakes/sonarr.ts";
import { startFakeWebhookReceiver } from "../fakes/webhook.ts";
import { pollUntil } from "../support/poll.ts";
import { testRuntime } from "../support/runtime.ts";
import { stopsAfterEach } from "./support.ts";

const { cleanups } = stopsAfterEach();

test("a Sonarr going down is notified once it held for two health reports, and its return too", async () => {
  const sonarr = await startFakeSonarr({ apiKey: "k" });
  const hook = startFakeWebhookReceiver();
  cleanups.push(
    () => sonarr.stop(),
    () => hook.stop(),
  );
  const rt = testRuntime({
    sonarr: [{ name: "main", url: sonarr.url, apiKey: "k", retries: 0, timeoutMs: 2000 }],
    notifications: [{ type: "webhook", webhookUrl: hook.url, events: ["health"] }],
  });
  cleanups.push(() => rt.close());
  const report = () => rt.deps.health.report({ fresh: true });
  const published: string[] = [];
  rt.deps.events.subscribe((e) => {
    if (e.event.type === "health.changed") published.push(e.event.type);
  });

  await report();
  await sonarr.setMode("down");
  await report();
  expect(published).toEqual([]);
  await report();
  expect(published).toHaveLength(1);
  await pollUntil(
    async () => hook.requests.length,
    (n) => n === 1,
  );
  await report();
  await sonarr.setMode("up");
  await report();
  await report();
  await pollUntil(
    async () => hook.requests.length,
    (n) => n === 2,
  );
  const changes = hook.requests.map(
    (r) =>
      (r.body as { health: { changes: { subsystem: string; from: string; to: string }[] } }).health.changes,
  );
  expect(
    changes.map((c) => c.filter((x) => x.subsystem === "arr_connectivity").map((x) => `${x.from}→${x.to}`)),
  ).toEqual([["ok→down"], ["down→ok"]]);
});
