import { expect } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, BrowserContext } from "playwright-core";
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

/** Desktop 1280×800 and phone 390×844, light and dark: four full-page pictures in docs/screenshots. */
export async function screenshotAll(browser: Browser, url: string, dir: string, options: ScreenshotOptions) {
  mkdirSync(dir, { recursive: true });
  const results: ScreenshotResult[] = [];
  for (const viewport of ["desktop", "phone"] as const) {
    for (const colorScheme of ["light", "dark"] as const) {
      const { context, page, problems } = await openPage(browser, {
        viewport,
        colorScheme,
        ...(options.storageState ? { storageState: options.storageState } : {}),
      });
      await page.goto(`${url}${options.path}`);
      await options.ready(page);
      const overflow = await horizontalOverflow(page);
      const file = join(dir, `${options.name}-${viewport}-${colorScheme}.png`);
      await page.screenshot({ path: file, fullPage: true, animations: "disabled" });
      await context.close();
      results.push({ file, viewport, colorScheme, problems, overflow });
    }
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
