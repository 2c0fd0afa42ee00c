import { afterEach, describe, expect, test } from "bun:test";
import type { PublishedEvent } from "../../src/events/bus.ts";
import { isWebhookBasicAuth } from "../../src/webhooks/basic-auth.ts";
import { TEST_API_KEY } from "../support/runtime.ts";
import { createHarness, type Harness, scanRuns } from "./harness.ts";
import { RADARR_TEST, SONARR_TEST } from "./payloads.ts";

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

function harness(...args: Parameters<typeof createHarness>) {
  h = createHarness(...args);
  return h;
}

const arr = (name: string) => ({ name, url: "http://127.0.0.1:9", apiKey: "k", retries: 0 });
const basic = (user: string, password: string) => `Basic ${btoa(`${user}:${password}`)}`;

describe("webhook routes", () => {
  test("isWebhookBasicAuth accepts the API key as the password, whatever the user name", () => {
    const req = (authorization?: string) =>
      new Request("http://x/api/v1/webhooks/sonarr", {
        method: "POST",
        headers: authorization ? { Authorization: authorization } : {},
      });
    expect(isWebhookBasicAuth(req(basic("sonarr", TEST_API_KEY)), TEST_API_KEY)).toBe(true);
    expect(isWebhookBasicAuth(req(basic("", TEST_API_KEY)), TEST_API_KEY)).toBe(true);
    expect(isWebhookBasicAuth(req(`basic ${btoa(`x:${TEST_API_KEY}`)}`), TEST_API_KEY)).toBe(true);
    expect(isWebhookBasicAuth(req(basic(TEST_API_KEY, "wrong")), TEST_API_KEY)).toBe(false);
    expect(isWebhookBasicAuth(req(`Bearer ${TEST_API_KEY}`), TEST_API_KEY)).toBe(false);
    expect(isWebhookBasicAuth(req(`Basic ${btoa(TEST_API_KEY)}`), TEST_API_KEY)).toBe(false);
    expect(isWebhookBasicAuth(req(), TEST_API_KEY)).toBe(false);
  });

  test("the handler accepts the key by query, header or Basic auth and refuses anything else", async () => {
    const hh = harness({ sonarr: [arr("main")] });
    const send = (init: Parameters<Harness["post"]>[2]) => hh.post("sonarr", SONARR_TEST, init);
    expect((await send({})).status).toBe(202);
    expect((await send({ key: null, headers: { "X-Api-Key": TEST_API_KEY } })).status).toBe(202);
    expect(
      (await send({ key: null, headers: { Authorization: basic("sonarr", TEST_API_KEY) } })).status,
    ).toBe(202);
    const refused = await send({ key: null, headers: { Authorization: basic("sonarr", "nope") } });
    expect(refused.status).toBe(401);
    expect(refused.headers.get("content-type")).toStartWith("application/problem+json");
    expect((await send({ key: null })).status).toBe(401);
    expect((await send({ key: "wrong" })).status).toBe(401);
  });

  test("instanceName picks the instance case-insensitively, else the first; webhook.received records it", async () => {
    const hh = harness({ sonarr: [arr("main"), arr("Anime")], radarr: [arr("films")] });
    const seen: PublishedEvent[] = [];
    hh.runtime.deps.events.subscribe((e) => seen.push(e));
    const instanceFor = async (kind: "sonarr" | "radarr", body: object) =>
      ((await (await hh.post(kind, body)).json()) as { instance: string | null }).instance;
    expect(await instanceFor("sonarr", { ...SONARR_TEST, instanceName: "anime" })).toBe("Anime");
    expect(await instanceFor("sonarr", { ...SONARR_TEST, instanceName: "Sonarr" })).toBe("main");
    expect(await instanceFor("radarr", RADARR_TEST)).toBe("films");
    expect(seen.map((e) => e.event)).toEqual([
      {
        type: "webhook.received",
        data: expect.objectContaining({ kind: "sonarr", instance: "Anime", matchedBy: "instanceName" }),
      },
      {
        type: "webhook.received",
        data: expect.objectContaining({ kind: "sonarr", instance: "main", matchedBy: "first" }),
      },
      {
        type: "webhook.received",
        data: expect.objectContaining({ kind: "radarr", instance: "films", matchedBy: "only" }),
      },
    ]);
  });

  test("with no instance of that kind the delivery is accepted and only logged", async () => {
    const hh = harness({});
    const res = await hh.post("radarr", { eventType: "Download", movie: { id: 7, folderPath: "/movies/X" } });
    expect(await res.json()).toEqual({
      accepted: true,
      eventType: "Download",
      action: "import",
      instance: null,
    });
    await hh.processor.whenIdle();
    expect(scanRuns(hh.runtime)).toEqual([]);
    expect(hh.logs.some((l) => l.includes("no radarr instance is configured"))).toBe(true);
  });

  test("the OpenAPI document names both operations with their schemas and the SSE stream", () => {
    const hh = harness({});
    const doc = hh.app.getOpenAPI31Document({
      openapi: "3.1.0",
      info: { title: "t", version: "1" },
    }) as unknown as {
      paths: Record<
        string,
        Record<string, { operationId: string; responses: Record<string, { content?: object }> }>
      >;
      components: { schemas: Record<string, unknown>; securitySchemes: Record<string, unknown> };
    };
    expect(doc.paths["/api/v1/webhooks/sonarr"]!.post!.operationId).toBe("receiveSonarrWebhook");
    expect(doc.paths["/api/v1/webhooks/radarr"]!.post!.operationId).toBe("receiveRadarrWebhook");
    expect(Object.keys(doc.paths["/api/v1/webhooks/sonarr"]!.post!.responses)).toEqual([
      "202",
      "400",
      "401",
      "413",
      "415",
    ]);
    expect(doc.components.schemas).toHaveProperty("SonarrWebhook");
    expect(doc.components.schemas).toHaveProperty("RadarrWebhook");
    expect(doc.components.securitySchemes).toHaveProperty("WebhookBasic");
    const events = doc.paths["/api/v1/events"]!.get!;
    expect(events.operationId).toBe("streamEvents");
    expect(Object.keys(events.responses["200"]!.content!)).toEqual(["text/event-stream"]);
  });
});

describe("webhook method", () => {
  test("PUT is accepted like POST, as Sonarr and Radarr can be set to send either", async () => {
    const hh = harness({ sonarr: [arr("main")], radarr: [arr("films")] });
    const put = (kind: "sonarr" | "radarr", body: object, key: string) =>
      hh.app.fetch(
        new Request(`http://subhound.test/api/v1/webhooks/${kind}?apikey=${key}`, {
          method: "PUT",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify(body),
        }),
      );
    const sonarr = await put("sonarr", SONARR_TEST, TEST_API_KEY);
    expect(sonarr.status).toBe(202);
    expect(await sonarr.json()).toMatchObject({ accepted: true, eventType: "Test", instance: "main" });
    const radarr = await put("radarr", RADARR_TEST, TEST_API_KEY);
    expect(radarr.status).toBe(202);
    expect(await radarr.json()).toMatchObject({ accepted: true, eventType: "Test", instance: "films" });
    expect((await put("sonarr", SONARR_TEST, "wrong")).status).toBe(401);
    const doc = hh.app.getOpenAPI31Document({
      openapi: "3.1.0",
      info: { title: "t", version: "1" },
    }) as unknown as {
      paths: Record<string, Record<string, { operationId: string }>>;
    };
    expect(doc.paths["/api/v1/webhooks/sonarr"]!.put!.operationId).toBe("receiveSonarrWebhookPut");
    expect(doc.paths["/api/v1/webhooks/radarr"]!.put!.operationId).toBe("receiveRadarrWebhookPut");
  });
});
