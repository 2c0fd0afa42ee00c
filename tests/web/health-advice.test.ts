import { afterAll, beforeAll, expect, test } from "bun:test";
import type { Page } from "playwright-core";
import { type SessionState, signedInSession } from "./support/auth.ts";
import { launchBrowser, openPage, type TestBrowser } from "./support/browser.ts";
import { startUiServer, type UiServer } from "./support/server.ts";

let server: UiServer;
let browser: TestBrowser;
let session: SessionState;

beforeAll(async () => {
  server = await startUiServer({
    episodes: 1,
    config: {
      // Every disk is "full": no file system has 100 % free.
      disk: { minFreePercent: 100 },
      sonarr: [{ name: "main", url: "http://127.0.0.1:1", apiKey: "sonarr-key", retries: 0 }],
      mediaServers: [{ type: "jellyfin", name: "Living room", url: "http://127.0.0.1:1", apiKey: "jf" }],
    },
  });
  browser = await launchBrowser();
  session = await signedInSession(browser.browser, server.url, "/health", "Health");
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const card = (page: Page, name: string) =>
  page.locator("section", { has: page.getByRole("heading", { name, level: 2, exact: true }) });

test("a full disk's card says what to do, as a dead Sonarr's and media server's cards link where to fix them", async () => {
  const { page, problems, context } = await openPage(browser.browser, {
    storageState: session,
    viewport: "phone",
  });
  await page.goto(`${server.url}/health`);
  const disk = card(page, "Disk: data folder");
  await disk.getByText(/below disk\.minFreePercent/).waitFor();
  await disk
    .getByText(/^Free space on this disk .*, or lower disk\.minFreePercent in config\.toml\.$/)
    .waitFor();
  await card(page, "Sonarr / Radarr")
    .getByRole("link", { name: "Fix it in Settings → Library sources" })
    .waitFor();
  await card(page, "Media servers")
    .getByRole("link", { name: "Fix it in Settings → Media servers" })
    .waitFor();
  // A healthy card gives no advice.
  expect(
    await card(page, "Database")
      .getByText(/Free space/)
      .count(),
  ).toBe(0);
  // The degraded report answers 503, which is the report itself.
  expect(problems.failedRequests.every((r) => /\/api\/v1\/health\/detailed: 503$/.test(r))).toBe(true);
  await context.close();
}, 60_000);
