import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdirSync } from "node:fs";
import type { Page } from "playwright-core";
import { type FakePodnapisi, startFakePodnapisi } from "../fakes/podnapisi.ts";
import { type FakeRadarr, startFakeRadarr } from "../fakes/radarr.ts";
import { pollUntil } from "../support/poll.ts";
import type { Json } from "../support/runtime.ts";
import { type SessionState, signedInSession } from "./support/auth.ts";
import { launchBrowser, openPage, type TestBrowser } from "./support/browser.ts";
import { expectClean, screenshotAll, screenshotDir } from "./support/screenshots.ts";
import { callApi, startUiServer, type UiServer } from "./support/server.ts";

/** The Series and Movies lists' mass edit: select rows, set their profile in one go, search what they miss. */

const pictures = screenshotDir();
// MASS_EDIT_SHOTS=/tmp/dir keeps the pictures there to look at.
const shots = process.env.MASS_EDIT_SHOTS ?? pictures.dir;
let server: UiServer;
let radarr: FakeRadarr;
let podnapisi: FakePodnapisi;
let browser: TestBrowser;
let session: SessionState;

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  radarr = await startFakeRadarr({ apiKey: "radarr-key" });
  podnapisi = await startFakePodnapisi();
  for (const [title, year] of [
    ["Arrival", 2016],
    ["Dune", 2021],
  ] as const)
    radarr.addMovieFile(radarr.addMovie({ title, year, path: `/tv/Movies/${title} (${year})` }).id);
  server = await startUiServer({
    episodes: 8,
    providers: false,
    config: {
      profiles: { anime: { languages: ["en", "ja"] }, kids: { languages: ["de"] } },
      radarr: [{ name: "films", url: radarr.url, apiKey: "radarr-key", retries: 0 }],
      providers: { podnapisi: { enabled: true, baseUrl: podnapisi.url } },
    },
  });
  server.gate.release();
  const scan = server.runtime.deps.scanner.start({ mode: "full", trigger: "api" });
  if (!scan.ok) throw new Error("a scan is already running");
  await scan.done;
  browser = await launchBrowser();
  session = await signedInSession(browser.browser, server.url, "/series", "Series");
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await radarr?.stop();
  await podnapisi?.stop();
  pictures.done();
});

const api = (path: string, init?: RequestInit) => callApi(server, path, init);
const bulkBar = (page: Page) => page.getByRole("region", { name: "Selection" });
const box = (page: Page, n: number) => page.getByRole("checkbox", { name: `Select row ${n}` });
const profileOf = async (page: Page, title: string) =>
  (await page.getByRole("button", { name: `Profile of ${title}` }).textContent()) ?? "";

async function open(path: string, viewport: "desktop" | "phone" = "desktop") {
  const tracked = await openPage(browser.browser, { storageState: session, viewport });
  await tracked.page.goto(`${server.url}${path}`);
  await box(tracked.page, 1).waitFor();
  return tracked;
}

/** Rows 1 to 3 by a click and a shift-click, then the bulk profile dialog. */
async function selectThreeAndOpenDialog(page: Page) {
  await box(page, 1).click();
  await bulkBar(page).getByText("1 selected").waitFor();
  await box(page, 3).click({ modifiers: ["Shift"] });
  await bulkBar(page).getByText("3 selected").waitFor();
  await bulkBar(page).getByRole("button", { name: "Set profile…" }).click();
  const dialog = page.getByRole("dialog", { name: "Set profile: 3 series" });
  await dialog.getByRole("radio", { name: /^anime/ }).waitFor();
  return dialog;
}

test("three series selected with a shift-click get a named profile in one request, and go back to the default", async () => {
  const { page, problems, context } = await open("/series");
  const bulkRequests: string[] = [];
  page.on("request", (r) => {
    if (r.url().includes("/api/v1/profiles/bulk")) bulkRequests.push(r.postData() ?? "");
  });
  const dialog = await selectThreeAndOpenDialog(page);
  expect(await dialog.getByRole("button", { name: "Apply to 3 series" }).isDisabled()).toBe(true);
  await dialog.getByRole("radio", { name: /^anime/ }).check();
  await dialog.getByRole("button", { name: "Apply to 3 series" }).click();
  await page.getByRole("status").filter({ hasText: "Profile anime: 3 of 3" }).waitFor();
  await dialog.waitFor({ state: "detached" });
  await bulkBar(page).waitFor({ state: "detached" });
  await pollUntil(
    () => profileOf(page, "Show 3"),
    (text) => text === "anime",
  );
  expect([
    await profileOf(page, "Show 1"),
    await profileOf(page, "Show 2"),
    await profileOf(page, "Show 4"),
  ]).toEqual(["anime", "anime", "Default"]);
  expect(bulkRequests).toHaveLength(1);
  const { overrides } = await api("/profiles");
  expect(overrides.map((o: Json) => [o.arrId, o.override])).toEqual([
    [1, { profileName: "anime" }],
    [2, { profileName: "anime" }],
    [3, { profileName: "anime" }],
  ]);

  // The same three back to the default.
  const again = await selectThreeAndOpenDialog(page);
  await again.getByRole("radio", { name: "Default (follow tags/default)" }).check();
  await again.getByRole("button", { name: "Apply to 3 series" }).click();
  await page.getByRole("status").filter({ hasText: "Back to the default profile: 3 of 3" }).waitFor();
  await pollUntil(
    () => profileOf(page, "Show 1"),
    (text) => text === "Default",
  );
  expect((await api("/profiles")).overrides).toEqual([]);
  expect(problems).toEqual({ consoleErrors: [], failedRequests: [] });
  await context.close();

  expectClean(
    await screenshotAll(browser.browser, server.url, shots, {
      path: "/series",
      name: "mass-edit-dialog",
      storageState: session,
      ready: async (p) => {
        await box(p, 1).waitFor();
        const d = await selectThreeAndOpenDialog(p);
        await d.getByRole("radio", { name: /^anime/ }).check();
      },
    }),
  );
}, 120_000);

test("on a phone the selection bar stays visible below the top bar while the list scrolls", async () => {
  const { page, problems, context } = await open("/series", "phone");
  await page.setViewportSize({ width: 390, height: 420 });
  await box(page, 1).click();
  await bulkBar(page).waitFor();
  await page.evaluate("window.scrollTo(0, document.scrollingElement.scrollHeight)");
  await pollUntil(
    () => page.evaluate("window.scrollY"),
    (y) => (y as number) > 0,
  );
  const bar = (await bulkBar(page).boundingBox())!;
  const top = (await page.locator(".topbar").boundingBox())!;
  expect(bar.y).toBeGreaterThanOrEqual(top.y + top.height - 1);
  expect(bar.y + bar.height).toBeLessThanOrEqual(420);
  expect(await bulkBar(page).getByRole("button", { name: "Set profile…" }).isVisible()).toBe(true);
  expect(problems).toEqual({ consoleErrors: [], failedRequests: [] });
  await context.close();

  expectClean(
    await screenshotAll(browser.browser, server.url, shots, {
      path: "/series",
      name: "mass-edit-series",
      storageState: session,
      ready: async (p) => {
        await box(p, 2).click();
        await box(p, 5).click({ modifiers: ["Shift"] });
        await bulkBar(p).getByText("4 selected").waitFor();
      },
    }),
  );
}, 120_000);

test("Search missing on the selected series starts one search run over their missing subtitles", async () => {
  const { page, problems, context } = await open("/series");
  await page.getByRole("checkbox", { name: "Select all rows" }).click();
  await bulkBar(page).getByText("8 selected").waitFor();
  await bulkBar(page).getByRole("button", { name: "Search missing" }).click();
  // Eight series, one episode each, wanting pt-BR and de.
  await page.getByRole("status").filter({ hasText: "Searching 16 subtitles of 8 series" }).waitFor();
  // One run over exactly those items; it is not waited for (a provider's pace), only cancelled.
  const run = await api("/wanted/search");
  expect(run).toMatchObject({ trigger: "api", total: 16 });
  expect(run.scope.ids).toHaveLength(16);
  await api("/wanted/search/cancel", { method: "POST" });
  await pollUntil(
    () => api("/wanted/search"),
    (r: Json) => r.status !== "running",
  );
  expect(problems).toEqual({ consoleErrors: [], failedRequests: [] });
  await context.close();
}, 60_000);

test("movies: selected ones get a profile at once and their missing subtitles searched", async () => {
  const { page, problems, context } = await open("/movies");
  await page.getByRole("checkbox", { name: "Select all rows" }).click();
  await bulkBar(page).getByText("2 selected").waitFor();
  await bulkBar(page).getByRole("button", { name: "Set profile…" }).click();
  const dialog = page.getByRole("dialog", { name: "Set profile: 2 movies" });
  await dialog.getByRole("radio", { name: /^kids/ }).check();
  await dialog.getByRole("button", { name: "Apply to 2 movies" }).click();
  await page.getByRole("status").filter({ hasText: "Profile kids: 2 of 2" }).waitFor();
  await pollUntil(
    async () => [await profileOf(page, "Arrival"), await profileOf(page, "Dune")],
    (labels) => labels.every((l) => l === "kids"),
  );

  await page.getByRole("checkbox", { name: "Select row 2" }).click();
  await bulkBar(page).getByRole("button", { name: "Search missing" }).click();
  await page.getByRole("status").filter({ hasText: "Searching 2 subtitles of 1 movie" }).waitFor();
  const run = await api("/wanted/search");
  expect(run).toMatchObject({ trigger: "api", total: 2 });
  expect(run.scope.ids).toHaveLength(2);
  await api("/profiles/bulk", {
    method: "PUT",
    body: JSON.stringify({
      movies: [
        { instance: "films", movieId: 1 },
        { instance: "films", movieId: 2 },
      ],
      profile: null,
    }),
  });
  expect(problems).toEqual({ consoleErrors: [], failedRequests: [] });
  await context.close();

  expectClean(
    await screenshotAll(browser.browser, server.url, shots, {
      path: "/movies",
      name: "mass-edit-movies",
      storageState: session,
      ready: async (p) => {
        await box(p, 1).click();
        await bulkBar(p).getByText("1 selected").waitFor();
      },
    }),
  );
}, 120_000);
