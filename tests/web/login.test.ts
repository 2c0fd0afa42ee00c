import { afterAll, beforeAll, expect, test } from "bun:test";
import { PASSWORD, signIn } from "./support/auth.ts";
import { launchBrowser, openPage, type TestBrowser } from "./support/browser.ts";
import { startUiServer, type UiServer } from "./support/server.ts";

let server: UiServer;
let browser: TestBrowser;
beforeAll(async () => {
  server = await startUiServer();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

test("first visit creates the login, then sign-out and sign-in (wrong, right, rate-limited)", async () => {
  const { page, problems } = await openPage(browser.browser);
  // A deep link: the page asked for is the one shown once signed in.
  await page.goto(`${server.url}/health`);
  await page.getByRole("heading", { name: "Create your login" }).waitFor();
  expect(await page.getByLabel("Username").getAttribute("autocomplete")).toBe("username");
  expect(await page.getByLabel("Password", { exact: true }).getAttribute("autocomplete")).toBe(
    "new-password",
  );
  await signIn(page);
  await page.getByRole("heading", { name: "Health", level: 1 }).waitFor();
  expect(problems).toEqual({ consoleErrors: [], failedRequests: [] });

  await page.getByRole("button", { name: /Sign out admin/ }).click();
  await page.getByRole("heading", { name: "Sign in" }).waitFor();
  expect(await page.getByLabel("Password").getAttribute("autocomplete")).toBe("current-password");

  await signIn(page, "admin", "not the password");
  await expect(page.getByRole("alert").textContent()).resolves.toBe("Wrong username or password");
  await signIn(page);
  await page.getByRole("heading", { name: "Health", level: 1 }).waitFor();

  await page.getByRole("button", { name: /Sign out admin/ }).click();
  // A success resets the count: five failures from here on.
  for (let i = 0; i < 5; i++) {
    await signIn(page, "admin", `wrong ${i}`);
    await page.getByRole("alert").filter({ hasText: "Wrong username or password" }).waitFor();
    await page.getByRole("button", { name: "Sign in" }).waitFor();
  }
  // Five failures from this client: even the right password now waits.
  await signIn(page, "admin", PASSWORD);
  await page
    .getByRole("alert")
    .filter({ hasText: /Too many failed sign-ins; try again in \d+ s/ })
    .waitFor();
  expect(problems.failedRequests.filter((r) => r.endsWith(": 429"))).toHaveLength(1);
  expect(problems.failedRequests.filter((r) => r.endsWith(": 401"))).toHaveLength(6);
}, 60_000);
