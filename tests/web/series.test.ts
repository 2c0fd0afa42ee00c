import { afterAll, beforeAll, expect, test } from "bun:test";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import type { Locator, Page } from "playwright-core";
import { pollUntil } from "../support/poll.ts";
import type { Json } from "../support/runtime.ts";
import { type SessionState, signedInSession } from "./support/auth.ts";
import { launchBrowser, openPage, type TestBrowser } from "./support/browser.ts";
import { type LibraryPagesServer, srt, startLibraryPagesServer } from "./support/library-pages.ts";
import { expectClean, screenshotAll, screenshotDir } from "./support/screenshots.ts";

let server: LibraryPagesServer;
let browser: TestBrowser;
let session: SessionState;
const pictures = screenshotDir();

beforeAll(async () => {
  server = await startLibraryPagesServer();
  browser = await launchBrowser();
  session = await signedInSession(browser.browser, server.url, "/series", "Series");
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  pictures.done();
});

const api = async (path: string, init: RequestInit = {}): Promise<Json> => {
  const res = await fetch(`${server.url}/api/v1${path}`, {
    ...init,
    headers: { "X-Api-Key": server.apiKey, ...init.headers },
  });
  return { status: res.status, body: res.status === 204 ? null : await res.json() };
};

async function open(path: string, heading: string) {
  const tracked = await openPage(browser.browser, { storageState: session });
  await tracked.page.goto(`${server.url}${path}`);
  await tracked.page.getByRole("heading", { name: heading, level: 1 }).waitFor();
  return tracked;
}
const textOf = async (locator: Locator) => (await locator.textContent()) ?? "";
const seriesRows = (page: Page) => page.getByRole("table", { name: "Series" }).locator("tbody tr");
const episodeRow = (page: Page, season: number, code: string) =>
  page.getByRole("table", { name: `Season ${season} episodes` }).locator("tbody tr", { hasText: code });

test("the series list shows each series with its counts; search, sort and the missing filter live in the URL", async () => {
  const { page, problems, context } = await open("/series", "Series");
  await page.getByText("4 series").waitFor();
  const texts = await seriesRows(page).allInnerTexts();
  // The first text of each row (the selection checkbox's cell has none).
  const firstLine = (t: string) =>
    t
      .split("\n")
      .map((l) => l.trim())
      .find((l) => l !== "");
  expect(texts.map(firstLine)).toEqual(["Dark", "Severance", "The Expanse", "Yellowjackets"]);
  const expanse = texts[2]!;
  expect(expanse).toContain("2015");
  // Five episodes want de and ru; S01E01 has the user's German file.
  expect(expanse).toContain("9 missing");
  expect(expanse).toContain("1 of 10 there");

  await page.getByRole("button", { name: "Subtitles", exact: true }).click();
  // First click: fewest missing first.
  await page.waitForURL(/sort=wanted&order=asc/);
  await pollUntil(
    async () => ((await seriesRows(page).first().textContent()) ?? "").includes("Severance"),
    (v) => v === true,
  );
  await page.getByRole("button", { name: "Subtitles", exact: true }).click();
  await page.waitForURL((u) => u.search === "?sort=wanted");
  await pollUntil(
    async () => ((await seriesRows(page).first().textContent()) ?? "").includes("The Expanse"),
    (v) => v === true,
  );
  await page.keyboard.press("/");
  expect(await page.evaluate("document.activeElement?.dataset.shortcut")).toBe("search");
  await page.keyboard.type("sever");
  await page.waitForURL(/q=sever/);
  await pollUntil(
    () => seriesRows(page).count(),
    (n) => n === 1,
  );
  await page.goto(`${server.url}/series?missing=true&q=nothing`);
  await page.getByText("No series matches").waitFor();
  expect(problems).toEqual({ consoleErrors: [], failedRequests: [] });
  await context.close();
});

test("a series shows its seasons and each episode's subtitles per language: user's, embedded, missing", async () => {
  const { page, problems, context } = await open("/series", "Series");
  await seriesRows(page).filter({ hasText: "The Expanse" }).click();
  await page.getByRole("heading", { name: "The Expanse", level: 1 }).waitFor();
  expect(page.url()).toContain("/series/main/");
  await page.getByText("Season 2", { exact: true }).waitFor();
  const first = await textOf(episodeRow(page, 1, "S01E01"));
  expect(first).toContain("your file");
  expect(first).toContain("embedded");
  expect(first).toMatch(/ru\s*missing/);
  expect(await textOf(episodeRow(page, 1, "S01E02"))).toMatch(/de\s*missing/);
  // Seasons fold away.
  await page.getByText("Season 2", { exact: true }).click();
  expect(await page.getByRole("table", { name: "Season 2 episodes" }).isVisible()).toBe(false);
  expect(problems).toEqual({ consoleErrors: [], failedRequests: [] });
  await context.close();
});

test("j and k walk the episodes of every open season in page order; Enter opens the active one", async () => {
  const { page, problems, context } = await open("/series", "Series");
  await seriesRows(page).filter({ hasText: "The Expanse" }).click();
  await page.getByRole("heading", { name: "The Expanse", level: 1 }).waitFor();
  await page.getByText("Season 2", { exact: true }).waitFor();
  await page.evaluate("document.activeElement?.blur()");
  const active = page.locator('tbody tr[data-active="true"]');
  const press = async (keys: string, code: string) => {
    for (const key of keys) await page.keyboard.press(key);
    await active.filter({ hasText: code }).waitFor();
    expect(await active.count()).toBe(1);
  };
  await press("j", "S01E01");
  await press("jj", "S01E03");
  // Past the end of season 1 into season 2, back, and the last row stays the last.
  await press("j", "S02E01");
  await press("k", "S01E03");
  await press("jjjj", "S02E02");
  await page.keyboard.press("Enter");
  await page.getByRole("dialog", { name: "The Expanse S02E02" }).waitFor();
  await page.keyboard.press("Escape");
  await page.getByRole("dialog").waitFor({ state: "detached" });
  // A folded season is skipped.
  await page.getByText("Season 1", { exact: true }).click();
  await page.evaluate("document.activeElement?.blur()");
  await press("kkk", "S02E01");
  expect(problems).toEqual({ consoleErrors: [], failedRequests: [] });
  await context.close();
});

test("at phone width a series row says its seasons and episodes on a line of their own", async () => {
  const { page, problems, context } = await openPage(browser.browser, {
    storageState: session,
    viewport: "phone",
  });
  await page.goto(`${server.url}/series`);
  await seriesRows(page).first().waitFor();
  const lines = (await seriesRows(page).allInnerTexts()).flatMap((t) => t.split("\n"));
  expect(lines).toContain("2 seasons, 5 episodes");
  expect(lines).toContain("1 season, 4 episodes");
  expect(lines.filter((l) => l.trim().startsWith("·"))).toEqual([]);
  expect(problems).toEqual({ consoleErrors: [], failedRequests: [] });
  await context.close();
});

test("a standalone show is listed like a series and opens into its seasons, without a profile override", async () => {
  const { page, problems, context } = await open("/series", "Series");
  const row = seriesRows(page).filter({ hasText: "Yellowjackets" });
  expect(await textOf(row)).toContain("standalone");
  expect(await textOf(row)).toContain("6 missing");
  expect(await row.getByRole("button", { name: "Profile of Yellowjackets" }).count()).toBe(0);
  await row.click();
  await page.getByRole("heading", { name: "Yellowjackets", level: 1 }).waitFor();
  expect(page.url()).toContain("/series/standalone/show/");
  await page.getByRole("note").getByText("Standalone shows follow the default profile").waitFor();
  expect(await page.getByRole("button", { name: /^Profile:/ }).count()).toBe(0);
  expect(await textOf(episodeRow(page, 1, "S01E03"))).toMatch(/de\s*missing/);
  await page.getByRole("button", { name: "Details of S01E02" }).click();
  await page.getByRole("dialog").getByText("History").waitFor();
  await page.keyboard.press("Escape");
  await page.getByRole("button", { name: "Upload a subtitle for S01E01" }).click();
  await page.getByRole("dialog").waitFor();
  expect(problems).toEqual({ consoleErrors: [], failedRequests: [] });
  await context.close();
});

test("upload for one episode: UTF-16 and windows-1251 come out UTF-8; a hostile file is refused in the dialog", async () => {
  const { page, problems, context } = await open("/series", "Series");
  await seriesRows(page).filter({ hasText: "The Expanse" }).click();
  await page.getByRole("heading", { name: "The Expanse", level: 1 }).waitFor();

  const uploadFor = async (code: string, name: string, bytes: Buffer, language: string) => {
    await page.getByRole("button", { name: `Upload a subtitle for ${code}` }).click();
    const dialog = page.getByRole("dialog");
    await dialog
      .getByLabel("Subtitle file or archive")
      .setInputFiles({ name, mimeType: "text/plain", buffer: bytes });
    await dialog.getByLabel("Language").fill(language);
    await dialog.getByRole("button", { name: "Upload", exact: true }).click();
    return dialog;
  };
  const text = srt("Grüße aus dem Gürtel");
  await uploadFor("S01E02", "belt.srt", Buffer.from([0xff, 0xfe, ...Buffer.from(text, "utf16le")]), "de");
  await page.getByText("Saved de subtitle").waitFor();
  await pollUntil(
    () => textOf(episodeRow(page, 1, "S01E02")),
    (t) => t.includes("Subhound's file"),
  );
  expect(readFileSync(server.sidecar("The Expanse S01E02", "de.srt"), "utf8")).toBe(text);

  const cyrillic = readFileSync(join(import.meta.dir, "../fixtures/subtitles/encodings/ru.windows-1251.srt"));
  await uploadFor("S02E01", "ru.srt", cyrillic, "ru");
  await page.getByText("Saved ru subtitle").waitFor();
  expect(readFileSync(server.sidecar("The Expanse S02E01", "ru.srt"), "utf8")).toBe(
    readFileSync(join(import.meta.dir, "../fixtures/subtitles/encodings/source/ru.srt"), "utf8"),
  );

  const dialog = await uploadFor(
    "S02E02",
    "evil.srt",
    Buffer.from("\u0000\u0001binary\u0000junk".repeat(200)),
    "de",
  );
  await dialog
    .getByRole("alert")
    .getByText(/Not uploaded/)
    .waitFor();
  expect(await textOf(dialog.getByRole("alert"))).toMatch(/not saved/);
  await page.keyboard.press("Escape");
  expect(existsSync(server.sidecar("The Expanse S02E02", "de.srt"))).toBe(false);
  // The refusal is the expected 422; nothing else failed.
  expect(problems.consoleErrors.filter((e) => !e.includes("status of 422"))).toEqual([]);
  expect(problems.failedRequests.filter((r) => !r.endsWith(": 422"))).toEqual([]);
  await context.close();
});

test("a user's subtitle cannot be deleted; Subhound's own can, and its language is wanted again", async () => {
  const { page, problems, context } = await open("/series", "Series");
  await seriesRows(page).filter({ hasText: "The Expanse" }).click();
  await page.getByRole("heading", { name: "The Expanse", level: 1 }).waitFor();

  await page.getByRole("button", { name: "Details of S01E01" }).click();
  let dialog = page.getByRole("dialog");
  const files = dialog.getByRole("table", { name: "Subtitle files" });
  await files.getByText("yours").waitFor();
  expect(await files.getByRole("button", { name: /Delete/ }).count()).toBe(0);
  const mine = server.sidecar("The Expanse S01E01", "de.srt");
  const fileId = new URL(page.url()).searchParams.get("file");
  const refused = await api(`/library/files/${fileId}/subtitles?path=${encodeURIComponent(mine)}`, {
    method: "DELETE",
  });
  expect(refused.status).toBe(403);
  expect(existsSync(mine)).toBe(true);
  await page.keyboard.press("Escape");

  await page.getByRole("button", { name: "Details of S01E02" }).click();
  dialog = page.getByRole("dialog");
  await dialog.getByText("Subhound's").waitFor();
  await dialog.getByRole("button", { name: /^Delete .*de\.srt$/ }).click();
  await dialog.getByRole("button", { name: "Delete it" }).click();
  await page.getByText(/Its language is wanted again/).waitFor();
  expect(existsSync(server.sidecar("The Expanse S01E02", "de.srt"))).toBe(false);
  await dialog.getByText("No subtitle file beside the video.").waitFor();
  await dialog
    .getByText(/deleted/)
    .first()
    .waitFor();
  await page.keyboard.press("Escape");
  await pollUntil(
    () => textOf(episodeRow(page, 1, "S01E02")),
    (t) => /de\s*missing/.test(t),
  );
  expect(problems).toEqual({ consoleErrors: [], failedRequests: [] });
  await context.close();
});

test("a subtitle in a Subs folder beside the video is listed as Subs/<name>", async () => {
  const beside = server.sidecar("The Expanse S02E02", "it.srt");
  const folder = join(dirname(beside), "Subs");
  const inSubs = join(folder, basename(beside));
  mkdirSync(folder, { recursive: true });
  writeFileSync(inSubs, srt("Il mio file"));
  const { page, problems, context } = await open("/series", "Series");
  try {
    await seriesRows(page).filter({ hasText: "The Expanse" }).click();
    await page.getByRole("heading", { name: "The Expanse", level: 1 }).waitFor();
    await page.getByRole("button", { name: "Details of S02E02" }).click();
    const files = page.getByRole("dialog").getByRole("table", { name: "Subtitle files" });
    await files.getByText(`Subs/${basename(beside)}`, { exact: true }).waitFor();
    expect(problems).toEqual({ consoleErrors: [], failedRequests: [] });
  } finally {
    rmSync(folder, { recursive: true, force: true });
    await context.close();
  }
});

test("interactive search from an episode's details downloads the chosen subtitle", async () => {
  const { page, problems, context } = await open("/series", "Series");
  await seriesRows(page).filter({ hasText: "The Expanse" }).click();
  await page.getByRole("button", { name: "Details of S01E02" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByRole("button", { name: "Interactive" }).first().click();
  await page
    .getByRole("dialog", { name: /Interactive search/ })
    .getByRole("button", { name: /^Download podnapisi/ })
    .click();
  await page.getByText("Saved podnapisi subtitle").waitFor();
  expect(readFileSync(server.sidecar("The Expanse S01E02", "de.srt"), "utf8")).toBe(srt("Hallo Belter"));
  expect(problems).toEqual({ consoleErrors: [], failedRequests: [] });
  await context.close();
});

test("screenshots: series list, series detail and a standalone show, desktop and phone, light and dark", async () => {
  // One user's file that Subhound never touches, so the pictures show every kind of badge.
  writeFileSync(server.sidecar("The Expanse S01E03", "ru.forced.srt"), srt("Знаки"));
  expectClean(
    await screenshotAll(browser.browser, server.url, pictures.dir, {
      path: "/series",
      name: "series",
      storageState: session,
      ready: async (p) => {
        await p.getByRole("heading", { name: "Series", level: 1 }).waitFor();
        await p.getByText("4 series").waitFor();
      },
    }),
  );
  const seriesId = (await api("/library/series?q=expanse")).body.items[0].seriesId;
  expectClean(
    await screenshotAll(browser.browser, server.url, pictures.dir, {
      path: `/series/main/${seriesId}`,
      name: "series-detail",
      storageState: session,
      ready: async (p) => {
        await p.getByRole("heading", { name: "The Expanse", level: 1 }).waitFor();
        await p.getByRole("table", { name: "Season 2 episodes" }).waitFor();
      },
    }),
  );
  const standaloneKey = (await api("/library/series?q=yellowjackets")).body.items[0].key;
  expectClean(
    await screenshotAll(browser.browser, server.url, pictures.dir, {
      path: `/series/standalone/show/${standaloneKey}`,
      name: "series-standalone",
      storageState: session,
      ready: async (p) => {
        await p.getByRole("heading", { name: "Yellowjackets", level: 1 }).waitFor();
        await p.getByRole("table", { name: "Season 1 episodes" }).waitFor();
      },
    }),
  );
  const files = (await api(`/library/series/main/${seriesId}`)).body.seasons[0].files;
  expectClean(
    await screenshotAll(browser.browser, server.url, pictures.dir, {
      path: `/series/main/${seriesId}?file=${files[1].id}`,
      name: "series-file",
      storageState: session,
      ready: async (p) => {
        await p.getByRole("dialog").getByRole("table", { name: "Subtitle files" }).waitFor();
        await p.getByRole("dialog").getByText("History").waitFor();
      },
    }),
  );
}, 180_000);
