import { afterAll, beforeAll, expect, test } from "bun:test";
import { createLogin, signIn } from "./support/auth.ts";
import { launchBrowser, openPage, type TestBrowser } from "./support/browser.ts";
import { startUiServer, type UiServer } from "./support/server.ts";

let server: UiServer;
let browser: TestBrowser;
beforeAll(async () => {
  server = await startUiServer({ providers: false });
  browser = await launchBrowser();
  await createLogin(server.url);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

test("the health page renders every subsystem with its details and refreshes on demand", async () => {
  const { page, problems } = await openPage(browser.browser, { colorScheme: "dark" });
  await page.goto(`${server.url}/health`);
  await signIn(page);
  await page.getByRole("heading", { name: "Health", level: 1 }).waitFor();
  for (const name of ["Database", "Sonarr / Radarr", "Subtitle providers", "Scheduler", "Memory"])
    await page.getByRole("heading", { name, level: 2 }).waitFor();
  // Details beyond the message, e.g. the database's journal mode and schema version.
  const database = page.locator("section", { has: page.getByRole("heading", { name: "Database" }) });
  await database.getByText("Schema version").waitFor();
  expect(await page.evaluate("document.documentElement.dataset.theme")).toBe("dark");

  // Refresh bypasses the server's short cache: the checks run again.
  const refreshed = page.waitForResponse((r) => r.url().endsWith("/api/v1/health/detailed?fresh=true"));
  await page.getByRole("button", { name: "Refresh" }).click();
  expect((await refreshed).status()).toBe(200);
  await page.getByRole("button", { name: "Refresh" }).waitFor();
  expect(problems).toEqual({ consoleErrors: [], failedRequests: [] });
}, 60_000);

test("a broken subsystem's card links to where it is fixed; a healthy one has no such link", async () => {
  const { page, problems } = await openPage(browser.browser, { viewport: "phone" });
  await page.goto(`${server.url}/health`);
  await signIn(page);
  const card = (name: string) =>
    page.locator("section", { has: page.getByRole("heading", { name, level: 2, exact: true }) });
  // No provider is enabled: the card's advice names Settings → Providers, and the link goes there.
  const providers = card("Subtitle providers");
  await providers.getByText("unhealthy").waitFor();
  await card("Database").getByText("healthy", { exact: true }).waitFor();
  expect(await card("Database").getByRole("link").count()).toBe(0);
  await providers.getByRole("link", { name: "Fix it in Settings → Providers" }).click();
  await page.getByRole("heading", { name: "Settings", level: 1 }).waitFor();
  expect(new URL(page.url()).pathname).toBe(new URL(`${server.url}/settings/providers`).pathname);
  await page
    .getByRole("link", { name: "Providers", exact: true })
    .and(page.locator("[aria-current=page]"))
    .waitFor();
  // The degraded report answers 503, which is the report itself.
  expect(problems.failedRequests.every((r) => /\/api\/v1\/health\/detailed: 503$/.test(r))).toBe(true);
  await page.context().close();
}, 60_000);

test("without a provider the dashboard guides through the setup (tests/web/first-run.test.ts goes through it)", async () => {
  const { page, problems } = await openPage(browser.browser);
  await page.goto(`${server.url}/`);
  await signIn(page);
  const guide = page.getByRole("region", { name: "Set up Subhound" });
  await guide.getByText("3. Subtitle provider").waitFor();
  expect(await guide.locator('[aria-current="step"]').textContent()).toBe("2. Languages");
  expect(problems).toEqual({ consoleErrors: [], failedRequests: [] });
}, 60_000);

test("an unknown address inside the app says so and links back", async () => {
  const { page } = await openPage(browser.browser);
  await page.goto(`${server.url}/no-such-page`);
  await signIn(page);
  await page.getByRole("heading", { name: "No page at this address" }).waitFor();
  await page.getByRole("link", { name: "Go to the dashboard" }).click();
  await page.getByRole("heading", { name: "Dashboard", level: 1 }).waitFor();
}, 60_000);

test("an open Health page shows a subsystem going down without a reload, as soon as a check confirms it", async () => {
  const { page, problems } = await openPage(browser.browser);
  await page.goto(`${server.url}/health`);
  await signIn(page);
  const sonarr = page.locator("section", {
    has: page.getByRole("heading", { name: "Sonarr / Radarr", level: 2, exact: true }),
  });
  await sonarr.getByText("healthy", { exact: true }).waitFor();
  await server.sonarr.setMode("down");
  try {
    // Another tab's refresh (or the notifier's poll) runs the checks; the second report confirms it.
    for (let i = 0; i < 2; i++)
      await fetch(`${server.url}/api/v1/health/detailed?fresh=true`, {
        headers: { "X-Api-Key": server.apiKey },
      });
    await sonarr.getByText("unhealthy", { exact: true }).waitFor();
  } finally {
    await server.sonarr.setMode("up");
  }
  // The report with a subsystem down answers 503, which is the report itself.
  expect(problems.consoleErrors.every((e) => e.includes("status of 503"))).toBe(true);
}, 60_000);
