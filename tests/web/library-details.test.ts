import { afterAll, beforeAll, expect, test } from "bun:test";
import { type SessionState, signedInSession } from "./support/auth.ts";
import { launchBrowser, openPage, type TestBrowser } from "./support/browser.ts";
import { type LibraryServer, startLibraryServer } from "./support/library.ts";

let server: LibraryServer;
let browser: TestBrowser;
let session: SessionState;

beforeAll(async () => {
  // One series of one episode.
  server = await startLibraryServer(1);
  browser = await launchBrowser();
  session = await signedInSession(browser.browser, server.url, "/series", "Series");
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function showPage() {
  const tracked = await openPage(browser.browser, { storageState: session });
  await tracked.page.goto(`${server.url}/series`);
  await tracked.page
    .getByRole("table", { name: "Series" })
    .locator("tbody tr", { hasText: "Show 1" })
    .click();
  await tracked.page.getByRole("heading", { name: "Show 1", level: 1 }).waitFor();
  return tracked;
}

test("a series with one episode says '1 episode'", async () => {
  const { page, problems, context } = await showPage();
  const meta = page.locator(".series-meta");
  await meta.waitFor();
  expect(await meta.textContent()).toContain("1 season · 1 episode ·");
  expect(problems).toEqual({ consoleErrors: [], failedRequests: [] });
  await context.close();
});

test("a refused upload says why in words, and choosing another file clears the old refusal", async () => {
  const { page, problems, context } = await showPage();
  await page.getByRole("button", { name: "Upload a subtitle for S01E01" }).click();
  const dialog = page.getByRole("dialog");
  const input = dialog.getByLabel("Subtitle file or archive");
  await input.setInputFiles({
    name: "broken.srt",
    mimeType: "application/octet-stream",
    buffer: Buffer.from(Array.from({ length: 4000 }, (_, i) => (i * 37) % 256)),
  });
  await dialog.getByLabel("Language").fill("de");
  await dialog.getByRole("button", { name: "Upload", exact: true }).click();
  const alert = dialog.getByRole("alert");
  await alert.waitFor();
  const text = (await alert.textContent()) ?? "";
  // The server's reason, not the HTTP status' name.
  expect(text).toContain("binary content, not text");
  expect(text).not.toContain("Unprocessable");
  expect(text).toMatch(/^Not uploaded: not saved: broken\.srt/);

  await input.setInputFiles({ name: "other.srt", mimeType: "text/plain", buffer: Buffer.from("x") });
  await alert.waitFor({ state: "detached" });
  await page.keyboard.press("Escape");
  // The refusal is the expected 422; nothing else failed.
  expect(problems.consoleErrors.filter((e) => !e.includes("status of 422"))).toEqual([]);
  expect(problems.failedRequests.filter((r) => !r.endsWith(": 422"))).toEqual([]);
  await context.close();
});

test("on a phone a file's subtitle table fits: the name is readable and Sync and Delete are in view", async () => {
  const { page, problems, context } = await openPage(browser.browser, {
    storageState: session,
    viewport: "phone",
  });
  await page.goto(`${server.url}/series`);
  await page.getByRole("table", { name: "Series" }).locator("tbody tr", { hasText: "Show 1" }).click();
  await page.getByRole("heading", { name: "Show 1", level: 1 }).waitFor();
  await page.getByRole("button", { name: "Upload a subtitle for S01E01" }).click();
  const upload = page.getByRole("dialog");
  await upload.getByLabel("Subtitle file or archive").setInputFiles({
    name: "good.srt",
    mimeType: "application/x-subrip",
    buffer: Buffer.from(
      "1\n00:00:01,000 --> 00:00:02,000\nHallo Welt\n\n2\n00:00:03,000 --> 00:00:04,000\nTschüss\n",
    ),
  });
  await upload.getByLabel("Language").fill("de");
  await upload.getByRole("button", { name: "Upload", exact: true }).click();
  await upload.waitFor({ state: "detached" });
  await page.getByRole("button", { name: "Details of S01E01" }).click();
  const table = page.getByRole("dialog").getByRole("table", { name: "Subtitle files" });
  await table.getByText("Subhound's").waitFor();
  const overflow = await table.evaluate((t) => {
    const wrap = t.parentElement!;
    return wrap.scrollWidth - wrap.clientWidth;
  });
  expect(overflow).toBeLessThanOrEqual(1);
  const remove = await table.getByRole("button", { name: /^Delete / }).boundingBox();
  expect(remove!.x + remove!.width).toBeLessThanOrEqual(390);
  expect(problems).toEqual({ consoleErrors: [], failedRequests: [] });
  await context.close();
});
