import { expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { parse } from "smol-toml";
import type { Json } from "../support/runtime.ts";
import { getSettings, putSettings, settingsRuntime } from "./support.ts";

const TOML = `languages = ["en"]

[[notifications]]
type = "telegram"
name = "phone"
botToken = "123456:telegram-secret-token"
chatId = "42"

[[notifications]]
type = "discord"
name = "chat"
webhookUrl = "https://discord.com/api/webhooks/1/discord-secret-token"

[[notifications]]
type = "webhook"
name = "hook"
webhookUrl = "http://hooks.test/subhound"
secret = "hmac-secret-value"
headers = { Authorization = "Bearer header-secret-value" }
`;
const SECRETS = ["telegram-secret-token", "discord-secret-token", "hmac-secret-value", "header-secret-value"];

test("notifier secrets (tokens, webhook URLs, signing secrets, header tables) never reach the settings document", async () => {
  const s = settingsRuntime(TOML);
  try {
    const doc = await getSettings(s.runtime);
    const text = JSON.stringify(doc);
    for (const secret of SECRETS) expect(text).not.toContain(secret);
    expect(doc.values.notifications.map((n: Json) => [n.id, n.name])).toEqual([
      ["0", "phone"],
      ["1", "chat"],
      ["2", "hook"],
    ]);
    expect(doc.secrets["notifications.0.botToken"]).toEqual({ set: true });
    expect(doc.secrets["notifications.1.webhookUrl"]).toEqual({ set: true });
    expect(doc.secrets["notifications.2.headers"]).toEqual({ set: true });
  } finally {
    await s.close();
  }
});

test("a save that reorders and drops notifiers keeps each one's own secrets", async () => {
  const s = settingsRuntime(TOML);
  try {
    const doc = await getSettings(s.runtime);
    const [phone, , hook] = doc.values.notifications;
    const res = await putSettings(s.runtime, {
      revision: doc.revision,
      values: { notifications: [hook, { ...phone, chatId: "43" }] },
    });
    expect(res.status).toBe(200);
    const file = parse(readFileSync(s.configFile, "utf8")) as Json;
    expect(file.notifications.map((n: Json) => [n.name, n.botToken ?? n.secret])).toEqual([
      ["hook", "hmac-secret-value"],
      ["phone", "123456:telegram-secret-token"],
    ]);
    expect(file.notifications[0].headers).toEqual({ Authorization: "Bearer header-secret-value" });
    expect(file.notifications[1].chatId).toBe("43");
  } finally {
    await s.close();
  }
});

test("a webhook's headers are replaced as Name: value lines, checked line by line, and removed with null", async () => {
  const s = settingsRuntime(TOML);
  try {
    let doc = await getSettings(s.runtime);
    const bad = await putSettings(s.runtime, {
      revision: doc.revision,
      values: { notifications: doc.values.notifications },
      secrets: { "notifications.2.headers": "Authorization: Bearer new-header-secret\nno colon here" },
    });
    expect(bad.status).toBe(422);
    const problem = (await bad.json()) as Json;
    expect(problem.errors).toEqual([
      { path: "notifications.2.headers", message: expect.stringContaining("line 2") },
    ]);
    expect(JSON.stringify(problem)).not.toContain("new-header-secret");

    const good = await putSettings(s.runtime, {
      revision: doc.revision,
      values: { notifications: doc.values.notifications },
      secrets: { "notifications.2.headers": "Authorization: Bearer new-header-secret\r\n\nX-Team:  subs \n" },
    });
    expect(good.status).toBe(200);
    expect(await good.text()).not.toContain("new-header-secret");
    let file = parse(readFileSync(s.configFile, "utf8")) as Json;
    expect(file.notifications[2].headers).toEqual({
      Authorization: "Bearer new-header-secret",
      "X-Team": "subs",
    });
    expect(file.notifications[2].secret).toBe("hmac-secret-value");

    doc = await getSettings(s.runtime);
    expect(doc.secrets["notifications.2.headers"]).toEqual({ set: true });
    const removed = await putSettings(s.runtime, {
      revision: doc.revision,
      values: { notifications: doc.values.notifications },
      secrets: { "notifications.2.headers": null },
    });
    expect(removed.status).toBe(200);
    file = parse(readFileSync(s.configFile, "utf8")) as Json;
    expect(file.notifications[2].headers).toBeUndefined();
    expect((await getSettings(s.runtime)).secrets["notifications.2.headers"]).toEqual({ set: false });
  } finally {
    await s.close();
  }
});

test("a notifier added through the API gets its typed secrets; one without its required secret names the key", async () => {
  const s = settingsRuntime(TOML);
  try {
    const doc = await getSettings(s.runtime);
    const gotify = { type: "gotify", name: "home", url: "http://gotify.test", events: ["failure", "health"] };
    const missing = await putSettings(s.runtime, {
      revision: doc.revision,
      values: { notifications: [...doc.values.notifications, gotify] },
    });
    expect(missing.status).toBe(422);
    expect(JSON.stringify(await missing.json())).toContain("notifications.3.appToken");
    const res = await putSettings(s.runtime, {
      revision: doc.revision,
      values: { notifications: [...doc.values.notifications, gotify] },
      secrets: { "notifications.3.appToken": "gotify-app-token-secret" },
    });
    expect(res.status).toBe(200);
    const saved = (await res.json()) as Json;
    expect(JSON.stringify(saved)).not.toContain("gotify-app-token-secret");
    expect(saved.settings.secrets["notifications.3.appToken"]).toEqual({ set: true });
    expect(saved.settings.values.notifications[3]).toMatchObject({
      id: "3",
      name: "home",
      events: ["failure", "health"],
    });
    const file = parse(readFileSync(s.configFile, "utf8")) as Json;
    expect(file.notifications[3]).toMatchObject({ type: "gotify", appToken: "gotify-app-token-secret" });
    expect(file.notifications[0].botToken).toBe("123456:telegram-secret-token");
  } finally {
    await s.close();
  }
});

test("a notifier switched to another service keeps none of the old one's secrets", async () => {
  const s = settingsRuntime(TOML);
  try {
    const doc = await getSettings(s.runtime);
    const [phone, chat, hook] = doc.values.notifications;
    const asDiscord = { id: phone.id, type: "discord", name: "phone", enabled: true };
    const missing = await putSettings(s.runtime, {
      revision: doc.revision,
      values: { notifications: [asDiscord, chat, hook] },
    });
    expect(missing.status).toBe(422);
    expect(JSON.stringify(await missing.json())).toContain("notifications.0.webhookUrl");
    const res = await putSettings(s.runtime, {
      revision: doc.revision,
      values: { notifications: [asDiscord, chat, hook] },
      secrets: { "notifications.0.webhookUrl": "https://discord.com/api/webhooks/2/new-discord-token" },
    });
    expect(res.status).toBe(200);
    const file = parse(readFileSync(s.configFile, "utf8")) as Json;
    expect(file.notifications[0]).toEqual({
      type: "discord",
      name: "phone",
      enabled: true,
      webhookUrl: "https://discord.com/api/webhooks/2/new-discord-token",
    });
    expect(file.notifications[1].webhookUrl).toContain("discord-secret-token");
  } finally {
    await s.close();
  }
});

test("a value shown masked because it equals a short secret is saved back as the file had it", async () => {
  // `subs` is both the ntfy topic and a (short) header value, which the response scrubber masks.
  const s = settingsRuntime(`[[notifications]]
type = "ntfy"
name = "phone"
topic = "subs"

[[notifications]]
type = "webhook"
name = "hook"
webhookUrl = "http://hooks.test/x"
headers = { X-Team = "subs" }
`);
  try {
    const doc = await getSettings(s.runtime);
    expect(doc.values.notifications[0].topic).toBe("***");
    const res = await putSettings(s.runtime, {
      revision: doc.revision,
      values: { notifications: doc.values.notifications },
    });
    expect(res.status).toBe(200);
    const file = parse(readFileSync(s.configFile, "utf8")) as Json;
    expect(file.notifications[0].topic).toBe("subs");
    expect(file.notifications[1].headers).toEqual({ "X-Team": "subs" });
  } finally {
    await s.close();
  }
});

test("an Apprise notifier's URLs typed one per line are written to the file as a list", async () => {
  const s = settingsRuntime(TOML);
  try {
    const doc = await getSettings(s.runtime);
    const apprise = { type: "apprise", name: "fanout", url: "http://apprise.test:8000" };
    const res = await putSettings(s.runtime, {
      revision: doc.revision,
      values: { notifications: [...doc.values.notifications, apprise] },
      secrets: {
        "notifications.3.urls":
          "discord://1234567/apprise-discord-token\r\n\n  pover://user@apprise-pushover-token \n",
      },
    });
    expect(res.status).toBe(200);
    expect(await res.text()).not.toContain("apprise-discord-token");
    const file = parse(readFileSync(s.configFile, "utf8")) as Json;
    expect(file.notifications[3].urls).toEqual([
      "discord://1234567/apprise-discord-token",
      "pover://user@apprise-pushover-token",
    ]);
    expect((await getSettings(s.runtime)).secrets["notifications.3.urls"]).toEqual({ set: true });
  } finally {
    await s.close();
  }
});
