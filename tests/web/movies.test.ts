import { afterAll, beforeAll, expect, test } from "bun:test";
import { existsSync, readFileSync } from "node:fs";
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
  session = await signedInSession(browser.browser, server.url, "/movies", "Movies");
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  pictures.done();
});

const api = async (path: string): Promise<Json> =>
  (await fetch(`${server.url}/api/v1${path}`, { headers: { "X-Api-Key": server.apiKey } })).json();
const textOf = async (locator: Locator) => (await locator.textContent()) ?? "";
const rows = (page: Page) => page.getByRole("table", { name: "Movies" }).locator("tbody tr");
const row = (page: Page, title: string) => rows(page).filter({ hasText: title });

async function moviesPage(path = "/movies") {
  const tracked = await openPage(browser.browser, { storageState: session });
  await tracked.page.goto(`${server.url}${path}`);
  await tracked.page.getByRole("heading", { name: "Movies", level: 1 }).waitFor();
  await rows(tracked.page).first().waitFor();
  return tracked;
}

test("a link to a file that no longer exists says so in the dialog instead of loading forever", async () => {
  const { page, problems, context } = await moviesPage("/movies?file=999999");
  const dialog = page.getByRole("dialog");
  await dialog
    .getByRole("alert")
    .getByText("Could not load this file: media file 999999 does not exist")
    .waitFor();
  expect(await dialog.locator("[aria-busy=true]").count()).toBe(0);
  expect(problems.failedRequests).toEqual([
    expect.stringMatching(/GET .*\/api\/v1\/library\/files\/999999: 404$/),
  ]);
  await context.close();
});

test("the movies list shows each movie's subtitles per language; sort and search live in the URL", async () => {
  const { page, problems, context } = await moviesPage();
  await page.getByText("3 movies").waitFor();
  expect((await rows(page).allTextContents()).map((t) => t.slice(0, 12))).toEqual([
    expect.stringContaining("Arrival"),
    expect.stringContaining("Dune"),
    expect.stringContaining("Heat"),
  ]);
  const dune = await textOf(row(page, "Dune"));
  expect(dune).toMatch(/de\s*missing/);
  expect(dune).toMatch(/ru\s*your file/);
  expect(dune).toMatch(/en\s*embedded/);

  await page.getByRole("button", { name: "Year", exact: true }).click();
  await page.waitForURL(/sort=year/);
  await pollUntil(
    () => textOf(rows(page).first()),
    (t) => t.includes("Heat"),
  );
  await page.keyboard.press("/");
  await page.keyboard.type("arr");
  await page.waitForURL(/q=arr/);
  await pollUntil(
    () => rows(page).count(),
    (n) => n === 1,
  );
  expect(problems).toEqual({ consoleErrors: [], failedRequests: [] });
  await context.close();
});

test("upload for a movie from its row, then its details show the file as Subhound's with its history", async () => {
  const { page, problems, context } = await moviesPage();
  await page.getByRole("button", { name: "Upload a subtitle for Arrival" }).click();
  const dialog = page.getByRole("dialog");
  const text = srt("Heptapoden grüßen");
  await dialog.getByLabel("Subtitle file or archive").setInputFiles({
    name: "arrival.de.srt",
    mimeType: "text/plain",
    buffer: Buffer.from([0xfe, 0xff, ...Buffer.from(text, "utf16le").swap16()]),
  });
  await dialog.getByLabel("Language").fill("de");
  await dialog.getByRole("button", { name: "Upload", exact: true }).click();
  await page.getByText("Saved de subtitle").waitFor();
  expect(readFileSync(server.sidecar("Arrival (2016)", "de.srt"), "utf8")).toBe(text);
  await pollUntil(
    () => textOf(row(page, "Arrival")),
    (t) => /de\s*Subhound's file/.test(t),
  );

  await row(page, "Arrival").click();
  await page.waitForURL(/file=\d+/);
  const details = page.getByRole("dialog", { name: /Arrival/ });
  await details.getByRole("table", { name: "Subtitle files" }).getByText("Subhound's").waitFor();
  await details.getByText(/uploaded/).waitFor();
  expect(await textOf(details)).toContain("utf-16be");
  await page.keyboard.press("Escape");
  await page.waitForURL((u) => !u.search.includes("file="));
  expect(problems).toEqual({ consoleErrors: [], failedRequests: [] });
  await context.close();
});

test("a movie's profile: set Russian only, then back to the default", async () => {
  const { page, problems, context } = await moviesPage();
  await page.getByRole("button", { name: "Profile of Heat" }).click();
  const dialog = page.getByRole("dialog", { name: /Profile: Heat/ });
  await dialog.getByLabel("Languages").fill("ru");
  await dialog.getByLabel("Hearing impaired").selectOption("exclude");
  await dialog.getByRole("button", { name: "Save" }).click();
  await page.getByText("Profile saved").waitFor();
  await pollUntil(
    () => textOf(row(page, "Heat")),
    (t) => t.includes("Custom"),
  );
  const { overrides } = await api("/profiles");
  expect(overrides).toEqual([
    expect.objectContaining({
      instance: "films",
      kind: "movie",
      override: { languages: ["ru"], hearingImpaired: "exclude" },
    }),
  ]);

  await page.getByRole("button", { name: "Profile of Heat" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Use the default" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Save" }).click();
  await page.getByText("Back to the default profile").waitFor();
  expect((await api("/profiles")).overrides).toEqual([]);
  expect(problems).toEqual({ consoleErrors: [], failedRequests: [] });
  await context.close();
});

test("at phone width a movie's profile is still one tap away (the Profile column is desktop-only)", async () => {
  const { page, problems, context } = await openPage(browser.browser, {
    storageState: session,
    viewport: "phone",
  });
  await page.goto(`${server.url}/movies`);
  await rows(page).first().waitFor();
  const button = page.getByRole("button", { name: "Profile of Arrival" });
  await button.waitFor();
  const box = (await button.boundingBox())!;
  expect(box.x + box.width).toBeLessThanOrEqual(390);
  await button.click();
  await page
    .getByRole("dialog", { name: /Profile: Arrival/ })
    .getByLabel("Languages")
    .waitFor();
  await page.keyboard.press("Escape");
  await page.getByRole("dialog").waitFor({ state: "detached" });
  expect(problems).toEqual({ consoleErrors: [], failedRequests: [] });
  await context.close();
});

test("screenshots: movies, desktop and phone, light and dark", async () => {
  expect(existsSync(server.sidecar("Dune (2021)", "ru.srt"))).toBe(true);
  expectClean(
    await screenshotAll(browser.browser, server.url, pictures.dir, {
      path: "/movies",
      name: "movies",
      storageState: session,
      ready: async (p) => {
        await p.getByRole("heading", { name: "Movies", level: 1 }).waitFor();
        await p.getByText("3 movies").waitFor();
      },
    }),
  );
}, 120_000);
