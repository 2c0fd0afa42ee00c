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
