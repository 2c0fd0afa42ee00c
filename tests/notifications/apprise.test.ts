import { describe, expect, test } from "bun:test";
import { manualClock } from "../../src/clock.ts";
import { ConfigError, loadConfig } from "../../src/config/load.ts";
import { notificationsSchema } from "../../src/config/notifications.ts";
import { isSecretKey, redactConfig, secretValues } from "../../src/config/redact.ts";
import { createEventBus } from "../../src/events/bus.ts";
import { createLogger } from "../../src/log.ts";
import { createNotifications } from "../../src/notifications/dispatcher.ts";
import { testMessage } from "../../src/notifications/message.ts";
import { type FakeAppriseApi, startFakeAppriseApi } from "../fakes/apprise-api.ts";
import { json } from "../fakes/fake-service.ts";
import { getSettings, settingsRuntime } from "../settings/support.ts";
import { type Json, request, testRuntime } from "../support/runtime.ts";
import { AT, EVENTS, message, notifierFor, stopsAfterEach } from "./support.ts";

const { cleanups, track } = stopsAfterEach();

const hello = testMessage("alerts", AT);
const DISCORD = "discord://4174216298/JHMHI8qBe7bk2ZwO5U711o3dV_js";
const PUSHOVER = "pover://uQiRzpo4DXghDmr9QzzfQu27cmVRsG@azGDORePK8gMaC0QOYAMyEEuzJnyUi";
const TELEGRAM = "tgram://123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw/-1001234567890";
const KEY = "subhound-9f2c41d7e0";
/** Every secret above and each token in it: none may appear in a result, a log line or an answer. */
const SECRETS = [
  DISCORD,
  PUSHOVER,
  TELEGRAM,
  KEY,
  "JHMHI8qBe7bk2ZwO5U711o3dV_js",
  "uQiRzpo4DXghDmr9QzzfQu27cmVRsG",
  "azGDORePK8gMaC0QOYAMyEEuzJnyUi",
  "AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw",
];
const expectNoSecret = (text: string) => {
  for (const secret of SECRETS) expect(text).not.toContain(secret);
};

const health = (to: "ok" | "degraded" | "down", from: "ok" | "degraded" | "down" = "ok") =>
  message({
    type: "health.changed",
    data: { status: "x", changes: [{ subsystem: "providers", from, to, message: "m" }] },
  });

describe("Apprise API: stateless POST /notify/ with the URLs", () => {
  test("sends {urls, title, body, type, format} as JSON asking a JSON answer, and reports what was sent", async () => {
    const fake = track(startFakeAppriseApi());
    const { notifier } = notifierFor({ type: "apprise", url: fake.url, urls: [DISCORD, PUSHOVER] });
    const result = await notifier.send(message(EVENTS.saved), { retry: true });
    expect(result).toEqual({
      ok: true,
      status: 200,
      message: "delivered: Sent Discord notification.; Sent Pushover notification.",
      attempts: 1,
    });
    const [req] = fake.requests;
    expect(req).toMatchObject({
      method: "POST",
      path: "/notify/",
      headers: {
        "content-type": "application/json",
        accept: "application/json",
        "x-apprise-log-level": "INFO",
      },
    });
    expect(req!.body).toEqual({
      urls: [DISCORD, PUSHOVER],
      title: "Subtitle downloaded: Breaking Bad S01E02",
      body: "German subtitle from opensubtitles (score 87).\n/tv/Breaking Bad/Season 01/Breaking.Bad.S01E02.de.srt",
      type: "success",
      format: "text",
    });
    expect(fake.deliveries.map((d) => [d.url, d.type])).toEqual([
      [DISCORD, "success"],
      [PUSHOVER, "success"],
    ]);
    expectNoSecret(JSON.stringify(result));
  });

  test("each event gets its Apprise type: downloads and upgrades success, a search given up warning, health by its worst level", async () => {
    const fake = track(startFakeAppriseApi());
    const { notifier } = notifierFor({ type: "apprise", url: fake.url, urls: DISCORD });
    for (const m of [
      message(EVENTS.saved),
      message(EVENTS.upgraded),
      message(EVENTS.exhausted),
      health("down"),
      health("degraded"),
      health("ok", "down"),
      hello,
    ])
      expect(await notifier.send(m, { retry: false })).toMatchObject({ ok: true });
    expect(fake.deliveries.map((d) => d.type)).toEqual([
      "success",
      "success",
      "warning",
      "failure",
      "warning",
      "success",
      "info",
    ]);
  });

  test("a server under a path prefix (APPRISE_BASE_URL) is reached below it", async () => {
    const fake = track(startFakeAppriseApi({ basePath: "/apprise" }));
    const { notifier } = notifierFor({ type: "apprise", url: `${fake.url}/apprise/`, urls: [DISCORD] });
    expect(await notifier.send(hello, { retry: false })).toMatchObject({ ok: true, status: 200 });
    expect(fake.requests[0]!.path).toBe("/apprise/notify/");
  });

  test("204 (no valid URL among urls) is a failure that says so, not a delivery", async () => {
    const fake = track(startFakeAppriseApi());
    const { notifier, waits } = notifierFor({
      type: "apprise",
      url: fake.url,
      urls: ["disord://4174216298/JHMHI8qBe7bk2ZwO5U711o3dV_js"],
    });
    const result = await notifier.send(hello, { retry: true });
    expect(result).toEqual({
      ok: false,
      status: 204,
      message:
        "HTTP 204: Apprise API found no valid URL among urls (check their spelling: discord://…, pover://…)",
      attempts: 1,
    });
    expect(waits).toEqual([]);
    expect(result.message).not.toContain("JHMHI8qBe7bk2ZwO5U711o3dV_js");
  });

  test("424 (a service failed downstream) gives Apprise's reason and the service's warning, tokens scrubbed, not retried", async () => {
    const fake = track(
      startFakeAppriseApi({
        // Services may name their target: Telegram its chat, a webhook its URL.
        failing: {
          [TELEGRAM]:
            "Failed to send Telegram notification to -1001234567890 (bot AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw): Unauthorized - error=401.",
        },
      }),
    );
    const { notifier, waits } = notifierFor({ type: "apprise", url: fake.url, urls: [DISCORD, TELEGRAM] });
    const result = await notifier.send(hello, { retry: true });
    expect(result).toEqual({
      ok: false,
      status: 424,
      message:
        "HTTP 424: One or more notifications could not be sent: Failed to send Telegram notification to *** (bot ***): Unauthorized - error=401.",
      attempts: 1,
    });
    expect(waits).toEqual([]);
    expectNoSecret(result.message);
  });

  test("403 when the server has stateless mode disabled", async () => {
    const fake = track(startFakeAppriseApi({ statelessDisabled: true }));
    const { notifier } = notifierFor({ type: "apprise", url: fake.url, urls: [DISCORD] });
    expect(await notifier.send(hello, { retry: true })).toEqual({
      ok: false,
      status: 403,
      message: "HTTP 403: The site has been configured to deny this request",
      attempts: 1,
    });
  });
});

describe("Apprise API: stateful POST /notify/{key}", () => {
  const configs = {
    [KEY]: [
      { url: DISCORD, tags: ["devops"] },
      { url: PUSHOVER, tags: ["devops", "after-hours"] },
      { url: TELEGRAM, tags: ["family"] },
    ],
    untagged: [{ url: DISCORD }],
  };

  test("sends {title, body, type, format} to the key, and tags as Apprise's tag (a list ORed)", async () => {
    const fake = track(startFakeAppriseApi({ configs }));
    const { notifier } = notifierFor({
      type: "apprise",
      url: fake.url,
      key: KEY,
      tags: ["devops after-hours", "family"],
    });
    const result = await notifier.send(message(EVENTS.exhausted), { retry: true });
    expect(result).toMatchObject({
      ok: true,
      status: 200,
      message: "delivered: Sent Pushover notification.; Sent Telegram notification.",
    });
    expect(fake.requests[0]!.path).toBe(`/notify/${KEY}`);
    expect(fake.requests[0]!.body).toEqual({
      title: "No subtitle found: Breaking Bad S01E02",
      body: expect.stringMatching(/^German: none found in 10 attempts/),
      type: "warning",
      format: "text",
      tag: "devops after-hours, family",
    });
    expect(fake.deliveries.map((d) => [d.key, d.url])).toEqual([
      [KEY, PUSHOVER],
      [KEY, TELEGRAM],
    ]);
    expectNoSecret(result.message);
  });

  test("without tags no tag is sent: Apprise notifies the key's untagged URLs", async () => {
    const fake = track(startFakeAppriseApi({ configs }));
    const { notifier } = notifierFor({ type: "apprise", url: fake.url, key: "untagged" });
    expect(await notifier.send(hello, { retry: false })).toMatchObject({ ok: true });
    expect(fake.requests[0]!.body).not.toHaveProperty("tag");
    expect(fake.deliveries.map((d) => d.url)).toEqual([DISCORD]);
  });

  test("204 (no configuration under the key) is a failure naming the cause, never the key", async () => {
    const fake = track(startFakeAppriseApi({ configs }));
    const { notifier, waits } = notifierFor({ type: "apprise", url: fake.url, key: "subhound-wrong-key-77" });
    const result = await notifier.send(hello, { retry: true });
    expect(result).toEqual({
      ok: false,
      status: 204,
      message:
        "HTTP 204: Apprise API has no configuration under this key (add URLs to it in Apprise API, or check key)",
      attempts: 1,
    });
    expect(waits).toEqual([]);
  });

  test("424 with no URL matching the tags says which tags to look for", async () => {
    const fake = track(startFakeAppriseApi({ configs }));
    const { notifier } = notifierFor({ type: "apprise", url: fake.url, key: KEY, tags: ["nobody"] });
    expect(await notifier.send(hello, { retry: true })).toEqual({
      ok: false,
      status: 424,
      message:
        "HTTP 424: One or more notification could not be sent (does any URL stored under the key have the tag nobody?)",
      attempts: 1,
    });
  });

  test("a failed service under a key: 424 with the service's warning", async () => {
    const fake = track(
      startFakeAppriseApi({
        configs,
        failing: { [PUSHOVER]: "Failed to send Pushover notification: Invalid token - error=400." },
      }),
    );
    const { notifier } = notifierFor({ type: "apprise", url: fake.url, key: KEY, tags: ["devops"] });
    const result = await notifier.send(hello, { retry: true });
    expect(result).toEqual({
      ok: false,
      status: 424,
      message:
        "HTTP 424: One or more notification could not be sent: Failed to send Pushover notification: Invalid token - error=400.",
      attempts: 1,
    });
    expect(fake.deliveries.map((d) => d.url)).toEqual([DISCORD, PUSHOVER]);
  });

  test("400 from the server (a tag it refuses) is reported with its reason", async () => {
    const fake = track(startFakeAppriseApi({ configs }));
    fake.injectFailures(1, () => json({ error: "Unsupported characters found in tag definition" }, 400));
    const { notifier } = notifierFor({ type: "apprise", url: fake.url, key: KEY });
    expect(await notifier.send(hello, { retry: true })).toEqual({
      ok: false,
      status: 400,
      message: "HTTP 400: Unsupported characters found in tag definition",
      attempts: 1,
    });
  });

  test("401 when the server requires a login; user:password@ in url logs in, the password never shown", async () => {
    const fake = track(
      startFakeAppriseApi({ configs, login: { user: "subhound", password: "Apprise-Pa55word" } }),
    );
    const anonymous = notifierFor({ type: "apprise", url: fake.url, key: KEY });
    expect(await anonymous.notifier.send(hello, { retry: true })).toEqual({
      ok: false,
      status: 401,
      message: "HTTP 401: Access Denied (the server wants a login: check user:password@ in url)",
      attempts: 1,
    });
    const withLogin = fake.url.replace("http://", "http://subhound:Apprise-Pa55word@");
    const { notifier } = notifierFor({ type: "apprise", url: withLogin, key: KEY, tags: ["family"] });
    expect(await notifier.send(hello, { retry: false })).toMatchObject({ ok: true, status: 200 });
  });

  test("500 (the server could not read its store) is tried again, up to 3 attempts", async () => {
    const fake = track(startFakeAppriseApi({ configs }));
    fake.injectFailures(3, () => json({ error: "An error occurred accessing configuration" }, 500));
    const { notifier, waits } = notifierFor({ type: "apprise", url: fake.url, key: KEY, tags: ["family"] });
    expect(await notifier.send(hello, { retry: true })).toEqual({
      ok: false,
      status: 500,
      message: "HTTP 500: An error occurred accessing configuration",
      attempts: 3,
    });
    expect(waits).toHaveLength(2);
  });

  test("a wrong path (no Apprise API there) and a proxy's 200 login page are failures saying what to check", async () => {
    const fake = track(startFakeAppriseApi({ configs, basePath: "/apprise" }));
    const { notifier } = notifierFor({ type: "apprise", url: fake.url, key: KEY });
    expect(await notifier.send(hello, { retry: true })).toEqual({
      ok: false,
      status: 404,
      message: "HTTP 404: no Apprise API here: check url (and its path prefix)",
      attempts: 1,
    });
    await fake.setMode("garbage");
    const proxied = notifierFor({ type: "apprise", url: `${fake.url}/apprise`, key: KEY });
    expect(await proxied.notifier.send(hello, { retry: true })).toEqual({
      ok: false,
      status: 200,
      message:
        "HTTP 200: the server answered a web page (Welcome to nginx!), not Apprise API: check url (a proxy's login page?)",
      attempts: 1,
    });
  });

  test("a transport error quoting the request URL is scrubbed of the key; a short key only there", async () => {
    const quoting = {
      fetch: async (url: string | URL | Request) => {
        throw new Error(`connect ECONNREFUSED while fetching ${String(url)}`);
      },
    };
    const long = notifierFor({ type: "apprise", url: "http://apprise:8000", key: KEY }, quoting);
    expect((await long.notifier.send(hello, { retry: false })).message).toBe(
      "cannot reach the server: connect ECONNREFUSED while fetching http://apprise:8000/notify/***",
    );
    // Apprise API's default config ID is "apprise", the container's usual host name too.
    const short = notifierFor({ type: "apprise", url: "http://apprise:8000", key: "apprise" }, quoting);
    expect((await short.notifier.send(hello, { retry: false })).message).toBe(
      "cannot reach the server: connect ECONNREFUSED while fetching http://apprise:8000/notify/***",
    );
  });
});

describe("apprise config", () => {
  const parse = (entry: Record<string, unknown>) => notificationsSchema.safeParse([entry]);
  const issues = (entry: Record<string, unknown>) => {
    const result = parse(entry);
    return result.success ? [] : result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
  };

  test("exactly one of key and urls, the error naming key; tags only with key", () => {
    expect(issues({ type: "apprise", url: "http://apprise:8000", key: KEY, urls: [DISCORD] })).toEqual([
      "0.key: set key (a configuration stored in Apprise API) or urls (sent with each message), not both",
    ]);
    expect(issues({ type: "apprise", url: "http://apprise:8000" })).toEqual([
      "0.key: set key (a configuration stored in Apprise API) or urls (Apprise URLs sent with each message)",
    ]);
    expect(
      issues({ type: "apprise", url: "http://apprise:8000", urls: [DISCORD], tags: ["devops"] }),
    ).toEqual(["0.tags: tags choose among the URLs stored under key; with urls, leave tags out"]);
  });

  test("the key follows Apprise API's rule, tags Apprise's, URLs need a scheme; no error quotes a secret", () => {
    const bad = [
      ...issues({ type: "apprise", url: "http://apprise:8000", key: "has space/slash" }),
      ...issues({ type: "apprise", url: "http://apprise:8000", key: "k".repeat(129) }),
      ...issues({ type: "apprise", url: "http://apprise:8000", key: "ok", tags: ["dev,ops", "a;b"] }),
      ...issues({ type: "apprise", url: "http://apprise:8000", urls: ["JHMHI8qBe7bk2ZwO5U711o3dV_js"] }),
    ];
    expect(bad).toEqual([
      "0.key: expected Apprise API's config ID rule: 1 to 128 letters, digits, _ and -",
      "0.key: expected Apprise API's config ID rule: 1 to 128 letters, digits, _ and -",
      "0.tags.0: expected Apprise tags: letters, digits, _ and -, several ANDed by spaces (e.g. devops or devops after-hours)",
      "0.tags.1: expected Apprise tags: letters, digits, _ and -, several ANDed by spaces (e.g. devops or devops after-hours)",
      "0.urls.0: expected an Apprise URL such as discord://webhook_id/webhook_token",
    ]);
    expect(issues({ type: "apprise", url: "http://apprise:8000", key: "k".repeat(128) })).toEqual([]);
    expect(
      issues({ type: "apprise", url: "http://apprise:8000", key: "ok", tags: ["2:devops after-hours:3"] }),
    ).toEqual([]);
  });

  test("URLs from one string (an env variable, the settings box) split as Apprise splits them", () => {
    const mail = "mailtos://user:Pa55word@example.com?to=a@example.com,b@example.com";
    const { config } = loadConfig({
      env: {
        SUBHOUND_NOTIFICATIONS__0__TYPE: "apprise",
        SUBHOUND_NOTIFICATIONS__0__URL: "http://apprise:8000/",
        SUBHOUND_NOTIFICATIONS__0__URLS: `${DISCORD}, ${mail}\n${PUSHOVER}`,
        SUBHOUND_NOTIFICATIONS__1__TYPE: "apprise",
        SUBHOUND_NOTIFICATIONS__1__NAME: "stored",
        SUBHOUND_NOTIFICATIONS__1__URL: "http://apprise:8000",
        SUBHOUND_NOTIFICATIONS__1__KEY: KEY,
        SUBHOUND_NOTIFICATIONS__1__TAGS: "devops after-hours, family",
      },
      cwd: "/nonexistent",
    });
    expect(config.notifications).toEqual([
      expect.objectContaining({
        name: "apprise",
        url: "http://apprise:8000",
        urls: [DISCORD, mail, PUSHOVER],
      }),
      expect.objectContaining({ name: "stored", key: KEY, tags: ["devops after-hours", "family"] }),
    ]);
  });

  test("a refused table names the key and where it came from, not the secret", () => {
    let message = "";
    try {
      loadConfig({
        env: {
          SUBHOUND_NOTIFICATIONS__0__TYPE: "apprise",
          SUBHOUND_NOTIFICATIONS__0__URL: "http://apprise:8000",
          SUBHOUND_NOTIFICATIONS__0__KEY: KEY,
          SUBHOUND_NOTIFICATIONS__0__URLS: DISCORD,
        },
        cwd: "/nonexistent",
      });
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      message = (e as Error).message;
    }
    expect(message).toStartWith(
      "notifications.0.key: set key (a configuration stored in Apprise API) or urls",
    );
    expectNoSecret(message);
  });

  test("key and urls are secrets: redacted in the config, listed (with their tokens) for the log scrubber", () => {
    expect([isSecretKey("key"), isSecretKey("urls"), isSecretKey("tags"), isSecretKey("monkey")]).toEqual([
      true,
      true,
      false,
      false,
    ]);
    const notifications = notificationsSchema.parse([
      { type: "apprise", url: "http://apprise:8000", urls: [DISCORD, PUSHOVER] },
      { type: "apprise", name: "stored", url: "http://apprise:8000", key: KEY, tags: ["devops"] },
    ]);
    expect(redactConfig({ notifications })).toEqual({
      notifications: [
        expect.objectContaining({ urls: ["***", "***"] }),
        expect.objectContaining({ key: "***", tags: ["devops"] }),
      ],
    });
    expect(secretValues({ notifications })).toEqual(
      expect.arrayContaining([
        DISCORD,
        PUSHOVER,
        KEY,
        "JHMHI8qBe7bk2ZwO5U711o3dV_js",
        "uQiRzpo4DXghDmr9QzzfQu27cmVRsG",
        "azGDORePK8gMaC0QOYAMyEEuzJnyUi",
      ]),
    );
  });
});

describe("secrets stay out of the API, the settings page and the logs", () => {
  test("Test through the API: POST /api/v1/notifications/{name}/test answers what Apprise said", async () => {
    const fake = track(startFakeAppriseApi());
    const rt = testRuntime({
      notifications: [
        { type: "apprise", name: "alerts", url: fake.url, urls: [DISCORD, PUSHOVER], enabled: false },
      ] as never,
    });
    cleanups.push(() => rt.close());
    const res = await request(rt, "/api/v1/notifications/alerts/test", { method: "POST" });
    const text = await res.text();
    expect(res.status).toBe(200);
    expect(JSON.parse(text)).toMatchObject({
      name: "alerts",
      type: "apprise",
      event: "test",
      ok: true,
      status: 200,
      message: "delivered: Sent Discord notification.; Sent Pushover notification.",
      attempts: 1,
    });
    expect(fake.deliveries.map((d) => [d.title, d.type])).toEqual([
      ["Subhound test notification", "info"],
      ["Subhound test notification", "info"],
    ]);
    const listed = await request(rt, "/api/v1/notifications");
    const listText = await listed.text();
    expect((JSON.parse(listText) as Json)[0]).toMatchObject({
      type: "apprise",
      settings: { url: fake.url, timeoutMs: 10000 },
      secrets: { key: "unset", urls: "set" },
      lastResult: { event: "test", ok: true },
    });
    expectNoSecret(text + listText);
  });

  test("a failing Test through the API (unknown key) is ok:false with the reason, the key nowhere", async () => {
    const fake = track(startFakeAppriseApi());
    const rt = testRuntime({
      notifications: [{ type: "apprise", name: "stored", url: fake.url, key: KEY }] as never,
    });
    cleanups.push(() => rt.close());
    const res = await request(rt, "/api/v1/notifications/stored/test", { method: "POST" });
    const text = await res.text();
    expect(JSON.parse(text)).toMatchObject({ ok: false, status: 204, attempts: 1 });
    expect(JSON.parse(text).message).toContain("no configuration under this key");
    const listText = await (await request(rt, "/api/v1/notifications")).text();
    expect(JSON.parse(listText)[0]).toMatchObject({
      secrets: { key: "set", urls: "unset" },
      settings: { url: fake.url, timeoutMs: 10000 },
    });
    expectNoSecret(text + listText);
  });

  test("GET /api/v1/settings shows neither the URLs nor the key, only that they are set", async () => {
    const s = settingsRuntime(`[[notifications]]
type = "apprise"
name = "alerts"
url = "http://apprise:8000"
urls = ["${DISCORD}", "${PUSHOVER}"]

[[notifications]]
type = "apprise"
name = "stored"
url = "http://apprise:8000"
key = "${KEY}"
tags = ["devops"]
`);
    try {
      const doc = await getSettings(s.runtime);
      expectNoSecret(JSON.stringify(doc));
      expect(doc.values.notifications[0]).not.toHaveProperty("urls");
      expect(doc.values.notifications[1]).toMatchObject({ name: "stored", tags: ["devops"] });
      expect(doc.values.notifications[1]).not.toHaveProperty("key");
      expect(doc.secrets["notifications.1.key"]).toEqual({ set: true });
      expect(doc.secrets["notifications.0.key"]).toEqual({ set: false });
      expect(doc.secrets["notifications.1.urls"]).toEqual({ set: false });
    } finally {
      await s.close();
    }
  });

  test("the settings document says a notifier's URL list is set (needs src/settings/document.ts to count a list)", async () => {
    const s = settingsRuntime(`[[notifications]]
type = "apprise"
url = "http://apprise:8000"
urls = ["${DISCORD}"]
`);
    try {
      expect((await getSettings(s.runtime)).secrets["notifications.0.urls"]).toEqual({ set: true });
    } finally {
      await s.close();
    }
  });

  test("failures logged by the dispatcher, and a log line quoting a URL, carry no URL, token or key", async () => {
    const fake = track(
      startFakeAppriseApi({
        failing: {
          [TELEGRAM]: "Failed to send Telegram notification to -1001234567890: Unauthorized - error=401.",
        },
      }),
    );
    const lines: string[] = [];
    const notifications = notificationsSchema.parse([
      { type: "apprise", name: "stateless", url: fake.url, urls: [PUSHOVER, TELEGRAM] },
      { type: "apprise", name: "stored", url: fake.url, key: KEY },
    ]);
    const log = createLogger({
      level: "debug",
      format: "json",
      write: (line) => lines.push(line),
      secrets: secretValues({ notifications }),
    });
    const events = createEventBus();
    const dispatcher = createNotifications(notifications, {
      log,
      clock: manualClock("2026-11-24T10:00:00Z"),
      events,
      sleep: async () => {},
    });
    cleanups.push(() => dispatcher.stop());
    events.publish(EVENTS.exhausted);
    await dispatcher.whenIdle();
    expect(dispatcher.list().map((n) => [n.name, n.failed])).toEqual([
      ["stateless", 1],
      ["stored", 1],
    ]);
    // What a careless log line could hold: the URLs as typed, and with URL credentials redacted.
    log.warn("apprise urls", {
      urls: [PUSHOVER, TELEGRAM],
      redacted: "pover://***@azGDORePK8gMaC0QOYAMyEEuzJnyUi",
    });
    expect(lines.filter((l) => l.includes("notification failed"))).toHaveLength(2);
    expectNoSecret(JSON.stringify([lines, dispatcher.list()]));
  });
});

/** The fake answers plain text to a client that does not ask for JSON, as views.py does. */
test("the fake: without Accept JSON the answers are plain text; GET is 405", async () => {
  const fake: FakeAppriseApi = track(startFakeAppriseApi());
  const res = await fetch(`${fake.url}/notify`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "text/plain" },
    body: "urls=discord%3A%2F%2Fa%2Fb&body=hi&type=bad",
  });
  expect([res.status, await res.text()]).toEqual([400, "Payload lacks minimum requirements"]);
  expect((await fetch(`${fake.url}/notify/abc`)).status).toBe(405);
});
