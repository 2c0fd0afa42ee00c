import { afterAll, beforeAll, test } from "bun:test";
import { createLogin, PASSWORD, signIn, USERNAME } from "./support/auth.ts";
import { launchBrowser, openPage, type TestBrowser } from "./support/browser.ts";
import { expectClean, screenshotAll, screenshotDir } from "./support/screenshots.ts";
import { seedHistory, startUiServer, type UiServer } from "./support/server.ts";

let server: UiServer;
let browser: TestBrowser;
const pictures = screenshotDir();
beforeAll(async () => {
  server = await startUiServer({ episodes: 6 });
  browser = await launchBrowser();
  server.gate.release();
  const scan = server.runtime.deps.scanner.start({ mode: "full", trigger: "api" });
  if (!scan.ok) throw new Error("a scan is already running");
  await scan.done;
  seedHistory(server.runtime);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  pictures.done();
});

test("setup, sign-in, dashboard and health at desktop and phone width, light and dark", async () => {
  expectClean(
    await screenshotAll(browser.browser, server.url, pictures.dir, {
      path: "/",
      name: "setup",
      ready: (page) => page.getByRole("heading", { name: "Create your login" }).waitFor(),
    }),
  );
  await createLogin(server.url, USERNAME, PASSWORD);
  expectClean(
    await screenshotAll(browser.browser, server.url, pictures.dir, {
      path: "/",
      name: "login",
      ready: (page) => page.getByRole("heading", { name: "Sign in" }).waitFor(),
    }),
  );

  const { context, page } = await openPage(browser.browser);
  await page.goto(`${server.url}/`);
  await signIn(page);
  await page.getByRole("heading", { name: "Dashboard", level: 1 }).waitFor();
  const storageState = await context.storageState();
  await context.close();

  expectClean(
    await screenshotAll(browser.browser, server.url, pictures.dir, {
      path: "/",
      name: "dashboard",
      storageState,
      ready: async (p) => {
        await p.getByRole("heading", { name: "Dashboard", level: 1 }).waitFor();
        await p.getByText("Live updates on").waitFor({ state: "attached" });
        await p.getByTestId("scan-activity").getByText("succeeded").waitFor();
        await p.locator(".uplot canvas").first().waitFor();
        await p.getByRole("heading", { name: "Recent downloads" }).waitFor();
        await p.getByText("Database").first().waitFor();
      },
    }),
  );
  expectClean(
    await screenshotAll(browser.browser, server.url, pictures.dir, {
      path: "/health",
      name: "health",
      storageState,
      ready: async (p) => {
        await p.getByRole("heading", { name: "Health", level: 1 }).waitFor();
        await p.getByRole("heading", { name: "Scheduler" }).waitFor();
      },
    }),
  );
}, 120_000);
