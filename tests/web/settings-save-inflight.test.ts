import { expect, test } from "bun:test";
import type { Page, Route } from "playwright-core";
import type { Json } from "../support/runtime.ts";
import { openPage } from "./support/browser.ts";
import { callApi } from "./support/server.ts";
import { settingsSuite } from "./support/settings-suite.ts";

const suite = settingsSuite();

/** Holds the page's next save on its way to the server until `release`: the save stays in flight. */
async function holdNextSave(page: Page) {
  let arrive = () => {};
  const arrived = new Promise<void>((resolve) => {
    arrive = resolve;
  });
  let release = () => {};
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  let held = false;
  await page.route("**/api/v1/settings", async (route: Route) => {
    if (route.request().method() !== "PUT" || held) return route.fallback();
    held = true;
    arrive();
    await released;
    await route.continue();
  });
  return { arrived, release };
}

/** Clicks Save and waits until the save is held in flight, as the page shows it. */
async function startHeldSave(page: Page) {
  const save = await holdNextSave(page);
  await page.getByRole("button", { name: "Save" }).click();
  await save.arrived;
  await page.getByRole("button", { name: "Saving…" }).waitFor();
  return save;
}

const saveBar = (page: Page) => page.getByRole("region", { name: "Unsaved changes" });
const saved = (page: Page) => page.getByRole("status").filter({ hasText: "Saved and applied" }).first();

test("a setting typed while a save runs outlives it, and the next Save stores it", async () => {
  const { page, problems, context } = await openPage(suite.browser.browser, { storageState: suite.session });
  await page.goto(`${suite.server.url}/settings/schedules`);
  await page.getByLabel("Attempts per item").fill("4");
  const save = await startHeldSave(page);
  await page.getByLabel("Minimum score", { exact: true }).fill("25");
  save.release();
  await saved(page).waitFor();

  // The first save is done (its toast shows): what was typed meanwhile is still there, still unsaved.
  expect(await saveBar(page).getByText("Unsaved changes").isVisible()).toBe(true);
  expect(await page.getByLabel("Minimum score", { exact: true }).inputValue()).toBe("25");
  expect(await page.getByLabel("Attempts per item").inputValue()).toBe("4");
  expect((await callApi(suite.server, "/settings")).values.search).toMatchObject({ maxAttempts: 4 });

  // Built on the saved revision: no "changed since these settings were loaded".
  await saveBar(page).getByRole("button", { name: "Save" }).click();
  await saveBar(page).waitFor({ state: "detached" });
  expect((await callApi(suite.server, "/settings")).values.search).toMatchObject({
    maxAttempts: 4,
    minScore: 25,
  });
  expect(problems).toEqual({ consoleErrors: [], failedRequests: [] });
  await context.close();
}, 60_000);

test("a Sonarr instance added, then renamed while the save runs, is saved once, with its key", async () => {
  const { page, problems, context } = await openPage(suite.browser.browser, { storageState: suite.session });
  await page.goto(`${suite.server.url}/settings/library`);
  await page.getByRole("button", { name: "Add Sonarr" }).click();
  const card = page.getByRole("region", { name: "Sonarr sonarr-2" });
  await card.getByLabel("URL").fill(suite.server.sonarr.url);
  await card.getByLabel("API key").fill("sonarr-key");
  const save = await startHeldSave(page);
  await card.getByLabel("Name").fill("second");
  save.release();
  await saved(page).waitFor();

  const renamed = page.getByRole("region", { name: "Sonarr second" });
  expect(await saveBar(page).getByText("Unsaved changes").isVisible()).toBe(true);
  // The key went with the first save: it shows as saved, not as typed anew.
  await renamed.getByText("set", { exact: true }).waitFor();
  await saveBar(page).getByRole("button", { name: "Save" }).click();
  await saveBar(page).waitFor({ state: "detached" });

  const settings = await callApi(suite.server, "/settings");
  expect(settings.values.sonarr.map((i: Json) => i.name)).toEqual(["main", "second"]);
  expect(settings.secrets["sonarr.1.apiKey"]).toEqual({ set: true });
  expect(problems).toEqual({ consoleErrors: [], failedRequests: [] });
  await context.close();
}, 60_000);

test("a notifier added before the save, with another setting changed while it runs, is saved once", async () => {
  const { page, problems, context } = await openPage(suite.browser.browser, { storageState: suite.session });
  const sentBodies: Json[] = [];
  page.on("request", (request) => {
    if (request.method() === "PUT" && request.url().endsWith("/api/v1/settings"))
      sentBodies.push(request.postDataJSON());
  });
  await page.goto(`${suite.server.url}/settings/notifications`);
  await page.getByLabel("Service of the new notifier").selectOption("webhook");
  await page.getByRole("button", { name: "Add notifier" }).click();
  const hook = page.getByRole("region", { name: "Notifier webhook" });
  await hook.getByLabel(/^URL/).fill("http://127.0.0.1:9/subhound");
  await hook.getByLabel(/^Headers/).fill("X-Team: subs");
  const save = await startHeldSave(page);
  await page
    .getByRole("navigation", { name: "Settings sections" })
    .getByRole("link", { name: "Schedules" })
    .click();
  await page.getByLabel("Attempts per item").fill("5");
  save.release();
  await saved(page).waitFor();

  expect(await saveBar(page).getByText("Unsaved changes").isVisible()).toBe(true);
  await saveBar(page).getByRole("button", { name: "Save" }).click();
  await saveBar(page).waitFor({ state: "detached" });

  const settings = await callApi(suite.server, "/settings");
  expect(settings.values.notifications.map((n: Json) => [n.id, n.name])).toEqual([["0", "webhook"]]);
  expect(settings.secrets["notifications.0.headers"]).toEqual({ set: true });
  expect(settings.values.search).toMatchObject({ maxAttempts: 5 });
  // The second save named the notifier by its id and did not send the headers again.
  expect(sentBodies).toHaveLength(2);
  expect(sentBodies[1].values.notifications.map((n: Json) => n.id)).toEqual(["0"]);
  expect(sentBodies[1].secrets).toEqual({});
  expect(problems).toEqual({ consoleErrors: [], failedRequests: [] });
  await context.close();
}, 60_000);

test("with nothing typed while the save runs, the save bar goes once it is saved", async () => {
  const { page, problems, context } = await openPage(suite.browser.browser, { storageState: suite.session });
  await page.goto(`${suite.server.url}/settings/schedules`);
  await page.getByLabel("Attempts per item").fill("6");
  const save = await startHeldSave(page);
  save.release();
  await saveBar(page).waitFor({ state: "detached" });
  expect((await callApi(suite.server, "/settings")).values.search).toMatchObject({ maxAttempts: 6 });
  expect(problems).toEqual({ consoleErrors: [], failedRequests: [] });
  await context.close();
}, 60_000);

test("a save that ends after the user left the page still settles: no stale draft, no 409 on return", async () => {
  const { page, problems, context } = await openPage(suite.browser.browser, { storageState: suite.session });
  await page.goto(`${suite.server.url}/settings/schedules`);
  await page.getByLabel("Attempts per item").fill("7");
  const save = await startHeldSave(page);
  await page.getByRole("link", { name: "Dashboard" }).first().click();
  await page.getByRole("heading", { name: "Dashboard", level: 1 }).waitFor();
  const stored = page.waitForResponse(
    (r) => r.request().method() === "PUT" && r.url().endsWith("/api/v1/settings"),
  );
  save.release();
  expect((await stored).status()).toBe(200);
  await saved(page).waitFor();

  await page.getByRole("link", { name: "Settings" }).first().click();
  await page.getByRole("heading", { name: "Settings", level: 1 }).waitFor();
  await page
    .getByRole("navigation", { name: "Settings sections" })
    .getByRole("link", { name: "Schedules" })
    .click();
  expect(await page.getByLabel("Attempts per item").inputValue()).toBe("7");
  expect(await saveBar(page).count()).toBe(0);
  // A new change saves on the revision the first save made.
  await page.getByLabel("Attempts per item").fill("8");
  await saveBar(page).getByRole("button", { name: "Save" }).click();
  await saveBar(page).waitFor({ state: "detached" });
  expect((await callApi(suite.server, "/settings")).values.search).toMatchObject({ maxAttempts: 8 });
  expect(problems).toEqual({ consoleErrors: [], failedRequests: [] });
  await context.close();
}, 60_000);
