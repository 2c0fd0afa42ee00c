import { afterAll, beforeAll, expect, test } from "bun:test";
import type { Page } from "playwright-core";
import {
  type FakeOpenSubtitles,
  openSubtitlesConfig,
  startFakeOpenSubtitles,
} from "../fakes/opensubtitles.ts";
import { type FakePodnapisi, startFakePodnapisi } from "../fakes/podnapisi.ts";
import { type FakeSubdl, startFakeSubdl } from "../fakes/subdl.ts";
import { createLogin, type SessionState, signedInSession, signIn } from "./support/auth.ts";
import { launchBrowser, openPage, type TestBrowser } from "./support/browser.ts";
import { expectClean, horizontalOverflow, screenshotAll, screenshotDir } from "./support/screenshots.ts";
import { startUiServer, type UiServer } from "./support/server.ts";

const pictures = screenshotDir();

let server: UiServer;
let bare: UiServer;
let limited: UiServer;
let browser: TestBrowser;
let opensubtitles: FakeOpenSubtitles;
let podnapisi: FakePodnapisi;
let subdl: FakeSubdl;
let session: SessionState;

beforeAll(async () => {
  opensubtitles = await startFakeOpenSubtitles();
  opensubtitles.remaining = 17;
  opensubtitles.resetTimeUtc = new Date(Date.now() + 6 * 3_600_000).toISOString();
  podnapisi = await startFakePodnapisi();
  subdl = await startFakeSubdl();
  server = await startUiServer({
    providers: false,
    config: {
      providers: {
        opensubtitles: openSubtitlesConfig(opensubtitles),
        podnapisi: { enabled: true, baseUrl: podnapisi.url, priority: 50 },
        // A key SubDL refuses: its Test fails with the reason.
        subdl: {
          enabled: true,
          apiKey: "not-the-subdl-key",
          baseUrl: `${subdl.api.url}/api/v1`,
          downloadUrl: subdl.dl.url,
          priority: 200,
        },
      },
    },
  });
  bare = await startUiServer({ providers: false });
  // An API key but no account: OpenSubtitles can search yet never download.
  limited = await startUiServer({
    providers: false,
    config: {
      providers: {
        opensubtitles: {
          enabled: true,
          apiKey: opensubtitles.apiKey,
          baseUrl: `${opensubtitles.api.url}/api/v1`,
        },
      },
    },
  });
  browser = await launchBrowser();
  session = await signedInSession(browser.browser, server.url, "/providers", "Providers");
});

afterAll(async () => {
  pictures.done();
  await browser?.close();
  await server?.stop();
  await bare?.stop();
  await limited?.stop();
  await opensubtitles?.stop();
  await podnapisi?.stop();
  await subdl?.stop();
});

const card = (page: Page, title: string) => page.getByRole("region", { name: title, exact: true });

test("every provider is listed; Test shows a pass and a failure inline and as a toast", async () => {
  const { page, problems } = await openPage(browser.browser, { storageState: session });
  await page.goto(`${server.url}/providers`);
  await page.getByText("3 of 6 enabled, asked in priority order").waitFor();
  for (const title of ["OpenSubtitles", "Podnapisi", "SubDL", "Jimaku", "AnimeTosho", "Gestdown"])
    await card(page, title).waitFor();

  const pod = card(page, "Podnapisi");
  await pod.getByRole("button", { name: "Test Podnapisi" }).click();
  await pod.getByText("Test passed").waitFor();
  await pod.getByText(/Podnapisi search answered: 0 English subtitles/).waitFor();
  await page.getByRole("status").filter({ hasText: "Podnapisi: test passed" }).waitFor();
  expect(podnapisi.requests.map((r) => r.path)).toEqual(["/subtitles/search/old"]);

  const sub = card(page, "SubDL");
  await sub.getByRole("button", { name: "Test SubDL" }).click();
  await sub.getByText("Test failed").waitFor();
  await sub
    .getByText(/the API key was refused \(HTTP 403\)/)
    .first()
    .waitFor();
  await page.getByRole("alert").filter({ hasText: "SubDL: test failed" }).waitFor();
  // The failure is also the provider's last error; the key itself never reaches the page.
  await sub.getByText("Last error").waitFor();
  expect(await page.content()).not.toContain("not-the-subdl-key");

  // OpenSubtitles logs in and reports the account's quota.
  const os = card(page, "OpenSubtitles");
  await os.getByRole("button", { name: "Test OpenSubtitles" }).click();
  await os.getByText("Test passed").waitFor();
  await os.getByText(/^17 of 20 downloads left/).waitFor();
  await os.getByText("apiKey").waitFor();

  // A disabled provider says how to turn it on, naming the keys it still needs.
  const jimaku = card(page, "Jimaku");
  await jimaku.getByText("[providers.jimaku]").waitFor();
  await jimaku.getByText("SUBHOUND_PROVIDERS__JIMAKU__API_KEY=…").waitFor();
  expect(await jimaku.getByRole("button", { name: "Test" }).count()).toBe(0);

  expect(problems).toEqual({ consoleErrors: [], failedRequests: [] });
  await page.context().close();
}, 60_000);

test("repeated failures open SubDL's breaker: the card says so in words, with the next try", async () => {
  // Five failed tests in a row (the breaker's threshold), sent the way an API client would.
  for (let i = 0; i < 5; i++) {
    const res = await fetch(`${server.url}/api/v1/providers/subdl/test`, {
      method: "POST",
      headers: { "X-Api-Key": server.apiKey },
    });
    expect(((await res.json()) as { ok: boolean }).ok).toBe(false);
  }
  const { page, problems } = await openPage(browser.browser, { storageState: session });
  await page.goto(`${server.url}/providers`);
  const sub = card(page, "SubDL");
  await sub.getByText("Breaker open", { exact: true }).waitFor();
  await sub.getByText(/failures in a row/).waitFor();
  await sub.getByText(/next try in/).waitFor();
  // Test goes through the breaker too: refused without asking SubDL.
  const before = subdl.api.requests.length;
  await sub.getByRole("button", { name: "Test SubDL" }).click();
  await sub.getByText("circuit breaker open after repeated failures").first().waitFor();
  expect(subdl.api.requests.length).toBe(before);
  expect(problems).toEqual({ consoleErrors: [], failedRequests: [] });
  await page.context().close();
}, 60_000);

test("a provider its configuration keeps from delivering says so, with the missing keys", async () => {
  await createLogin(limited.url);
  const { page, problems } = await openPage(browser.browser);
  await page.goto(`${limited.url}/providers`);
  await signIn(page);
  const os = card(page, "OpenSubtitles");
  await os.getByTestId("provider-limitation").getByText("downloads need a username and password").waitFor();
  await os.getByText("not used").waitFor();
  expect(await os.getByText("missing").count()).toBe(2);
  expect(problems).toEqual({ consoleErrors: [], failedRequests: [] });
  await page.context().close();
}, 60_000);

test("with no provider enabled the page says which config keys to set", async () => {
  await createLogin(bare.url);
  const { page, problems } = await openPage(browser.browser, { viewport: "phone" });
  await page.goto(`${bare.url}/providers`);
  await signIn(page);
  await page.getByRole("heading", { name: "No provider is enabled" }).waitFor();
  await page.getByText("SUBHOUND_PROVIDERS__PODNAPISI__ENABLED=true").first().waitFor();
  expect(await horizontalOverflow(page)).toBe(0);
  expect(problems).toEqual({ consoleErrors: [], failedRequests: [] });
  await page.context().close();
}, 60_000);

test("screenshots: desktop and phone, light and dark, without sideways scrolling", async () => {
  const results = await screenshotAll(browser.browser, server.url, pictures.dir, {
    path: "/providers",
    name: "providers",
    storageState: session,
    ready: async (page) => {
      await card(page, "SubDL").getByText("Test failed").waitFor();
      await card(page, "OpenSubtitles")
        .getByText(/^17 of 20 downloads left/)
        .waitFor();
    },
  });
  expectClean(results);
}, 120_000);
