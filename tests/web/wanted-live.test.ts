import { afterAll, beforeAll, expect, test } from "bun:test";
import type { StreamInspection } from "../../src/media/inspector.ts";
import { pollUntil } from "../support/poll.ts";
import { signedInSession } from "./support/auth.ts";
import { launchBrowser, openPage, type TestBrowser } from "./support/browser.ts";
import { callApi, startUiServer, type UiServer } from "./support/server.ts";

/**
 * An inspector that lets through as many inspections as it was allowed, and holds the rest: the
 * scan stays running, part of its files written, for as long as the test needs.
 */
function meteredInspector() {
  let permits = 0;
  let open = false;
  const waiting: (() => void)[] = [];
  const pass = () => {
    while (permits > 0 && waiting.length > 0) {
      permits--;
      waiting.shift()!();
    }
  };
  return {
    async inspect(): Promise<StreamInspection> {
      if (!open) {
        if (permits > 0) permits--;
        else await new Promise<void>((resolve) => waiting.push(resolve));
      }
      return { ok: true, streams: [], cached: false, mtimeMs: null };
    },
    allow(n: number) {
      permits += n;
      pass();
    },
    release() {
      open = true;
      for (const resolve of waiting.splice(0)) resolve();
    },
  };
}

// More files than a scan writes per commit, on its own thread (256) or its writer's (128).
const EPISODES = 300;
const inspector = meteredInspector();
let server: UiServer;
let browser: TestBrowser;

beforeAll(async () => {
  server = await startUiServer({ episodes: EPISODES, providers: false, runtime: { inspector } });
  browser = await launchBrowser();
});
afterAll(async () => {
  inspector.release();
  await browser?.close();
  await server?.stop();
});

test("during a long first scan the open Wanted page fills as the scan's writes commit, not only at its end", async () => {
  const session = await signedInSession(browser.browser, server.url, "/", "Dashboard");
  const { page, problems } = await openPage(browser.browser, { storageState: session });
  await page.goto(`${server.url}/wanted`);
  await page.getByRole("heading", { name: "Nothing is missing" }).waitFor();

  const started = await callApi(server, "/wanted/scan", {
    method: "POST",
    body: JSON.stringify({ full: true }),
  });
  expect(started.scanId).toBeNumber();
  // 270 of the 300 files go through; the scan writes what it has in whole batches and waits for the rest.
  inspector.allow(270);
  const rows = page.getByRole("table", { name: "Wanted items" }).locator("tbody tr");
  await pollUntil(
    () => rows.count(),
    (n) => n > 0,
    30_000,
  );
  // The page comes to show what the scan has committed so far (read once both agree: a batch may
  // commit between reading the page and asking the API), while the held files keep it running.
  const shownOnPage = async () =>
    Number(((await page.locator(".page-header p.muted").textContent()) ?? "").replace(/[^\d]/g, ""));
  const { shown, scan } = await pollUntil(
    async () => ({ shown: await shownOnPage(), scan: await callApi(server, "/wanted/scan") }),
    ({ shown, scan }) => shown > 0 && shown === scan.changed,
    30_000,
  );
  expect(scan.status).toBe("running");
  // Two wanted languages per file, none of the held files listed yet: the scan is still at work.
  expect(shown).toBeLessThan(EPISODES * 2);

  // Once the scan ends, the page shows everything it found.
  inspector.release();
  await page.getByText(`${(EPISODES * 2).toLocaleString("en")} items still missing or in work`).waitFor();
  expect(problems).toEqual({ consoleErrors: [], failedRequests: [] });
});
