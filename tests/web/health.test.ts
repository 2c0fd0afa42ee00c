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
