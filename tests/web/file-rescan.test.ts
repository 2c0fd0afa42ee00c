import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { type FakeRadarr, startFakeRadarr } from "../fakes/radarr.ts";
import type { Json } from "../support/runtime.ts";
import { type SessionState, signedInSession } from "./support/auth.ts";
import { launchBrowser, openPage, type TestBrowser } from "./support/browser.ts";
import { horizontalOverflow } from "./support/screenshots.ts";
import { callApi, startUiServer, type UiServer } from "./support/server.ts";

/**
 * Rescan from a file's details: a movie has no page of its own, so its details dialog rescans it
 * (by its Radarr id); an episode's rescans just that file within its series' listing.
 */

/** `FILE_RESCAN_SHOTS=/tmp/x bun test …` keeps a picture of the dialog after its rescan. */
const SHOTS = process.env.FILE_RESCAN_SHOTS;

let server: UiServer;
let radarr: FakeRadarr;
let browser: TestBrowser;
let session: SessionState;
let movieVideo: string;

beforeAll(async () => {
  radarr = await startFakeRadarr({ apiKey: "radarr-key" });
  const movie = radarr.addMovie({ title: "Arrival", year: 2016, path: "/tv/Movies/Arrival (2016)" });
  const file = radarr.addMovieFile(movie.id, { subtitles: "" });
  server = await startUiServer({
    episodes: 1,
    providers: false,
    config: { radarr: [{ name: "films", url: radarr.url, apiKey: "radarr-key", retries: 0 }] },
  });
  movieVideo = join(server.media, "Movies", "Arrival (2016)", file.relativePath);
  mkdirSync(dirname(movieVideo), { recursive: true });
  writeFileSync(movieVideo, "video");
  server.gate.release();
  const scan = server.runtime.deps.scanner.start({ mode: "full", trigger: "api" });
  if (!scan.ok) throw new Error("a scan is already running");
  await scan.done;
  browser = await launchBrowser();
  session = await signedInSession(browser.browser, server.url, "/movies", "Movies");
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await radarr?.stop();
});

const api = (path: string, init?: RequestInit) => callApi(server, path, init);

test("a movie's details rescan the movie: a subtitle added by hand stops being wanted", async () => {
  const arrival = (await api("/library/movies?q=arrival")).items[0] as Json;
  expect(arrival.file.title).toBe("Arrival");
  const { page, problems } = await openPage(browser.browser, { storageState: session });
  await page.goto(`${server.url}/movies`);
  await page.getByRole("button", { name: "Details of Arrival" }).click();
  const dialog = page.getByRole("dialog", { name: /Arrival/ });
  await dialog.getByRole("button", { name: "Search missing (2)" }).waitFor();

  // The user drops a German subtitle beside the video; Subhound has not looked yet.
  writeFileSync(movieVideo.replace(/\.[^.]+$/, ".de.srt"), "1\n00:00:01,000 --> 00:00:02,000\nHallo\n");
  await dialog.getByRole("button", { name: "Rescan" }).click();
  await page.getByRole("status").filter({ hasText: "Rescanned Arrival" }).waitFor();
  // The scan was of this movie alone, and the dialog now wants only the other language.
  expect((await api("/wanted/scan")).scope).toEqual({ instance: "films", movieId: arrival.movieId });
  await dialog.getByRole("button", { name: "Search missing (1)" }).waitFor();
  await dialog.getByRole("button", { name: "Rescan" }).waitFor();
  expect(await horizontalOverflow(page)).toBe(0);
  if (SHOTS) await page.screenshot({ path: join(SHOTS, "movie-file-rescan.png") });
  expect(problems).toEqual({ consoleErrors: [], failedRequests: [] });
}, 60_000);

test("an episode's details rescan that file within its series' listing", async () => {
  const show = (await api("/library/series?q=show+1")).items[0] as Json;
  const detail = await api(`/library/series/main/${show.seriesId}`);
  const episode = detail.seasons[0].files[0] as Json;
  const { page, problems } = await openPage(browser.browser, { storageState: session, viewport: "phone" });
  await page.goto(`${server.url}/series/main/${show.seriesId}`);
  await page.getByRole("heading", { name: "Show 1", level: 1 }).waitFor();
  await page
    .getByRole("table", { name: "Season 1 episodes" })
    .getByRole("button", { name: /^Details of / })
    .first()
    .click();
  const dialog = page.getByRole("dialog");
  await dialog.getByRole("button", { name: "Rescan" }).click();
  await page
    .getByRole("status")
    .filter({ hasText: /^Rescanned / })
    .waitFor();
  expect((await api("/wanted/scan")).scope).toEqual({
    instance: "main",
    seriesId: show.seriesId,
    path: episode.path,
  });
  expect(await horizontalOverflow(page)).toBe(0);
  expect(problems).toEqual({ consoleErrors: [], failedRequests: [] });
}, 60_000);
