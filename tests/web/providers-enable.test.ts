import { afterAll, beforeAll, expect, test } from "bun:test";
import type { Page } from "playwright-core";
import { type FakeGestdown, startFakeGestdown } from "../fakes/gestdown.ts";
import { type FakeOpenSubtitles, startFakeOpenSubtitles } from "../fakes/opensubtitles.ts";
import { type FakePodnapisi, startFakePodnapisi } from "../fakes/podnapisi.ts";
import { type SessionState, signedInSession } from "./support/auth.ts";
import { launchBrowser, openPage, type TestBrowser } from "./support/browser.ts";
import { horizontalOverflow } from "./support/screenshots.ts";
import { callApi, startUiServer, type UiServer } from "./support/server.ts";

let server: UiServer;
let browser: TestBrowser;
let session: SessionState;
let podnapisi: FakePodnapisi;
let gestdown: FakeGestdown;
let opensubtitles: FakeOpenSubtitles;

beforeAll(async () => {
  podnapisi = await startFakePodnapisi();
  gestdown = await startFakeGestdown();
  opensubtitles = await startFakeOpenSubtitles();
  server = await startUiServer({
    providers: false,
    configFile: { env: { SUBHOUND_PROVIDERS__ANIMETOSHO__ENABLED: "false" } },
    config: {
      providers: {
        podnapisi: { enabled: true, baseUrl: podnapisi.url },
        gestdown: { enabled: true, baseUrl: gestdown.url, priority: 50 },
        // A key but no account: searched never, as it could not download.
        opensubtitles: {
          enabled: true,
          apiKey: opensubtitles.apiKey,
          baseUrl: `${opensubtitles.api.url}/api/v1`,
        },
      },
    },
  });
  server.gate.release();
  browser = await launchBrowser();
  session = await signedInSession(browser.browser, server.url, "/providers", "Providers");
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await podnapisi?.stop();
  await gestdown?.stop();
  await opensubtitles?.stop();
});

/** Podnapisi's quota spent until `until`, as a failed download records it (kept across a reload). */
async function pausePodnapisi(until: Date) {
  server.runtime.deps.db.sqlite
    .query(
      "INSERT OR REPLACE INTO provider_state (provider, paused_until, pause_reason, updated_at) VALUES ('podnapisi', ?, 'download quota spent', ?)",
    )
    .run(until.toISOString(), new Date().toISOString());
  // A changed provider starts afresh from what is stored: its pause.
  const doc = (await callApi(server, "/settings")) as { revision: string; values: { providers: object } };
  const providers = doc.values.providers as Record<string, Record<string, unknown>>;
  providers.podnapisi = { ...providers.podnapisi, priority: 90 };
  await callApi(server, "/settings", {
    method: "PUT",
    body: JSON.stringify({ revision: doc.revision, values: { providers } }),
  });
}

const card = (page: Page, title: string) => page.getByRole("region", { name: title, exact: true });

test("a quota pause reads as when downloads resume, with the exact time on hover; a limited provider is not 'paused'", async () => {
  await pausePodnapisi(new Date(Date.now() + 5 * 3_600_000));
  const { page, problems, context } = await openPage(browser.browser, { storageState: session });
  await page.goto(`${server.url}/providers`);
  const quota = card(page, "Podnapisi").locator("dd").filter({ hasText: "paused" });
  await quota.getByText(/resumes in \d+ hr\./).waitFor();
  expect(await quota.textContent()).not.toContain("until in");
  expect(await quota.locator("time").getAttribute("title")).toBeTruthy();

  await page.goto(`${server.url}/`);
  const row = page.getByTestId("provider-podnapisi");
  await row.getByText(/downloads paused, resuming in \d+ hr\./).waitFor();
  expect(await row.textContent()).not.toContain("until in");
  expect(await row.locator("time").getAttribute("title")).toBeTruthy();
  // OpenSubtitles without an account is left out of searches: that is not a pause.
  const limited = page.getByTestId("provider-opensubtitles");
  await limited.getByText("not used", { exact: true }).waitFor();
  expect(await limited.getByText("paused", { exact: true }).count()).toBe(0);
  expect(problems).toEqual({ consoleErrors: [], failedRequests: [] });
  await context.close();
}, 60_000);

test("a provider is disabled and enabled again from its card, on a phone too", async () => {
  const { page, problems, context } = await openPage(browser.browser, {
    storageState: session,
    viewport: "phone",
  });
  await page.goto(`${server.url}/providers`);
  const gest = card(page, "Gestdown");
  await gest.getByRole("button", { name: "Disable Gestdown" }).click();
  await page.getByRole("status").filter({ hasText: "Gestdown disabled" }).waitFor();
  await gest.getByRole("button", { name: "Enable Gestdown" }).waitFor();
  expect(server.runtime.deps.providers.names()).not.toContain("gestdown");
  await gest.getByRole("button", { name: "Enable Gestdown" }).click();
  await page.getByRole("status").filter({ hasText: "Gestdown enabled" }).waitFor();
  await gest.getByRole("button", { name: "Disable Gestdown" }).waitFor();
  expect(server.runtime.deps.providers.names()).toContain("gestdown");
  // Saving the providers' switches kept the keys the page never sees.
  expect(server.runtime.deps.config.providers.opensubtitles.apiKey).toBe(opensubtitles.apiKey);

  // One that needs a key it lacks cannot be turned on here: the card says what to set instead.
  const subdl = card(page, "SubDL");
  await subdl.getByText("[providers.subdl]").waitFor();
  expect(await subdl.getByRole("button", { name: /Enable/ }).count()).toBe(0);
  // One the environment switches off: changed there, not here.
  const tosho = card(page, "AnimeTosho");
  await tosho.getByText("SUBHOUND_PROVIDERS__ANIMETOSHO__ENABLED", { exact: true }).waitFor();
  expect(await tosho.getByRole("button", { name: /Enable/ }).count()).toBe(0);
  expect(await horizontalOverflow(page)).toBe(0);
  expect(problems).toEqual({ consoleErrors: [], failedRequests: [] });
  await context.close();
}, 60_000);
