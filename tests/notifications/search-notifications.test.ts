import { describe, expect, test } from "bun:test";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { startFakeNtfy } from "../fakes/ntfy.ts";
import { startFakeWebhookReceiver } from "../fakes/webhook.ts";
import { pollUntil } from "../support/poll.ts";
import { goodProvider, items, searchHarness } from "../wanted/search-harness.ts";
import { stopsAfterEach } from "./support.ts";

const { library, media } = searchHarness();
const { cleanups } = stopsAfterEach();

async function fakes() {
  const hook = startFakeWebhookReceiver();
  const hung = startFakeNtfy();
  await hung.setMode("slow");
  const closed = startFakeNtfy();
  await closed.setMode("down");
  cleanups.push(
    () => hook.stop(),
    () => hung.stop(),
    () => closed.stop(),
  );
  return {
    hook,
    // Closing would otherwise give the hung notifier its grace period.
    server: { shutdownTimeoutMs: 0 },
    notifications: [
      { type: "webhook", name: "hook", webhookUrl: hook.url },
      { type: "ntfy", name: "hung", url: hung.url, topic: "t" },
      { type: "ntfy", name: "closed", url: closed.url, topic: "t" },
    ],
  };
}

const bodies = (hook: { requests: { body: unknown }[] }) =>
  hook.requests.map((r) => r.body as { event: string; item: { itemId: number; language: string } });

describe("notifications from a real search", () => {
  test("downloads are notified, and a hung and a closed notifier change nothing about them", async () => {
    const { hook, ...config } = await fakes();
    const rt = await library(2, goodProvider(), config);
    const done = await rt.deps.searcher.start({ trigger: "api" }).done;
    expect(done).toMatchObject({ status: "succeeded", found: 2 });
    expect(items(rt).map((r) => r.status)).toEqual(["found", "found"]);
    const saved = readdirSync(join(media(), "Breaking Bad", "Season 01")).filter((f) =>
      f.endsWith(".de.srt"),
    );
    expect(saved).toHaveLength(2);

    await pollUntil(
      async () => hook.requests.length,
      (n) => n === 2,
    );
    expect(
      bodies(hook)
        .map((b) => [b.event, b.item.language])
        .sort(),
    ).toEqual([
      ["download", "de"],
      ["download", "de"],
    ]);
    const hung = rt.deps.notifications.list().find((n) => n.name === "hung")!;
    expect(hung.sent).toBe(0);
  });

  test("the last failed attempt is notified once; earlier misses are not", async () => {
    const { hook, ...config } = await fakes();
    const empty = goodProvider();
    empty.search = async () => [];
    const rt = await library(1, empty, { ...config, search: { maxAttempts: 2, backoffBaseMinutes: 1 } });
    expect((await rt.deps.searcher.start({ trigger: "api" }).done).notFound).toBe(1);
    expect(bodies(hook)).toEqual([]);
    const second = rt.deps.searcher.start({ trigger: "api", scope: { ids: [items(rt)[0]!.id] } });
    expect((await second.done).notFound).toBe(1);
    await pollUntil(
      async () => hook.requests.length,
      (n) => n === 1,
    );
    expect(bodies(hook)[0]).toMatchObject({
      event: "failure",
      item: { attempts: 2, reason: "no subtitle found by opensubtitles" },
    });
  });
});
