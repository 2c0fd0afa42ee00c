import { afterAll, beforeAll, expect, test } from "bun:test";
import { signIn } from "./support/auth.ts";
import { launchBrowser, openPage, type TestBrowser } from "./support/browser.ts";
import { startUiServer, type UiServer } from "./support/server.ts";

let server: UiServer;
let browser: TestBrowser;
beforeAll(async () => {
  server = await startUiServer({ config: { server: { urlBase: "/subhound" } } });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

test("behind server.urlBase every asset, API call, link and the event stream stay under the base", async () => {
  const { context, page, problems } = await openPage(browser.browser);
  const outside: string[] = [];
  page.on("request", (r) => {
    if (!r.url().startsWith(`${server.origin}/subhound/`)) outside.push(r.url());
  });
  await page.goto(`${server.url}/health`);
  await signIn(page);
  await page.getByRole("heading", { name: "Health", level: 1 }).waitFor();
  await page.getByText("Live updates on").waitFor();
  await page.getByRole("link", { name: "Dashboard" }).click();
  await page.getByRole("heading", { name: "Dashboard", level: 1 }).waitFor();
  expect(page.url()).toBe(`${server.url}/`);
  await page.goBack();
  await page.getByRole("heading", { name: "Health", level: 1 }).waitFor();
  expect(page.url()).toBe(`${server.url}/health`);
  expect((await context.cookies()).map((c) => [c.name, c.path, c.httpOnly, c.sameSite])).toEqual([
    ["subhound_session", "/subhound", true, "Lax"],
  ]);
  expect(outside).toEqual([]);
  expect(problems).toEqual({ consoleErrors: [], failedRequests: [] });
}, 60_000);
