import { afterAll, beforeAll, expect, test } from "bun:test";
import type { Request } from "playwright-core";
import { pollUntil } from "../support/poll.ts";
import { createLogin, signIn } from "./support/auth.ts";
import { launchBrowser, openPage, type TestBrowser } from "./support/browser.ts";
import { startUiServer, type UiServer } from "./support/server.ts";

let server: UiServer;
let browser: TestBrowser;
beforeAll(async () => {
  server = await startUiServer();
  browser = await launchBrowser();
  await createLogin(server.url);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

test("an auth-state answer asked for before signing in does not sign the page out when it comes late", async () => {
  const { page, problems } = await openPage(browser.browser);
  await page.clock.install();
  const { promise: released, resolve: release } = Promise.withResolvers<void>();
  let held: Request | null = null;
  let asked = 0;
  let signedOut: string | null = null;
  await page.route("**/api/v1/auth/state", async (route) => {
    asked++;
    if (asked === 1) {
      // The first answer, before signing in: what a late answer of the same age says.
      const response = await route.fetch();
      signedOut = await response.text();
      await route.fulfill({ response, body: signedOut });
      return;
    }
    if (asked === 2) {
      // A refetch on the sign-in page, asked before the sign-in: answered as it would have been, late.
      held = route.request();
      await released;
      await route.fulfill({ status: 200, contentType: "application/json", body: signedOut! }).catch(() => {});
      return;
    }
    await route.continue();
  });
  await page.goto(`${server.url}/`);
  await page.getByRole("heading", { name: "Sign in" }).waitFor();
  // The state goes stale, and the tab coming back into view refetches it: that answer will say "signed out".
  await page.clock.fastForward(61_000);
  await page.evaluate("window.dispatchEvent(new Event('visibilitychange'))");
  await pollUntil(
    async () => held,
    (request) => request !== null,
  );

  // Answered late, or given up by the page (the sign-in's answer wins): either way it is over.
  const settled = Promise.race([
    page.waitForEvent("requestfinished", (r) => r === held),
    page.waitForEvent("requestfailed", (r) => r === held),
  ]);
  await signIn(page);
  await page.getByRole("heading", { name: "Dashboard", level: 1 }).waitFor();
  release();
  await settled;
  // Whatever the late answer started runs now (the page's timers and renders), then the page is read.
  await page.clock.runFor(1000);
  await page.evaluate("new Promise((resolve) => requestAnimationFrame(() => resolve(null)))");
  expect(await page.getByRole("heading", { name: "Sign in" }).count()).toBe(0);
  await page.getByRole("heading", { name: "Dashboard", level: 1 }).waitFor();
  expect(problems.consoleErrors).toEqual([]);
  await page.context().close();
}, 60_000);
