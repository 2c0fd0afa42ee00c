import { afterAll, beforeAll, expect, test } from "bun:test";
import type { Page } from "playwright-core";
import { pollUntil } from "../support/poll.ts";
import { type SessionState, signedInSession } from "./support/auth.ts";
import { launchBrowser, openPage, type TestBrowser } from "./support/browser.ts";
import { downloadOneByHand, type LibraryServer, startLibraryServer } from "./support/library.ts";
import { horizontalOverflow, screenshotAll, screenshotDir } from "./support/screenshots.ts";
import { callApi } from "./support/server.ts";

let server: LibraryServer;
let browser: TestBrowser;
let session: SessionState;
const pictures = screenshotDir();

const api = (path: string, init?: RequestInit) => callApi(server, path, init);

/** Older saves by other providers, so filters have something to tell apart. */
function seedOlderHistory() {
  const insert = server.runtime.deps.db.sqlite.query(
    `INSERT INTO subtitle_history (instance, title, language, variant, provider, candidate_id, release, score,
       score_json, format, path, sha256, action, created_at)
     VALUES ('main', ?, ?, 'full', ?, ?, ?, ?, '{}', 'srt', ?, 'ab', ?, ?)`,
  );
  insert.run(
    "Show 2",
    "pt-BR",
    "gestdown",
    "g-1",
    "Show.2.S01E01.WEB",
    310,
    "/media/Show 2.pt-BR.srt",
    "downloaded",
    "2026-10-02T08:00:00.000Z",
  );
  insert.run(
    "Show 3",
    "de",
    "opensubtitles",
    "os-7",
    "Show.3.S01E01.BluRay",
    405,
    "/media/Show 3.de.srt",
    "translated",
    "2026-10-05T08:00:00.000Z",
  );
}

beforeAll(async () => {
  server = await startLibraryServer(3);
  seedOlderHistory();
  await downloadOneByHand(server);
  browser = await launchBrowser();
  session = await signedInSession(browser.browser, server.url, "/", "Dashboard");
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  pictures.done();
});

const rows = (page: Page, table: string) => page.getByRole("table", { name: table }).locator("tbody tr");

test("history lists the saves, filters by provider, action and date; blacklisting a download asks first", async () => {
  const { page, problems, context } = await openPage(browser.browser, { storageState: session });
  await page.goto(`${server.url}/history`);
  await page.getByRole("heading", { name: "History", level: 1 }).waitFor();
  await page.getByText("3 saved subtitles").waitFor();
  // The series and which episode: a show's saves are told apart.
  expect(await rows(page, "History").first().textContent()).toContain("Show 1 S01E01");

  await page.getByRole("button", { name: "Translated" }).click();
  await page.waitForURL(/action=translated/);
  await pollUntil(
    () => rows(page, "History").count(),
    (n) => n === 1,
  );
  expect(await rows(page, "History").first().textContent()).toContain("Show 3");
  await page.getByRole("button", { name: "Translated" }).click();
  await page.getByLabel("Provider", { exact: true }).selectOption("gestdown");
  await pollUntil(
    () => rows(page, "History").count(),
    (n) => n === 1,
  );
  await page.getByLabel("Provider", { exact: true }).selectOption("");
  // Both days of the range count: 2026-10-02 to 2026-10-05 holds the two older saves.
  await page.getByLabel("From", { exact: true }).fill("2026-10-02");
  await page.getByLabel("To", { exact: true }).fill("2026-10-05");
  await pollUntil(
    () => rows(page, "History").count(),
    (n) => n === 2,
  );
  await page.goto(`${server.url}/history`);
  await page.getByText("3 saved subtitles").waitFor();

  const download = rows(page, "History").filter({ hasText: "Show 1" });
  await download.getByRole("button", { name: /^Blacklist podnapisi/ }).click();
  const dialog = page.getByRole("dialog", { name: "Blacklist this download?" });
  await dialog.getByText("Show.1.S01E01.1080p.WEB-DL-GRP").waitFor();
  await dialog.getByText("Show 1 S01E01", { exact: true }).waitFor();
  // Cancel changes nothing.
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await dialog.waitFor({ state: "detached" });
  expect(await api("/blacklist")).toEqual([]);
  await download.getByRole("button", { name: /^Blacklist podnapisi/ }).click();
  await dialog.getByLabel("Reason (optional)").fill("out of sync");
  await dialog.getByRole("button", { name: "Blacklist" }).click();
  // The toast names the release, as the dialog did, not the provider's opaque id.
  await page.getByText("Blacklisted: podnapisi Show.1.S01E01.1080p.WEB-DL-GRP").waitFor();
  await download.getByText("blacklisted").waitFor();
  // The button that opened the dialog is gone: focus stays in its row (its Sync button), not on
  // <body>, so Tab goes on from there instead of from the top of the page.
  await pollUntil(
    () => page.evaluate("document.activeElement.getAttribute('aria-label')"),
    (label) => typeof label === "string" && label.startsWith("Sync or fix"),
  );
  expect(await download.locator(":focus").count()).toBe(1);
  expect(await api("/blacklist")).toMatchObject([
    {
      provider: "podnapisi",
      candidateId: "pn-good",
      reason: "out of sync",
      title: "Show 1",
      season: 1,
      episodes: [1],
      language: "de",
    },
  ]);
  expect(problems).toEqual({ consoleErrors: [], failedRequests: [] });
  await context.close();
}, 60_000);

test("after a blacklisting, the item's interactive search lists that candidate last, marked blacklisted", async () => {
  const item = (await api("/wanted?language=de&title=Show+1&status=all")).items[0];
  const { page, problems, context } = await openPage(browser.browser, { storageState: session });
  await page.goto(`${server.url}/wanted?item=${item.id}`);
  const details = page.getByRole("dialog", { name: "Show 1 S01E01" });
  await details.getByRole("button", { name: "Interactive search", exact: true }).click();
  const search = page.getByRole("dialog", { name: /Interactive search: Show 1 S01E01/ });
  const candidates = search.getByRole("table", { name: "Candidates" });
  await candidates.waitFor();
  const lines = await candidates.locator("tbody tr").allInnerTexts();
  expect(lines).toHaveLength(2);
  expect(lines[0]).toContain("Show.1.S01E01.720p.HDTV-OTHER");
  expect(lines[1]).toContain("Not taken automatically: blacklisted");
  // Podnapisi answered with two, and both are listed.
  const outcome = await search.getByRole("list", { name: "Providers asked" }).textContent();
  expect(outcome).toMatch(/2 found/);
  expect(outcome).not.toContain("left out");
  expect(problems).toEqual({ consoleErrors: [], failedRequests: [] });
  await context.close();
}, 60_000);

test("a history page past the end shows the last page; a list that cannot load says why", async () => {
  const { page, problems, context } = await openPage(browser.browser, { storageState: session });
  await page.goto(`${server.url}/history?page=7`);
  await page.waitForURL((u) => !u.search.includes("page="));
  await rows(page, "History").first().waitFor();
  expect(await page.getByText("Nothing saved yet").count()).toBe(0);

  await page.goto(`${server.url}/history?action=fetched`);
  const alert = page.locator("main").getByRole("alert");
  await alert.getByText("Could not load the history").waitFor();
  expect(await page.getByText("Loading…").count()).toBe(0);
  expect(problems.failedRequests).toEqual([expect.stringMatching(/GET .*\/api\/v1\/history\?.*: 400$/)]);
  await alert.getByRole("button", { name: "Clear filters" }).click();
  await rows(page, "History").first().waitFor();
  await context.close();
}, 60_000);

test("the blacklist shows what each entry was for; removing one asks first and allows it again", async () => {
  const [entry] = await api("/blacklist");
  expect(entry).toBeDefined();
  const { page, problems, context } = await openPage(browser.browser, { storageState: session });
  await page.goto(`${server.url}/blacklist`);
  await page.getByRole("heading", { name: "Blacklist", level: 1 }).waitFor();
  const row = rows(page, "Blacklist").first();
  await row.getByText("Show 1 S01E01").waitFor();
  expect(await row.textContent()).toContain("out of sync");
  await row.getByRole("button", { name: /^Remove podnapisi/ }).click();
  await page
    .getByRole("dialog", { name: "Allow this subtitle again?" })
    .getByRole("button", { name: "Remove" })
    .click();
  await page.getByText("Nothing is blacklisted").waitFor();
  expect(await api("/blacklist")).toEqual([]);
  expect(problems).toEqual({ consoleErrors: [], failedRequests: [] });
  await context.close();
}, 60_000);

test("history and blacklist at phone width never scroll sideways; screenshots", async () => {
  await api("/blacklist", {
    method: "POST",
    body: JSON.stringify({ provider: "opensubtitles", candidateId: "os-7", reason: "wrong episode" }),
  });
  const { page, problems, context } = await openPage(browser.browser, {
    storageState: session,
    viewport: "phone",
  });
  for (const [path, heading] of [
    ["/history", "History"],
    ["/blacklist", "Blacklist"],
  ] as const) {
    await page.goto(`${server.url}${path}`);
    await page.getByRole("heading", { name: heading, level: 1 }).waitFor();
    await rows(page, heading).first().waitFor();
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
  }
  expect(problems).toEqual({ consoleErrors: [], failedRequests: [] });
  await context.close();
  for (const [path, name] of [
    ["/history", "History"],
    ["/blacklist", "Blacklist"],
  ] as const) {
    const shots = await screenshotAll(browser.browser, server.url, pictures.dir, {
      path,
      name: name.toLowerCase(),
      storageState: session,
      ready: async (p: Page) => {
        await rows(p, name).first().waitFor();
        await p.getByText(/saved subtitle|never chosen again/).waitFor();
      },
    });
    for (const shot of shots) {
      expect(shot.overflow).toBeLessThanOrEqual(0);
      expect(shot.problems).toEqual({ consoleErrors: [], failedRequests: [] });
    }
  }
}, 120_000);

test("a long title and a forced pt-BR save keep the row's buttons in view at desktop and phone width", async () => {
  server.runtime.deps.db.sqlite
    .query(
      `INSERT INTO subtitle_history (instance, title, language, variant, provider, candidate_id, release, score,
         score_json, format, path, sha256, action, created_at)
       VALUES ('main', ?, 'pt-BR', 'forced', 'gestdown', 'g-long', ?, 330, '{}', 'srt', ?, 'ab', 'downloaded', ?)`,
    )
    .run(
      "The Marvelous Mrs. Maisel S05E09",
      "The.Marvelous.Mrs.Maisel.S05E09.Four.Minutes.1080p.AMZN.WEB-DL.DDP5.1.H.264-NTb",
      "/media/Maisel.pt-BR.forced.srt",
      new Date().toISOString(),
    );
  for (const viewport of ["desktop", "phone"] as const) {
    const { page, problems, context } = await openPage(browser.browser, { storageState: session, viewport });
    await page.goto(`${server.url}/history`);
    const row = rows(page, "History").filter({ hasText: "The Marvelous Mrs. Maisel" });
    await row.waitFor();
    // The table fits its box: nothing hides behind a sideways scroll inside it.
    const fit = await page
      .getByRole("table", { name: "History" })
      .evaluate((t) => t.scrollWidth - (t.parentElement?.clientWidth ?? 0));
    expect({ viewport, fit }).toEqual({ viewport, fit: 0 });
    const button = await row.getByRole("button", { name: /^Blacklist gestdown/ }).boundingBox();
    expect(button).not.toBeNull();
    expect(button!.x + button!.width).toBeLessThanOrEqual(page.viewportSize()!.width);
    expect(problems).toEqual({ consoleErrors: [], failedRequests: [] });
    await context.close();
  }
}, 60_000);
