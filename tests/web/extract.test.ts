import { afterAll, beforeAll, expect, test } from "bun:test";
import { copyFileSync, readFileSync } from "node:fs";
import { basename, dirname, extname, join } from "node:path";
import type { StreamInspection } from "../../src/media/inspector.ts";
import { subtitleStream } from "../support/subtitle-stream.ts";
import { signedInSession } from "./support/auth.ts";
import { launchBrowser, openPage, type TestBrowser } from "./support/browser.ts";
import { startUiServer, type UiServer } from "./support/server.ts";

let server: UiServer;
let browser: TestBrowser;
let video: string;
let session: Awaited<ReturnType<typeof signedInSession>> | undefined;
/** The login is set up once per server; each test opens its pages with it. */
const signIn = async () => {
  session ??= await signedInSession(browser.browser, server.url, "/series", "Series");
  return session;
};

// The streams of tests/fixtures/media/mkv-ffmpeg-multi.mkv (copied in as the episode), and a PGS
// stream the button must refuse before any request is made.
const streams = [
  subtitleStream({ index: 2, codec: "subrip", language: "eng", forced: true }),
  subtitleStream({ index: 3, codec: "ass", language: "ger", hearingImpaired: true }),
  subtitleStream({ index: 4, codec: "subrip", language: "jpn", title: "Japanese (CR)" }),
  subtitleStream({ index: 5, codec: "hdmv_pgs_subtitle", language: "eng", textBased: false }),
  subtitleStream({ index: 6, codec: "subrip", language: "und" }),
];

beforeAll(async () => {
  server = await startUiServer({
    episodes: 1,
    providers: false,
    config: { profile: { embedded: "none" } },
    runtime: {
      inspector: {
        inspect: async (): Promise<StreamInspection> => ({ ok: true, cached: false, mtimeMs: null, streams }),
      },
    },
  });
  const scan = server.runtime.deps.scanner.start({ mode: "full", trigger: "api" });
  if (!scan.ok) throw new Error("a scan is already running");
  await scan.done;
  video = server.runtime.deps.db.sqlite
    .query<{ path: string }, []>("SELECT path FROM media_files")
    .get()!.path;
  copyFileSync(join(import.meta.dir, "..", "fixtures", "media", "mkv-ffmpeg-multi.mkv"), video);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

test("the file dialog extracts an embedded ASS stream as a sidecar and shows it; image streams cannot be", async () => {
  const session = await signIn();
  const { page, problems, context } = await openPage(browser.browser, { storageState: session });
  await page.goto(`${server.url}/series`);
  await page.getByRole("table", { name: "Series" }).locator("tbody tr", { hasText: "Show 1" }).click();
  await page.getByRole("button", { name: "Details of S01E01" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByText("Embedded streams").waitFor();

  // A track's title tells tracks of one language apart.
  await dialog.getByText("“Japanese (CR)”").waitFor();
  const image = dialog.getByRole("button", { name: "Extract stream 5 as a subtitle file" });
  expect(await image.isDisabled()).toBe(true);
  await dialog.getByText(/Image-based \(pictures, not text\)/).waitFor();
  // A track without a language tag could only be refused: the button says why instead.
  expect(await dialog.getByRole("button", { name: "Extract stream 6 as a subtitle file" }).isDisabled()).toBe(
    true,
  );
  await dialog.getByText(/^No language tag: tag the track/).waitFor();

  await dialog.getByRole("button", { name: "Extract stream 3 as a subtitle file" }).click();
  const target = join(dirname(video), `${basename(video, extname(video))}.de.hi.ass`);
  await dialog
    .getByRole("status")
    .getByText(`${basename(target)}`)
    .waitFor();
  // The dialog refreshed: the new file is listed as Subhound's and the history says how it came.
  await dialog.getByRole("table", { name: "Subtitle files" }).getByText("Subhound's").waitFor();
  await dialog.getByText(/extracted as a sidecar from embedded/).waitFor();
  expect(readFileSync(target, "utf8")).toContain("[V4+ Styles]");
  expect(problems).toEqual({ consoleErrors: [], failedRequests: [] });
  await context.close();
});

test("a track extracted where Subhound saved another subtitle of its language is refused with a Replace button", async () => {
  const id = server.runtime.deps.db.sqlite.query<{ id: number }, []>("SELECT id FROM media_files").get()!.id;
  // A Japanese subtitle uploaded earlier: Subhound's own file, under the name the track would take.
  const form = new FormData();
  form.set("file", new File(["1\n00:00:01,000 --> 00:00:02,000\nこんにちは\n\n"], "ja.srt"));
  form.set("language", "ja");
  const uploaded = await fetch(`${server.url}/api/v1/library/files/${id}/subtitles`, {
    method: "POST",
    headers: { "X-Api-Key": server.apiKey },
    body: form,
  });
  expect(uploaded.status).toBe(201);
  const target = join(dirname(video), `${basename(video, extname(video))}.ja.srt`);
  const before = readFileSync(target, "utf8");

  const session = await signIn();
  const { page, problems, context } = await openPage(browser.browser, { storageState: session });
  await page.goto(`${server.url}/series`);
  await page.getByRole("table", { name: "Series" }).locator("tbody tr", { hasText: "Show 1" }).click();
  await page.getByRole("button", { name: "Details of S01E01" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByRole("button", { name: "Extract stream 4 as a subtitle file" }).click();
  const alert = dialog.getByRole("alert");
  await alert
    .getByText(/^Not extracted: a subtitle of this language that Subhound saved earlier has that name/)
    .waitFor();
  // Refused: the uploaded subtitle is still there, unchanged.
  expect(readFileSync(target, "utf8")).toBe(before);
  expect(problems.failedRequests).toEqual([expect.stringMatching(/POST .*\/extract: 409$/)]);
  problems.failedRequests.length = 0;
  problems.consoleErrors.length = 0;

  await alert.getByRole("button", { name: "Replace it" }).click();
  await dialog
    .getByRole("status")
    .getByText(/, replacing the earlier subtitle$/)
    .waitFor();
  expect(readFileSync(target, "utf8")).not.toBe(before);
  expect(problems).toEqual({ consoleErrors: [], failedRequests: [] });
  await context.close();
});
