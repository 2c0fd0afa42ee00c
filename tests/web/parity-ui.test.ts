import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import type { Page } from "playwright-core";
import { openDatabase } from "../../src/db/client.ts";
import { migrate } from "../../src/db/migrate.ts";
import type { StreamInspection, StreamInspector } from "../../src/media/inspector.ts";
import { startFakePodnapisi } from "../fakes/podnapisi.ts";
import { type FakeSubdl, startFakeSubdl } from "../fakes/subdl.ts";
import type { Json } from "../support/runtime.ts";
import { createLogin, type SessionState, signedInSession, signIn } from "./support/auth.ts";
import { launchBrowser, openPage, type TestBrowser, type ViewportName } from "./support/browser.ts";
import { type LibraryServer, startLibraryServer } from "./support/library.ts";
import { horizontalOverflow } from "./support/screenshots.ts";
import { callApi, startUiServer, type UiServer } from "./support/server.ts";

/** Bazarr parity: Remove all on the Blacklist, Resume now on a paused provider, the candidate's page, Rescan. */

/** `PARITY_SHOTS_DIR=/tmp/x bun test …` keeps a picture of each new control, desktop and phone. */
const SHOTS = process.env.PARITY_SHOTS_DIR;

let browser: TestBrowser;
let library: LibraryServer;
let librarySession: SessionState;

beforeAll(async () => {
  browser = await launchBrowser();
  library = await startLibraryServer(3);
  librarySession = await signedInSession(browser.browser, library.url, "/", "Dashboard");
});
afterAll(async () => {
  await browser?.close();
  await library?.stop();
});

async function shot(page: Page, name: string, viewport: ViewportName) {
  expect(await horizontalOverflow(page)).toBe(0);
  if (SHOTS) await page.screenshot({ path: join(SHOTS, `${name}-${viewport}.png`), fullPage: true });
}

test("Blacklist → Remove all: the dialog says how many go; one request empties the list", async () => {
  for (const candidateId of ["pn-1", "pn-2", "pn-3"])
    await callApi(library, "/blacklist", {
      method: "POST",
      body: JSON.stringify({ provider: "podnapisi", candidateId, reason: "out of sync" }),
    });
  for (const viewport of ["phone", "desktop"] as const) {
    const { page, problems, context } = await openPage(browser.browser, {
      storageState: librarySession,
      viewport,
    });
    const deletes: string[] = [];
    page.on("request", (r) => {
      if (r.method() === "DELETE") deletes.push(new URL(r.url()).pathname + new URL(r.url()).search);
    });
    await page.goto(`${library.url}/blacklist`);
    await page.getByText("3 candidates never chosen again").waitFor();
    await page.getByRole("button", { name: "Remove all", exact: true }).click();
    const dialog = page.getByRole("dialog", { name: "Allow every blacklisted subtitle again?" });
    await dialog.getByText("All 3 entries leave the blacklist").waitFor();
    await shot(page, "blacklist-remove-all", viewport);
    if (viewport === "phone") {
      // Cancel keeps everything.
      await dialog.getByRole("button", { name: "Cancel" }).click();
      await dialog.waitFor({ state: "detached" });
      expect(deletes).toEqual([]);
      expect(await callApi(library, "/blacklist")).toHaveLength(3);
    } else {
      await dialog.getByRole("button", { name: "Remove all 3" }).click();
      await page.getByText("Removed 3 entries from the blacklist").waitFor();
      await page.getByRole("heading", { name: "Nothing is blacklisted" }).waitFor();
      // Gone with the list: nothing left to remove.
      expect(await page.getByRole("button", { name: "Remove all", exact: true }).count()).toBe(0);
      expect(deletes).toEqual(["/api/v1/blacklist?all=true"]);
      expect(await callApi(library, "/blacklist")).toEqual([]);
    }
    expect(problems).toEqual({ consoleErrors: [], failedRequests: [] });
    await context.close();
  }
}, 60_000);

test("interactive search links each candidate's page on the provider's site (http(s) only) in a new tab", async () => {
  for (const viewport of ["desktop", "phone"] as const) {
    const { page, problems, context } = await openPage(browser.browser, {
      storageState: librarySession,
      viewport,
    });
    // The second candidate's page as a hostile provider might send it: never a link.
    await page.route("**/api/v1/wanted/*/search", async (route) => {
      const response = await route.fetch();
      const body = (await response.json()) as Json;
      body.candidates[1].pageUrl = "javascript:alert(1)";
      await route.fulfill({ response, json: body });
    });
    await page.goto(`${library.url}/wanted?language=de&title=Show+1`);
    await page.getByRole("button", { name: /^Interactive search: Show 1 S01E01 de/ }).click();
    const dialog = page.getByRole("dialog", { name: /Interactive search: Show 1 S01E01/ });
    const rows = dialog.getByRole("table", { name: "Candidates" }).locator("tbody tr");
    await rows.nth(1).waitFor();
    const link = rows
      .nth(0)
      .getByRole("link", { name: /podnapisi page of Show\.1\.S01E01\.1080p\.WEB-DL-GRP/ });
    expect(await link.textContent()).toBe("page");
    expect(await link.getAttribute("href")).toBe(`${library.podnapisi.url}/subtitles/de-show-1/pn-good`);
    expect(await link.getAttribute("target")).toBe("_blank");
    expect(await link.getAttribute("rel")).toBe("noopener noreferrer");
    expect(await rows.nth(1).getByRole("link").count()).toBe(0);
    expect(await dialog.locator('a[href^="javascript"]').count()).toBe(0);
    expect(await dialog.evaluate((d) => d.scrollWidth - d.clientWidth)).toBe(0);
    await shot(page, "interactive-search-page-link", viewport);
    expect(problems).toEqual({ consoleErrors: [], failedRequests: [] });
    await context.close();
  }
}, 60_000);

test("a provider paused for its quota or by its breaker offers Resume now, which lifts it and updates the card", async () => {
  const subdl: FakeSubdl = await startFakeSubdl();
  const podnapisi = await startFakePodnapisi();
  // Podnapisi's quota pause, as a restart finds it in the database.
  const db = openDatabase({ path: ":memory:" });
  migrate(db.sqlite);
  db.sqlite
    .query(
      "INSERT INTO provider_state (provider, paused_until, pause_reason, updated_at) VALUES (?, ?, ?, ?)",
    )
    .run(
      "podnapisi",
      new Date(Date.now() + 6 * 3_600_000).toISOString(),
      "podnapisi: download quota spent",
      new Date().toISOString(),
    );
  const server: UiServer = await startUiServer({
    providers: false,
    config: {
      providers: {
        podnapisi: { enabled: true, baseUrl: podnapisi.url },
        // A key SubDL refuses: five failed tests open its breaker.
        subdl: {
          enabled: true,
          apiKey: "not-the-subdl-key",
          baseUrl: `${subdl.api.url}/api/v1`,
          downloadUrl: subdl.dl.url,
          priority: 200,
        },
      },
    },
    runtime: { db },
  });
  try {
    for (let i = 0; i < 5; i++)
      await fetch(`${server.url}/api/v1/providers/subdl/test`, {
        method: "POST",
        headers: { "X-Api-Key": server.apiKey },
      });
    await createLogin(server.url);
    for (const viewport of ["phone", "desktop"] as const) {
      const { page, problems, context } = await openPage(browser.browser, { viewport });
      await page.goto(`${server.url}/providers`);
      await signIn(page);
      const card = (title: string) => page.getByRole("region", { name: title, exact: true });
      await card("Podnapisi").getByText("download quota spent").waitFor();
      await card("SubDL").getByText("Breaker open", { exact: true }).waitFor();
      // Only a paused provider has the button, and the card says what it does.
      expect(
        await card("Gestdown")
          .getByRole("button", { name: /^Resume/ })
          .count(),
      ).toBe(0);
      const resume = card("Podnapisi").getByRole("button", { name: "Resume Podnapisi now" });
      expect(await resume.textContent()).toBe("Resume now");
      const hint = await card("Podnapisi")
        .locator(`#${await resume.getAttribute("aria-describedby")}`)
        .textContent();
      expect(hint).toContain("Resume now lifts the quota pause at once; its rate limit still applies.");
      await card("SubDL").getByText("Resume now lifts the open breaker").waitFor();
      await shot(page, "providers-resume-now", viewport);
      if (viewport === "desktop") {
        await resume.click();
        await page.getByRole("status").filter({ hasText: "Podnapisi resumed" }).waitFor();
        await resume.waitFor({ state: "detached" });
        await card("Podnapisi")
          .getByText("downloads left")
          .or(card("Podnapisi").getByText("not reported"))
          .waitFor();
        await card("SubDL").getByRole("button", { name: "Resume SubDL now" }).click();
        await card("SubDL").getByText("Breaker closed", { exact: true }).waitFor();
        expect(await page.getByRole("button", { name: /^Resume .* now$/ }).count()).toBe(0);
        const listed = (await callApi(server, "/providers")) as Json[];
        expect(listed.find((p) => p.name === "podnapisi")).toMatchObject({
          healthy: true,
          quota: { pausedUntil: null },
        });
        expect(listed.find((p) => p.name === "subdl")).toMatchObject({
          breaker: "closed",
          consecutiveFailures: 0,
        });
      }
      expect(problems).toEqual({ consoleErrors: [], failedRequests: [] });
      await context.close();
    }
  } finally {
    await server.stop();
    await subdl.stop();
    await podnapisi.stop();
  }
}, 90_000);

/** Inspections wait while held, so a scan stays visibly running until `release`. */
function holdableInspector() {
  let held: Promise<void> | null = null;
  let open = () => {};
  const inspector: StreamInspector = {
    async inspect(): Promise<StreamInspection> {
      if (held) await held;
      return { ok: true, streams: [], cached: false, mtimeMs: null };
    },
  };
  return {
    inspector,
    hold() {
      held = new Promise((resolve) => {
        open = () => {
          held = null;
          resolve();
        };
      });
    },
    release: () => open(),
  };
}

test("Rescan on a series or a standalone show scans just it, shows its progress, refreshes the page; a running scan is said in words", async () => {
  const gate = holdableInspector();
  const shows = mkdtempSync(join(tmpdir(), "subhound-parity-shows-"));
  const episode = (n: number) =>
    join(shows, "Yellowjackets", "Season 1", `Yellowjackets.S01E0${n}.1080p.WEB.mkv`);
  mkdirSync(dirname(episode(1)), { recursive: true });
  writeFileSync(episode(1), "video");
  const server = await startUiServer({
    episodes: 2,
    config: { standalone: { roots: [shows] } },
    runtime: { inspector: gate.inspector },
  });
  try {
    const first = server.runtime.deps.scanner.start({ mode: "full", trigger: "api", scope: {} });
    if (!first.ok) throw new Error("a scan is already running");
    await first.done;
    const api = (path: string, init?: RequestInit) => callApi(server, path, init);
    const show1 = (await api("/library/series?q=show+1")).items[0];
    const yellowjackets = (await api("/library/series?q=yellowjackets")).items[0];
    const session = await signedInSession(browser.browser, server.url, "/", "Dashboard");

    // Sonarr imported S01E02 of Show 1; Subhound has not heard yet.
    const s01e01 = (await api(`/library/series/main/${show1.seriesId}`)).seasons[0].files[0].path as string;
    const added = server.sonarr.addEpisodeFile(show1.seriesId, { season: 1, episodes: [2] });
    writeFileSync(join(dirname(s01e01), basename(added.relativePath)), "video");

    const series = await openPage(browser.browser, { storageState: session });
    await series.page.goto(`${server.url}/series/main/${show1.seriesId}`);
    await series.page.getByRole("heading", { name: "Show 1", level: 1 }).waitFor();
    const rows = series.page.getByRole("table", { name: "Season 1 episodes" }).locator("tbody tr");
    expect(await rows.count()).toBe(1);
    gate.hold();
    await series.page.getByRole("button", { name: "Rescan" }).click();
    // The scan of just this series, its progress in the button.
    await series.page.getByRole("button", { name: /^Rescanning… \d+ of \d+$/ }).waitFor();
    expect((await api("/wanted/scan")).scope).toEqual({ instance: "main", seriesId: show1.seriesId });
    await shot(series.page, "series-rescanning", "desktop");

    // Meanwhile on a phone, the standalone show: refused while that scan runs, and it says so.
    const phone = await openPage(browser.browser, { storageState: session, viewport: "phone" });
    await phone.page.goto(`${server.url}/series/standalone/show/${yellowjackets.key}`);
    await phone.page.getByRole("heading", { name: "Yellowjackets", level: 1 }).waitFor();
    await phone.page.getByRole("button", { name: "Rescan" }).click();
    const refusal = phone.page.getByRole("alert");
    await refusal.waitFor();
    // Only in those words: no generic error toast on top.
    expect(await refusal.allTextContents()).toEqual([
      expect.stringMatching(/^Another scan is running \(scan \d+\); rescan Yellowjackets when it ends/),
    ]);
    await shot(phone.page, "series-rescan-refused", "phone");

    gate.release();
    await series.page.getByRole("status").filter({ hasText: "Rescanned Show 1" }).waitFor();
    await rows.filter({ hasText: "S01E02" }).waitFor();
    await series.page.getByRole("button", { name: "Rescan" }).waitFor();

    // Once it is over, the standalone show rescans its own folder and shows its new episode.
    writeFileSync(episode(2), "video");
    await phone.page.getByRole("button", { name: "Rescan" }).click();
    await phone.page.getByRole("status").filter({ hasText: "Rescanned Yellowjackets" }).waitFor();
    expect((await api("/wanted/scan")).scope).toEqual({
      instance: "standalone",
      path: dirname(episode(1)),
    });
    await phone.page
      .getByRole("table", { name: "Season 1 episodes" })
      .locator("tbody tr", { hasText: "S01E02" })
      .waitFor();
    await shot(phone.page, "series-rescanned", "phone");

    expect(series.problems).toEqual({ consoleErrors: [], failedRequests: [] });
    // The browser's own line for the 409, not the page's.
    expect(phone.problems.consoleErrors).toEqual([
      "Failed to load resource: the server responded with a status of 409 (Conflict)",
    ]);
    expect(phone.problems.failedRequests).toEqual([
      expect.stringMatching(/^POST .*\/api\/v1\/wanted\/scan: 409$/),
    ]);
    await series.context.close();
    await phone.context.close();
  } finally {
    gate.release();
    await server.stop();
    rmSync(shows, { recursive: true, force: true });
  }
}, 90_000);
