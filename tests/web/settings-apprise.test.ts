import { expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { parse } from "smol-toml";
import { type FakeAppriseApi, startFakeAppriseApi } from "../fakes/apprise-api.ts";
import type { Json } from "../support/runtime.ts";
import { openPage, recordBodies } from "./support/browser.ts";
import { settingsSuite } from "./support/settings-suite.ts";

const KEY = "subhound-ui-key-4711";
const TELEGRAM = "tgram://123456789:UiTelegramToken-AAHdqTcvCH1vGW/-1001234567890";
const DISCORD = "discord://4174216298/UiDiscordToken-JHMHI8qBe7bk2Z";
const PUSHOVER = "pover://uQiRzpo4DXghDmr9QzzfQu27c@UiPushoverToken-azGDORePK8g";
const SECRETS = [KEY, TELEGRAM, DISCORD, PUSHOVER, "UiTelegramToken", "UiDiscordToken", "UiPushoverToken"];

let apprise: FakeAppriseApi;

const suite = settingsSuite(
  async () => {
    apprise = startFakeAppriseApi({ configs: { [KEY]: [{ url: TELEGRAM, tags: ["family"] }] } });
    return {
      episodes: 1,
      config: {
        notifications: [
          {
            type: "apprise",
            name: "stored",
            url: apprise.url,
            key: KEY,
            tags: ["family"],
            events: ["failure"],
          },
        ],
      },
      configFile: {},
    };
  },
  {
    after: async () => {
      await apprise?.stop();
    },
  },
);

test("Apprise API: a stored key tested from its card, URLs typed one per line and saved; no secret reaches the browser", async () => {
  const { page, problems } = await openPage(suite.browser.browser, { storageState: suite.session });
  const bodies = recordBodies(page);
  await page.goto(`${suite.server.url}/settings/notifications`);

  const stored = page.getByRole("region", { name: "Notifier stored" });
  await stored.getByRole("heading", { name: "Apprise API · stored" }).waitFor();
  await stored.getByText("set", { exact: true }).waitFor();
  await expect(stored.getByLabel("Tags (with a config key)").inputValue()).resolves.toBe("family");
  await stored.getByRole("button", { name: "Test" }).click();
  await stored.getByText("Connected: delivered: Sent Telegram notification. (", { exact: false }).waitFor();
  expect(apprise.deliveries.map((d) => [d.key, d.url, d.type])).toEqual([[KEY, TELEGRAM, "info"]]);

  // One with neither URLs nor a key: the save is refused, the reason beside the key.
  await page.getByLabel("Service of the new notifier").selectOption("apprise");
  await page.getByRole("button", { name: "Add notifier" }).click();
  const added = page.getByRole("region", { name: "Notifier apprise" });
  await added.getByLabel("Apprise API server").fill(apprise.url);
  await page.getByRole("button", { name: "Save" }).click();
  await added.getByText("set key (a configuration stored in Apprise API) or urls").waitFor();

  await added.getByLabel(/^URLs/).fill(`${DISCORD}\n${PUSHOVER}`);
  await page.getByRole("button", { name: "Save" }).click();
  await page
    .getByRole("status")
    .filter({ hasText: /^Saved/ })
    .waitFor();
  // The saved list shows as set (src/settings/document.ts counts a secret list), never its URLs.
  await added.getByText("set", { exact: true }).waitFor();
  // Saved, it runs at once: its Test sends to both URLs.
  await added.getByRole("button", { name: "Test" }).click();
  await added
    .getByText(/Connected: delivered: Sent Discord notification\.; Sent Pushover notification\./)
    .waitFor();
  expect(apprise.deliveries.slice(1).map((d) => [d.key, d.url])).toEqual([
    [null, DISCORD],
    [null, PUSHOVER],
  ]);

  const file = parse(readFileSync(suite.configPath(), "utf8")) as Json;
  expect(file.notifications.map((n: Json) => [n.name, n.type])).toEqual([
    ["stored", "apprise"],
    ["apprise", "apprise"],
  ]);
  expect(file.notifications[0]).toMatchObject({ key: KEY, tags: ["family"] });
  // Typed in the box, the URLs are saved as one per line (the config splits them as Apprise does).
  expect([file.notifications[1].urls].flat().join("\n").split("\n")).toEqual([DISCORD, PUSHOVER]);
  for (const body of bodies) for (const secret of SECRETS) expect(body).not.toContain(secret);
  const html = await page.content();
  for (const secret of SECRETS) expect(html).not.toContain(secret);
  // The refused save is the expected 422; nothing else failed.
  expect(problems.consoleErrors.filter((e) => !e.includes("status of 422"))).toEqual([]);
  expect(problems.failedRequests.filter((r) => !/PUT .*\/api\/v1\/settings: 422$/.test(r))).toEqual([]);
  await page.context().close();
}, 90_000);

test("screenshots of the Notifications section with Apprise API notifiers", async () => {
  await suite.screenshots({
    path: "/settings/notifications",
    name: "settings-apprise",
    ready: (p) => p.getByRole("region", { name: "Notifier apprise" }).waitFor(),
  });
}, 120_000);
