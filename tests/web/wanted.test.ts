import { afterAll, beforeAll, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import type { Page } from "playwright-core";
import { pollUntil } from "../support/poll.ts";
import type { Json } from "../support/runtime.ts";
import { type SessionState, signedInSession } from "./support/auth.ts";
import { launchBrowser, openPage, type TestBrowser } from "./support/browser.ts";
import { type LibraryServer, startLibraryServer } from "./support/library.ts";
import { horizontalOverflow, screenshotAll, screenshotDir } from "./support/screenshots.ts";

let server: LibraryServer;
let browser: TestBrowser;
let session: SessionState;
const pictures = screenshotDir();

beforeAll(async () => {
  server = await startLibraryServer(3);
  browser = await launchBrowser();
  session = await signedInSession(browser.browser, server.url, "/", "Dashboard");
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  pictures.done();
});

const api = async (path: string, init: RequestInit = {}): Promise<Json> => {
  const res = await fetch(`${server.url}/api/v1${path}`, {
    ...init,
    headers: { "X-Api-Key": server.apiKey, "Content-Type": "application/json", ...init.headers },
  });
  return res.status === 204 ? null : res.json();
};

async function wantedPage(path = "/wanted", viewport: "desktop" | "phone" = "desktop") {
  const tracked = await openPage(browser.browser, { storageState: session, viewport });
  await tracked.page.goto(`${server.url}${path}`);
  await tracked.page.getByRole("heading", { name: "Wanted", level: 1 }).waitFor();
  await rows(tracked.page).first().waitFor();
  return tracked;
}
const rows = (page: Page) => page.getByRole("table", { name: "Wanted items" }).locator("tbody tr");
const pad = (n: number) => String(n).padStart(2, "0");
const label = (item: Json) => `${item.title} S${pad(item.season)}E${pad(item.episodes[0])}`;

test("the Wanted page lists what the API lists, each row saying why; sort and filters live in the URL", async () => {
  const listed = await api("/wanted?page=1&pageSize=50");
  expect(listed.total).toBe(6);
  const { page, problems, context } = await wantedPage();
  await page.getByText("6 items still missing or in work").waitFor();
  const texts = await rows(page).allInnerTexts();
  expect(texts).toHaveLength(listed.items.length);
  listed.items.forEach((item: Json, i: number) => {
    expect(texts[i]).toContain(label(item));
    expect(texts[i]).toContain(item.reason.text);
    expect(texts[i]).toContain(`0 of ${item.maxAttempts} attempts`);
  });

  // Sort by title through the header: the URL says so, the rows follow, Back undoes it.
  await page.getByRole("button", { name: "Item" }).click();
  await page.waitForURL(/sort=title/);
  const byTitle = await api("/wanted?sort=title");
  await pollUntil(
    async () => ((await rows(page).first().textContent()) ?? "").includes(label(byTitle.items[0])),
    (v) => v === true,
  );
  await page.goBack();
  await page.waitForURL((u) => !u.search.includes("sort="));

  // A language chip filters; `/` focuses the search box and typing narrows the list.
  await page.getByRole("button", { name: /^de German/ }).click();
  await page.waitForURL(/language=de/);
  await pollUntil(
    () => rows(page).count(),
    (v) => v === 3,
  );
  await page.keyboard.press("/");
  expect(await page.evaluate("document.activeElement?.dataset.shortcut")).toBe("search");
  await page.keyboard.type("show 2");
  await page.waitForURL(/q=show\+2/);
  // What the API answers for the same words (a random temp folder in the path may start with "2" too).
  const searched = await api(`/wanted?language=de&q=${encodeURIComponent("show 2")}`);
  expect(searched.items.map((i: Json) => i.title)).toContain("Show 2");
  await pollUntil(
    () => rows(page).count(),
    (v) => v === searched.total,
  );
  await page.getByRole("button", { name: "Clear filters" }).first().click();
  await pollUntil(
    () => rows(page).count(),
    (v) => v === 6,
  );
  expect(problems).toEqual({ consoleErrors: [], failedRequests: [] });
  await context.close();
}, 60_000);

test("a link to an item that no longer exists says so in the dialog instead of loading forever", async () => {
  const { page, problems, context } = await wantedPage("/wanted?item=999999");
  const dialog = page.getByRole("dialog");
  await dialog
    .getByRole("alert")
    .getByText("Could not load this item: wanted item 999999 does not exist")
    .waitFor();
  expect(await dialog.locator("[aria-busy=true]").count()).toBe(0);
  expect(problems.failedRequests).toEqual([expect.stringMatching(/GET .*\/api\/v1\/wanted\/999999: 404$/)]);
  await context.close();
}, 60_000);

test("Esc in an interactive search opened from an item's details closes only the search; focus goes back to its button", async () => {
  const { page, problems, context } = await wantedPage("/wanted?language=de&title=Show+2");
  await page.getByRole("button", { name: /^Details: Show 2 S01E01 de/ }).click();
  const details = page.getByRole("dialog", { name: "Show 2 S01E01" });
  await details.getByText(/No German subtitle/).waitFor();
  await details.getByRole("button", { name: "Interactive search", exact: true }).click();
  const search = page.getByRole("dialog", { name: /Interactive search: Show 2 S01E01/ });
  await search.getByText("No provider has a subtitle").waitFor();
  await page.keyboard.press("Escape");
  await search.waitFor({ state: "detached" });
  // The details stay open, and the keyboard is back where it was.
  expect(await details.isVisible()).toBe(true);
  expect(await page.evaluate("document.activeElement.textContent")).toBe("Interactive search");
  await page.keyboard.press("Escape");
  await details.waitFor({ state: "detached" });
  expect(problems).toEqual({ consoleErrors: [], failedRequests: [] });
  await context.close();
}, 60_000);

test("a page past the end (its rows left meanwhile) shows the last page, not 'Nothing is missing'", async () => {
  const { total } = await api("/wanted?pageSize=2");
  const last = Math.ceil(total / 2);
  expect(last).toBeGreaterThan(1);
  const { page, problems, context } = await openPage(browser.browser, { storageState: session });
  await page.goto(`${server.url}/wanted?pageSize=2&page=${last + 3}`);
  await page.waitForURL(new RegExp(`page=${last}(&|$)`));
  await rows(page).first().waitFor();
  expect(await rows(page).count()).toBe(total - (last - 1) * 2);
  expect(await page.getByText("Nothing is missing").count()).toBe(0);
  expect(problems).toEqual({ consoleErrors: [], failedRequests: [] });
  await context.close();
}, 60_000);

test("a wanted list that cannot load says why and offers a way out instead of 'Loading…' forever", async () => {
  const { page, problems, context } = await openPage(browser.browser, { storageState: session });
  await page.goto(`${server.url}/wanted?status=missing`);
  const alert = page.locator("main").getByRole("alert");
  await alert.getByText("Could not load the wanted list").waitFor();
  expect(await alert.textContent()).toContain("status");
  expect(await page.getByText("Loading…").count()).toBe(0);
  expect(problems.failedRequests).toEqual([expect.stringMatching(/GET .*\/api\/v1\/wanted\?.*: 400$/)]);
  await alert.getByRole("button", { name: "Clear filters" }).click();
  await rows(page).first().waitFor();
  await page.getByText(/items? still missing or in work/).waitFor();
  await context.close();
}, 60_000);

test("bulk ignore with shift-click: the rows turn ignored and the API agrees; un-ignore brings them back", async () => {
  const { page, problems, context } = await wantedPage();
  const boxes = page.getByRole("checkbox", { name: /Select row/ });
  await boxes.nth(0).click();
  await boxes.nth(2).click({ modifiers: ["Shift"] });
  await page.getByText("3 selected").waitFor();
  const selectedIds = (await api("/wanted?pageSize=3")).items.map((i: Json) => i.id);
  await page.getByRole("region", { name: "Selection" }).getByRole("button", { name: "Ignore" }).click();
  await page.getByText("Ignored: 3 items").waitFor();
  await pollUntil(
    () => rows(page).filter({ hasText: "ignored" }).count(),
    (v) => v === 3,
  );
  const ignored = await api("/wanted?status=ignored");
  expect(ignored.items.map((i: Json) => i.id).sort()).toEqual([...selectedIds].sort());

  await page.getByRole("button", { name: /^Ignored 3/ }).click();
  await pollUntil(
    () => rows(page).count(),
    (v) => v === 3,
  );
  await page.getByRole("checkbox", { name: "Select all rows" }).click();
  await page.getByRole("button", { name: "Stop ignoring" }).click();
  await page.getByText("No longer ignored: 3 items").waitFor();
  await page.getByText("No item matches these filters").waitFor();
  expect((await api("/wanted?status=ignored")).total).toBe(0);
  expect(problems).toEqual({ consoleErrors: [], failedRequests: [] });
  await context.close();
}, 60_000);

test("at phone width the interactive search fits the screen: Download and Close in view", async () => {
  const { page, problems, context } = await wantedPage("/wanted?language=de&title=Show+1", "phone");
  await page.getByRole("button", { name: /^Interactive search: Show 1 S01E01 de/ }).click();
  const dialog = page.getByRole("dialog", { name: /Interactive search: Show 1 S01E01/ });
  const candidates = dialog.getByRole("table", { name: "Candidates" });
  await candidates.waitFor();
  // Nothing scrolls sideways, neither the dialog nor the table in it.
  expect(await dialog.evaluate((d) => d.scrollWidth - d.clientWidth)).toBe(0);
  expect(await candidates.evaluate((t) => t.scrollWidth - (t.parentElement?.clientWidth ?? 0))).toBe(0);
  const width = page.viewportSize()!.width;
  for (const button of [
    dialog.getByRole("button", { name: "Close" }),
    dialog.getByRole("button", { name: "Download podnapisi Show.1.S01E01.1080p.WEB-DL-GRP" }),
  ]) {
    const box = (await button.boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(width);
  }
  // The folded columns still say where each candidate comes from (shown text, not the hidden cell's).
  expect((await candidates.locator("tbody tr").allInnerTexts())[0]).toContain("podnapisi");
  await page.keyboard.press("Escape");
  await dialog.waitFor({ state: "detached" });
  expect(problems).toEqual({ consoleErrors: [], failedRequests: [] });
  await context.close();
}, 60_000);

test("interactive search lists the provider's candidates with scores and flags; downloading one saves it", async () => {
  const { page, problems, context } = await wantedPage("/wanted?language=de&title=Show+1");
  await pollUntil(
    () => rows(page).count(),
    (v) => v === 1,
  );
  await page.getByRole("button", { name: /^Interactive search: Show 1 S01E01 de/ }).click();
  const dialog = page.getByRole("dialog", { name: /Interactive search: Show 1 S01E01/ });
  const candidates = dialog.getByRole("table", { name: "Candidates" });
  await candidates.waitFor();
  await dialog.getByText("2 found").waitFor();
  const lines = await candidates.locator("tbody tr").allInnerTexts();
  expect(lines).toHaveLength(2);
  expect(lines.join("\n")).toContain("Show.1.S01E01.1080p.WEB-DL-GRP");
  expect(lines.some((l) => l.includes("HI"))).toBe(true);
  // The score opens into its breakdown.
  await candidates.locator("details summary").first().click();
  await candidates.locator("details[open] dt").first().waitFor();

  await dialog.getByRole("button", { name: "Download podnapisi Show.1.S01E01.1080p.WEB-DL-GRP" }).click();
  await page.getByText("Saved podnapisi subtitle").waitFor();
  await dialog.waitFor({ state: "detached" });
  const item = (await api("/wanted?language=de&title=Show+1&status=all")).items[0];
  expect(item.status).toBe("found");
  const history = await api(`/history?wantedItemId=${item.id}`);
  expect(history.items[0]).toMatchObject({ provider: "podnapisi", candidateId: "pn-good" });
  expect(existsSync(history.items[0].path)).toBe(true);
  // The row follows without a reload: found rows are still listed by default.
  await rows(page).filter({ hasText: "found" }).first().waitFor();

  // The item's details show its history and say what satisfies it now.
  await page.getByRole("button", { name: /^Details: Show 1 S01E01 de/ }).click();
  const details = page.getByRole("dialog", { name: "Show 1 S01E01" });
  await details.getByText(/Has German/).waitFor();
  // The action in words, as the History page names it, not the API's code.
  await details.getByText(/Picked by hand from podnapisi/).waitFor();
  expect(await details.textContent()).not.toContain("downloaded-manually");
  await page.waitForURL(/item=\d+/);
  await page.keyboard.press("Escape");
  await details.waitFor({ state: "detached" });
  expect(problems).toEqual({ consoleErrors: [], failedRequests: [] });
  await context.close();
}, 60_000);

test("search now from a row starts a search of that item; live updates bring its outcome", async () => {
  const { page, problems, context } = await wantedPage("/wanted?language=pt-BR&title=Show+3");
  await pollUntil(
    () => rows(page).count(),
    (v) => v === 1,
  );
  await page.getByRole("button", { name: /^Search now: Show 3 S01E01 pt-BR/ }).click();
  await page.getByText("Searching 1 of 1").waitFor();
  const item = await pollUntil(
    () => api("/wanted?language=pt-BR&title=Show+3&status=all"),
    (r) => r.items[0].status === "not_found",
  );
  // Podnapisi has nothing for it: one attempt spent, backoff shown, no reload needed.
  await rows(page).filter({ hasText: "not found" }).waitFor();
  await rows(page)
    .filter({ hasText: `1 of ${item.items[0].maxAttempts} attempts` })
    .waitFor();
  await rows(page).filter({ hasText: "retry" }).waitFor();
  expect(problems).toEqual({ consoleErrors: [], failedRequests: [] });
  await context.close();
}, 60_000);

test("the dashboard counts every missing item, also those searched without a result", async () => {
  const summary = await api("/wanted/summary");
  const by = summary.byStatus;
  const missing = (by.wanted ?? 0) + (by.not_found ?? 0) + (by.failed ?? 0) + (by.searching ?? 0);
  // The search above left one not found: "wanted" alone would undercount.
  expect(by.not_found).toBeGreaterThan(0);
  const { page, problems, context } = await openPage(browser.browser, { storageState: session });
  await page.goto(`${server.url}/`);
  const card = page.getByRole("region", { name: "Subtitles" });
  const stat = card.locator(".stat").filter({ hasText: "Missing" });
  await pollUntil(
    () => stat.locator(".stat-value").textContent(),
    (v) => v === String(missing),
  );
  const satisfied = (by.resolved ?? 0) + (by.found ?? 0);
  expect(
    await card.locator(".stat").filter({ hasText: "Satisfied" }).locator(".stat-value").textContent(),
  ).toBe(String(satisfied));
  const pt = card.getByRole("listitem").filter({ hasText: "pt-BR" });
  expect(await pt.locator(".num").textContent()).toBe(
    String(
      ["wanted", "not_found", "failed", "searching"].reduce(
        (n, status) => n + (summary.byLanguageStatus["pt-BR"][status] ?? 0),
        0,
      ),
    ),
  );
  await card.getByText(/not found by any provider yet/).waitFor();
  expect(problems).toEqual({ consoleErrors: [], failedRequests: [] });
  await context.close();
}, 60_000);

test("at phone width nothing scrolls sideways; screenshots of the Wanted page", async () => {
  const { page, problems, context } = await wantedPage("/wanted", "phone");
  expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
  // The line the side columns fold into says when the next search comes, as the wide column does.
  const folded = await page.locator(".wanted-meta").allInnerTexts();
  expect(folded.some((t) => /attempts · next run in \d/.test(t))).toBe(true);
  expect(folded.filter((t) => /· (next run|retry)$/.test(t.trim()))).toEqual([]);
  await page
    .getByRole("button", { name: /^Details: Show 2/ })
    .first()
    .click();
  await page.getByRole("dialog").waitFor();
  expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
  expect(problems).toEqual({ consoleErrors: [], failedRequests: [] });
  await context.close();

  const shots = await screenshotAll(browser.browser, server.url, pictures.dir, {
    path: "/wanted",
    name: "wanted",
    storageState: session,
    ready: async (p: Page) => {
      await rows(p).first().waitFor();
      await p.getByText(/items? still missing/).waitFor();
    },
  });
  for (const shot of shots) {
    expect(shot.overflow).toBeLessThanOrEqual(0);
    expect(shot.problems).toEqual({ consoleErrors: [], failedRequests: [] });
  }
}, 120_000);
