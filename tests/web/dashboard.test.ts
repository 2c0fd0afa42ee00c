import { afterAll, beforeAll, expect, test } from "bun:test";
import type { Page } from "playwright-core";
import { pollUntil } from "../support/poll.ts";
import { createLogin, signIn } from "./support/auth.ts";
import { launchBrowser, openPage, type TestBrowser } from "./support/browser.ts";
import { horizontalOverflow } from "./support/screenshots.ts";
import { startUiServer, type UiServer } from "./support/server.ts";

let server: UiServer;
let browser: TestBrowser;
beforeAll(async () => {
  server = await startUiServer({ episodes: 2 });
  browser = await launchBrowser();
  await createLogin(server.url);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** Opens the UI, signs in and waits for the dashboard. */
async function openDashboard(page: Page): Promise<void> {
  await page.goto(`${server.url}/`);
  await signIn(page);
  await page.getByRole("heading", { name: "Dashboard", level: 1 }).waitFor();
}

test("the dashboard loads cleanly and shows a scan's live progress without a reload", async () => {
  const { page, problems } = await openPage(browser.browser);
  await openDashboard(page);
  await page.getByText("Live updates on").waitFor();
  await page.getByText('Nothing has run yet. "Scan now"').waitFor();
  // A marker that a reload would wipe.
  await page.evaluate("window.__sameDocument = true");

  await page.getByRole("button", { name: "Scan now" }).click();
  const scan = page.getByTestId("scan-activity");
  // The gate holds every file: the scan stays running at 0 of 2 until released.
  await scan.getByText("running").waitFor();
  await scan.getByText(/0 of 2/).waitFor();
  expect(await page.getByRole("progressbar", { name: "Scan progress" }).getAttribute("aria-valuemax")).toBe(
    "2",
  );

  // A second scan conflicts: the problem's detail reaches the user as a toast.
  await page.getByRole("button", { name: "Scan now" }).click();
  await page.getByRole("alert").filter({ hasText: "scan 1 is already running" }).waitFor();
  expect(problems.failedRequests).toEqual([expect.stringMatching(/POST .*\/api\/v1\/wanted\/scan: 409$/)]);
  problems.failedRequests.length = 0;
  problems.consoleErrors.length = 0;

  server.gate.release();
  await scan.getByText("succeeded").waitFor();
  await scan.getByText(/2 files, 4 new wanted/).waitFor();
  // The counts follow over SSE too: two files × two languages are wanted now.
  await page.getByRole("listitem").filter({ hasText: "pt-BR" }).getByText("Portuguese (Brazil)").waitFor();
  expect(await page.evaluate("window.__sameDocument")).toBe(true);
  expect(problems).toEqual({ consoleErrors: [], failedRequests: [] });
}, 60_000);

/** A job that runs until released; every test releases its own in `finally`, so a failure never hangs shutdown. */
function heldTask(name: string, progress: { done: number; total: number; phase: string; current: string }) {
  const { promise: finished, resolve: finish } = Promise.withResolvers<void>();
  server.runtime.deps.scheduler.register({
    name,
    description: `Holds until the test lets it finish (${name})`,
    schedule: "0 4 * * 1",
    run: async () => {
      await finished;
      return { summary: { done: progress.total } };
    },
    progress: () => progress,
  });
  return {
    finish,
    start: async () => {
      const res = await fetch(`${server.url}/api/v1/tasks/${name}/run`, {
        method: "POST",
        headers: { "X-Api-Key": server.apiKey },
      });
      expect(res.status).toBe(202);
    },
  };
}

test("a running task shows on the dashboard with its progress and leaves when it ends", async () => {
  const held = heldTask("index-rebuild", { done: 3, total: 10, phase: "rebuilding", current: "Show 1" });
  const { page, problems } = await openPage(browser.browser);
  try {
    await openDashboard(page);
    await page.getByText("Live updates on").waitFor();

    await held.start();
    const task = page.getByTestId("task-activity");
    await task.getByText("Index rebuild").waitFor();
    await task.getByText(/^3 of 10 · Show 1 · started/).waitFor();
    const bar = page.getByRole("progressbar", { name: "Index rebuild progress" });
    expect([await bar.getAttribute("aria-valuenow"), await bar.getAttribute("aria-valuemax")]).toEqual([
      "3",
      "10",
    ]);

    held.finish();
    await pollUntil(
      () => task.count(),
      (n) => n === 0,
    );
    expect(problems).toEqual({ consoleErrors: [], failedRequests: [] });
  } finally {
    held.finish();
    await page.context().close();
  }
}, 60_000);

test("after the live stream drops, the dashboard refetches what it missed meanwhile", async () => {
  const held = heldTask("cache-prune", { done: 1, total: 4, phase: "pruning", current: "Show 2" });
  const { page, problems } = await openPage(browser.browser);
  const { promise: reconnectAllowed, resolve: letReconnect } = Promise.withResolvers<void>();
  let streams = 0;
  // The first stream ends at once, before any event (a proxy or a restart cutting it); it says to retry
  // quickly. The reconnect is held until the task has started, so its job.started is never streamed.
  await page.route("**/api/v1/events", async (route) => {
    streams++;
    if (streams === 1) {
      await route.fulfill({
        status: 200,
        contentType: "text/event-stream",
        body: "retry: 50\n: connected\n\n",
      });
      return;
    }
    await reconnectAllowed;
    await route.continue();
  });
  try {
    await openDashboard(page);
    await page.getByText("Live updates lost; retrying").waitFor();

    await held.start();
    letReconnect();
    await page.getByText("Live updates on").waitFor();
    const task = page.getByTestId("task-activity");
    await task.getByText("Cache prune").waitFor();
    await task.getByText(/^1 of 4 · Show 2 · started/).waitFor();
    expect(streams).toBe(2);
    expect(problems).toEqual({ consoleErrors: [], failedRequests: [] });
  } finally {
    held.finish();
    letReconnect();
    await page.context().close();
  }
}, 60_000);

test("the dashboard's provider card shows each enabled provider's rate limit", async () => {
  const res = await fetch(`${server.url}/api/v1/providers`, { headers: { "X-Api-Key": server.apiKey } });
  const providers = (await res.json()) as {
    name: string;
    enabled: boolean;
    rateLimit: { requests: number; perMs: number };
  }[];
  const enabled = providers.filter((p) => p.enabled);
  expect(enabled.map((p) => p.name).sort()).toEqual(["gestdown", "podnapisi"]);
  const { page, problems } = await openPage(browser.browser);
  await openDashboard(page);
  for (const p of enabled) {
    const row = page.getByTestId(`provider-${p.name}`);
    await row.getByText(p.name, { exact: true }).waitFor();
    // The fakes report no quota: the line holds the rate limit alone.
    const per = p.rateLimit.perMs === 1000 ? "second" : p.rateLimit.perMs === 60_000 ? "minute" : null;
    const rate = per
      ? `${p.rateLimit.requests} request${p.rateLimit.requests === 1 ? "" : "s"} per ${per}`
      : new RegExp(`^${p.rateLimit.requests} requests? per `);
    await row.getByText(rate, { exact: true }).waitFor();
  }
  expect(problems).toEqual({ consoleErrors: [], failedRequests: [] });
  await page.context().close();
}, 60_000);

test("a state change from another origin's page is refused with 403, though the cookie is sent", async () => {
  const { context, page } = await openPage(browser.browser);
  await openDashboard(page);
  // Another port on the same host is the same site (the Lax cookie goes along) but another origin.
  const other = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    fetch: () =>
      new Response("<!doctype html><title>elsewhere</title>", { headers: { "Content-Type": "text/html" } }),
  });
  try {
    const evil = await context.newPage();
    await evil.goto(`http://127.0.0.1:${other.port}/`);
    const result = (await evil.evaluate(`fetch(${JSON.stringify(`${server.url}/api/v1/wanted/search`)}, {
      method: "POST", credentials: "include", mode: "no-cors"
    }).then(() => "sent")`)) as string;
    expect(result).toBe("sent");
    // no-cors hides the answer from the page; the server's record of it does not lie.
    const recorded = server.runtime.deps.searcher.status();
    expect(recorded).toBeNull();
    const direct = await fetch(`${server.url}/api/v1/wanted/search`, {
      method: "POST",
      headers: {
        Cookie: (await context.cookies()).map((c) => `${c.name}=${c.value}`).join("; "),
        Origin: `http://127.0.0.1:${other.port}`,
      },
    });
    expect(direct.status).toBe(403);
    expect(((await direct.json()) as { detail: string }).detail).toContain("another site");
  } finally {
    other.stop(true);
  }
}, 60_000);

test("at phone width the dashboard and health pages never scroll sideways", async () => {
  const { page, problems } = await openPage(browser.browser, { viewport: "phone" });
  await openDashboard(page);
  await page.getByRole("heading", { name: "Downloads per day" }).waitFor();
  // Without a pointer on the chart its legend shows the latest day, not "--" for every series.
  const today = new Date().toISOString().slice(0, 10);
  await page.locator(".u-legend").getByText(today).waitFor();
  expect(await page.locator(".u-legend").textContent()).not.toContain("--");
  expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
  // The phone turns dark at dusk (theme "system"): the chart, drawn in script, takes the dark colours too.
  const marker = () =>
    page.evaluate(
      "getComputedStyle(document.querySelector('.u-legend .u-series:nth-child(2) .u-marker')).borderColor",
    ) as Promise<string>;
  expect(await marker()).toBe("rgb(47, 111, 222)");
  await page.emulateMedia({ colorScheme: "dark" });
  await pollUntil(marker, (color) => color === "rgb(91, 147, 240)");
  await page.emulateMedia({ colorScheme: "light" });
  // The drawer: focus moves into it, Esc closes it and gives focus back to the menu button.
  const focused = () =>
    page.evaluate("document.activeElement.textContent || document.activeElement.ariaLabel");
  await page.getByRole("button", { name: "Open navigation" }).click();
  // Polled from here: waitForFunction evaluates a string in the page, which the UI's CSP forbids.
  await pollUntil(focused, (text) => text === "Dashboard");
  await page.keyboard.press("Escape");
  expect(await focused()).toBe("Open navigation");
  expect(await page.getByRole("link", { name: "Health" }).isVisible()).toBe(false);
  await page.getByRole("button", { name: "Open navigation" }).click();
  await page.getByRole("link", { name: "Health" }).click();
  await page.getByRole("heading", { name: "Health", level: 1 }).waitFor();
  await page.getByRole("heading", { name: "Database" }).waitFor();
  expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
  expect(problems).toEqual({ consoleErrors: [], failedRequests: [] });
}, 60_000);
