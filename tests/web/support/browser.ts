import { existsSync } from "node:fs";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { atRunEnd } from "../../support/run-end.ts";

export const CHROMIUM = process.env.SUBHOUND_CHROMIUM ?? "/usr/bin/chromium";

const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export const VIEWPORTS = {
  desktop: { width: 1280, height: 800 },
  phone: { width: 390, height: 844 },
} as const;
export type ViewportName = keyof typeof VIEWPORTS;

export interface TestBrowser {
  browser: Browser;
  close(): Promise<void>;
}

let shared: Promise<Browser> | null = null;

/**
 * Debian's chromium, headless: one process for every test file of the run (a launch and close cost
 * ~0.8 s a file). Each file's contexts are its own (as private as separate browsers: no cookie,
 * storage or cache is shared) and `close` closes the ones it opened; the browser is closed once the
 * run is over (tests/support/run-end.ts). A browser that crashed or was closed is launched again. Playwright
 * gives the launch a fresh temporary profile (--user-data-dir) and deletes it; it refuses one
 * passed in `args`.
 */
export async function launchBrowser(): Promise<TestBrowser> {
  if (!existsSync(CHROMIUM))
    throw new Error(
      `the browser tests need chromium at ${CHROMIUM}: apt-get install chromium (or set SUBHOUND_CHROMIUM)`,
    );
  const running = shared && (await shared.catch(() => null));
  if (!running?.isConnected()) {
    const launched = chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
    shared = launched;
    atRunEnd(async () => (await launched.catch(() => null))?.close());
  }
  const browser = await shared!;
  const before = new Set(browser.contexts());
  return {
    browser,
    async close() {
      for (const context of browser.contexts()) if (!before.has(context)) await context.close();
    },
  };
}

/** What went wrong while a page was open: console errors, uncaught exceptions, failed requests. */
export interface PageProblems {
  consoleErrors: string[];
  failedRequests: string[];
}

export interface TrackedPage {
  context: BrowserContext;
  page: Page;
  problems: PageProblems;
}

export interface PageOptions {
  viewport?: ViewportName;
  colorScheme?: "light" | "dark";
  storageState?: Awaited<ReturnType<BrowserContext["storageState"]>>;
}

/** A new context and page that records every console error and failed request. */
export async function openPage(browser: Browser, options: PageOptions = {}): Promise<TrackedPage> {
  const context = await browser.newContext({
    viewport: VIEWPORTS[options.viewport ?? "desktop"],
    colorScheme: options.colorScheme ?? "light",
    reducedMotion: "reduce",
    ...(options.storageState ? { storageState: options.storageState } : {}),
  });
  const page = await context.newPage();
  const problems: PageProblems = { consoleErrors: [], failedRequests: [] };
  page.on("console", (message) => {
    if (message.type() === "error") problems.consoleErrors.push(message.text());
  });
  page.on("pageerror", (error) => problems.consoleErrors.push(`uncaught: ${error.message}`));
  page.on("requestfailed", (request) => {
    // The page itself aborted it (an invalidated query refetching, the event stream on leaving): not a failure.
    if (request.failure()?.errorText.includes("ERR_ABORTED")) return;
    problems.failedRequests.push(`${request.method()} ${request.url()}: ${request.failure()?.errorText}`);
  });
  page.on("response", (response) => {
    if (response.status() >= 400)
      problems.failedRequests.push(`${response.request().method()} ${response.url()}: ${response.status()}`);
  });
  return { context, page, problems };
}

/** Every response body the page receives, to prove a secret never comes back to the browser. */
export function recordBodies(page: Page): string[] {
  const bodies: string[] = [];
  page.on("response", async (response) => {
    try {
      bodies.push(await response.text());
    } catch {
      // A redirect or an aborted request has no body.
    }
  });
  return bodies;
}
