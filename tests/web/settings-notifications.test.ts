import { expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { parse } from "smol-toml";
import { type FakeGotify, startFakeGotify } from "../fakes/gotify.ts";
import { type FakeJellyfin, startFakeJellyfin } from "../fakes/jellyfin.ts";
import { type FakeNtfy, startFakeNtfy } from "../fakes/ntfy.ts";
import type { Json } from "../support/runtime.ts";
import { openPage, recordBodies } from "./support/browser.ts";
import { settingsSuite } from "./support/settings-suite.ts";

const NTFY_TOKEN = "tk_ntfy-secret-token-31";
const GOTIFY_TOKEN = "gotify-app-token-secret-47";
const JELLYFIN_KEY = "jellyfin-secret-key-typed-59";
const HEADER_SECRET = "Bearer header-secret-typed-83";

let ntfy: FakeNtfy;
let gotify: FakeGotify;
let jellyfin: FakeJellyfin;

const suite = settingsSuite(
  async () => {
    ntfy = startFakeNtfy({ token: NTFY_TOKEN });
    gotify = startFakeGotify({ appToken: GOTIFY_TOKEN });
    jellyfin = await startFakeJellyfin(JELLYFIN_KEY);
    return {
      episodes: 1,
      config: {
        notifications: [
          {
            type: "ntfy",
            name: "phone",
            url: ntfy.url,
            topic: "subs",
            token: NTFY_TOKEN,
            events: ["failure"],
          },
        ],
      },
      configFile: {},
    };
  },
  {
    after: async () => {
      await ntfy?.stop();
      await gotify?.stop();
      await jellyfin?.stop();
    },
  },
);

test("notifiers: tested from their card, added with typed secrets, saved; no secret ever reaches the browser", async () => {
  const { page, problems } = await openPage(suite.browser.browser, { storageState: suite.session });
  const bodies = recordBodies(page);
  await page.goto(`${suite.server.url}/settings`);
  await page
    .getByRole("navigation", { name: "Settings sections" })
    .getByRole("link", { name: "Notifications" })
    .click();
  await page.waitForURL(/\/settings\/notifications$/);

  const phone = page.getByRole("region", { name: "Notifier phone" });
  await phone.getByText("set", { exact: true }).waitFor();
  await expect(phone.getByRole("button", { name: "Failure" }).getAttribute("aria-pressed")).resolves.toBe(
    "true",
  );
  await expect(phone.getByRole("button", { name: "Download" }).getAttribute("aria-pressed")).resolves.toBe(
    "false",
  );
  await phone.getByRole("button", { name: "Test" }).click();
  await phone.getByText(/Connected:.*look for the test message/).waitFor();
  expect(ntfy.messages.map((m) => m.topic)).toEqual(["subs"]);

  await page.getByLabel("Service of the new notifier").selectOption("gotify");
  await page.getByRole("button", { name: "Add notifier" }).click();
  const added = page.getByRole("region", { name: "Notifier gotify" });
  await added.getByText("Save first, then Test sends a message.").waitFor();
  await added.getByLabel("Server").fill(gotify.url);
  await added.getByLabel(/App token/).fill(GOTIFY_TOKEN);
  await added.getByRole("button", { name: "Download" }).click();
  await added.getByRole("button", { name: "Upgrade" }).click();

  await page.getByLabel("Service of the new notifier").selectOption("webhook");
  await page.getByRole("button", { name: "Add notifier" }).click();
  const hook = page.getByRole("region", { name: "Notifier webhook" });
  await hook.getByLabel("Name").fill("hook");
  const renamed = page.getByRole("region", { name: "Notifier hook" });
  await renamed.getByLabel(/^URL/).fill("http://127.0.0.1:9/subhound");
  await renamed.getByLabel(/^Headers/).fill(`Authorization: ${HEADER_SECRET}\nX-Team: subs`);

  await page.getByRole("button", { name: "Save" }).click();
  await page
    .getByRole("status")
    .filter({ hasText: /^Saved/ })
    .waitFor();
  await added.getByText("set", { exact: true }).waitFor();
  await renamed.getByRole("button", { name: "Test" }).waitFor();
  // A saved notifier runs at once (no restart): its Test reaches the fake Gotify.
  await added.getByRole("button", { name: "Test" }).click();
  await added.getByText(/look for the test message/).waitFor();
  expect(gotify.messages).toHaveLength(1);

  const file = parse(readFileSync(suite.configPath(), "utf8")) as Json;
  expect(file.notifications.map((n: Json) => n.name)).toEqual(["phone", "gotify", "hook"]);
  expect(file.notifications[0].token).toBe(NTFY_TOKEN);
  expect(file.notifications[1]).toMatchObject({ appToken: GOTIFY_TOKEN, events: ["failure", "health"] });
  expect(file.notifications[2].headers).toEqual({ Authorization: HEADER_SECRET, "X-Team": "subs" });
  for (const body of bodies)
    for (const secret of [NTFY_TOKEN, GOTIFY_TOKEN, HEADER_SECRET, "header-secret-typed"])
      expect(body).not.toContain(secret);
  expect(await page.content()).not.toContain(GOTIFY_TOKEN);
  expect(problems.failedRequests).toEqual([]);
  await page.context().close();
}, 90_000);

test("a media server is tested in its card as typed, with the key never sent back", async () => {
  const { page, problems } = await openPage(suite.browser.browser, { storageState: suite.session });
  const bodies = recordBodies(page);
  await page.goto(`${suite.server.url}/settings/media-servers`);
  await page.getByRole("button", { name: "Add media server" }).click();
  const card = page.getByRole("region", { name: "Media server jellyfin" });
  await card.getByLabel("URL").fill(jellyfin.url);
  await card.getByLabel(/API key/).fill("not-the-jellyfin-key");
  await card.getByRole("button", { name: "Test" }).click();
  await card.getByText(/Failed:/).waitFor();
  await card.getByLabel(/API key/).fill(JELLYFIN_KEY);
  await card.getByRole("button", { name: "Test" }).click();
  await card.getByText(/Connected: .*\d+\.\d+/).waitFor();
  await page.getByRole("button", { name: "Discard" }).click();
  for (const body of bodies) expect(body).not.toContain(JELLYFIN_KEY);
  expect(problems).toEqual({ consoleErrors: [], failedRequests: [] });
  await page.context().close();
}, 60_000);

test("screenshots of the Notifications section", async () => {
  await suite.screenshots({
    path: "/settings/notifications",
    name: "settings-notifications",
    ready: (p) => p.getByRole("region", { name: "Notifier hook" }).waitFor(),
  });
}, 120_000);
