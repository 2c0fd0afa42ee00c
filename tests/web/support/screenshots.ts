import { expect } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, BrowserContext } from "playwright-core";
import { pollUntil } from "../../support/poll.ts";
import { openPage, type PageProblems, type ViewportName } from "./browser.ts";

/**
 * `SUBHOUND_SCREENSHOTS=1 bun test tests/web/screenshots.test.ts` refreshes the README's pictures in
 * docs/screenshots; an ordinary run takes them into a temp dir (removed by `done`), so it never dirties
 * the work tree.
 */
export function screenshotDir(): { dir: string; done(): void } {
  if (process.env.SUBHOUND_SCREENSHOTS === "1")
    return { dir: join(import.meta.dir, "..", "..", "..", "docs", "screenshots"), done: () => {} };
  const dir = mkdtempSync(join(tmpdir(), "subhound-screenshots-"));
  return { dir, done: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface ScreenshotOptions {
  /** Path below the UI root, e.g. "/" or "/health". */
  path: string;
  /** File name stem: `<name>-<viewport>-<scheme>.png`. */
  name: string;
  /** Waits until the page shows what it is about before the picture is taken. */
  ready: (page: import("playwright-core").Page) => Promise<void>;
  storageState?: Awaited<ReturnType<BrowserContext["storageState"]>>;
}

export interface ScreenshotResult {
  file: string;
  viewport: ViewportName;
  colorScheme: "light" | "dark";
  problems: PageProblems;
  /** document.scrollingElement.scrollWidth - innerWidth: above 0 means horizontal scrolling. */
  overflow: number;
}

/** How far the page scrolls sideways (0 when it fits); evaluated in the page, hence a string. */
export function horizontalOverflow(page: import("playwright-core").Page): Promise<number> {
  return page.evaluate("document.scrollingElement.scrollWidth - window.innerWidth") as Promise<number>;
}

/**
 * Desktop 1280×800 and phone 390×844, light and dark: four full-page pictures in docs/screenshots.
 * Each viewport loads the page once, light, and waits for `ready` (which may act on the page: it runs
 * once); the system then turns dark under it (as a phone does at dusk) and the page must follow
 * without a reload before the second picture.
 */
export async function screenshotAll(browser: Browser, url: string, dir: string, options: ScreenshotOptions) {
  mkdirSync(dir, { recursive: true });
  const results: ScreenshotResult[] = [];
  for (const viewport of ["desktop", "phone"] as const) {
    const { context, page, problems } = await openPage(browser, {
      viewport,
      colorScheme: "light",
      ...(options.storageState ? { storageState: options.storageState } : {}),
    });
    await page.goto(`${url}${options.path}`);
    await options.ready(page);
    for (const colorScheme of ["light", "dark"] as const) {
      if (colorScheme === "dark") {
        await page.emulateMedia({ colorScheme });
        // Polled: waitForFunction evaluates a string in the page, which the UI's CSP may forbid.
        await pollUntil(
          () => page.evaluate("document.documentElement.dataset.theme"),
          (theme) => theme === "dark",
        );
      }
      const overflow = await horizontalOverflow(page);
      const file = join(dir, `${options.name}-${viewport}-${colorScheme}.png`);
      await page.screenshot({ path: file, fullPage: true, animations: "disabled" });
      // Each picture answers for what went wrong up to it.
      results.push({ file, viewport, colorScheme, problems: structuredClone(problems), overflow });
    }
    await context.close();
  }
  return results;
}

/** Every picture: no console error, no failed request, no sideways scrolling. */
export function expectClean(results: ScreenshotResult[]) {
  for (const r of results) {
    expect({ file: r.file, ...r.problems, overflow: r.overflow }).toEqual({
      file: r.file,
      consoleErrors: [],
      failedRequests: [],
      overflow: 0,
    });
  }
}
