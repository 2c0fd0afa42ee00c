/**
 * Issue #15's budget "the Wanted page shows the first page of a 100,000-row list within 200 ms of
 * the data arriving", measured in Debian's chromium (playwright-core) against a server process
 * (`src/main.ts`) whose database holds the 100,000 wanted rows of `bench/wanted-list.ts`.
 *
 * The page measures itself: Resource Timing gives the `responseEnd` of the `GET /api/v1/wanted`
 * whose rows it waits for, a MutationObserver (installed before any page script) notes when the
 * first row of those rows is in the table, and a requestAnimationFrame followed by a message
 * notes when the frame holding it has been painted. Reported per case: the median of several
 * loads from response end to painted (and to in the DOM). Cases: a fresh load of /wanted, a click
 * on Next (page 2), a click on the "Item" header (sort by title), a click on the `de` chip.
 *
 *   bun bench/ui-wanted-render.ts [--rows 100000] [--loads 9]
 *   bun bench/ui-wanted-render.ts --write    also replace this section of BENCHMARKS.md
 */
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { type Browser, chromium, type Page } from "playwright-core";
import { spawnServer } from "../tests/support/process.ts";
import { writeMarkedSection } from "./benchmarks-file.ts";
import { seedWantedDb } from "./wanted-list.ts";

const repo = join(import.meta.dir, "..");
const BUDGET_MS = 200;
const TRACED_LOADS = 5;
const CHROMIUM = process.env.SUBHOUND_CHROMIUM ?? "/usr/bin/chromium";

export interface RenderCase {
  name: string;
  /** Response end → first row in the DOM, per load (ms). */
  domMs: number[];
  /** Response end → the frame with that row painted, per load (ms). */
  paintMs: number[];
  medianDomMs: number;
  medianPaintMs: number;
  maxPaintMs: number;
  met: boolean;
}

/** Main-thread CPU time (trace events' thread time) from the response's end to the frame with the rows. */
export interface RenderCpu {
  wallMs: number;
  cpuMs: number;
  scriptMs: number;
  styleMs: number;
  layoutMs: number;
  paintMs: number;
}

export interface UiWantedRenderResult {
  rows: number;
  /** Median over traced first loads. */
  cpu: RenderCpu;
  total: number;
  loads: number;
  budgetMs: number;
  responseBytes: number;
  cases: RenderCase[];
  load: string;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/**
 * Runs in the page before its scripts. `__wantedMark(match)` arms it: the next time the Wanted
 * table's first row is another element than when armed (new rows are new elements), it records when (DOM), then
 * when the frame is painted, together with the responseEnd of the newest /api/v1/wanted fetch
 * whose URL contains `match`.
 */
const RECORDER = `(() => {
  let armed = null;
  window.__wantedResult = null;
  const firstRow = () =>
    document.querySelector('table[aria-label="Wanted items"] tbody tr .wanted-item')?.closest("tr") ?? null;
  window.__wantedMark = (match) => {
    window.__wantedResult = null;
    armed = { match, before: firstRow() };
  };
  new MutationObserver(() => {
    if (!armed) return;
    const row = firstRow();
    if (!row || row === armed.before) return;
    const dom = performance.now();
    const match = armed.match;
    armed = null;
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        const entries = performance
          .getEntriesByType("resource")
          .filter((e) => new URL(e.name).pathname.endsWith("/api/v1/wanted") && e.name.includes(match));
        const last = entries[entries.length - 1];
        window.__wantedResult = {
          dom,
          paint: performance.now(),
          responseEnd: last ? last.responseEnd : Number.NaN,
          url: last ? last.name : "",
        };
      };
      channel.port2.postMessage(null);
    });
  }).observe(document, { childList: true, subtree: true });
})();`;

type Mark = { dom: number; paint: number; responseEnd: number; url: string };

async function waitForMark(page: Page): Promise<Mark> {
  const handle = await page.waitForFunction(
    () => (globalThis as unknown as { __wantedResult: Mark | null }).__wantedResult,
    null,
    { timeout: 30_000, polling: 50 },
  );
  const mark = (await handle.jsonValue()) as Mark;
  if (!Number.isFinite(mark.responseEnd)) throw new Error("no /api/v1/wanted response before the rows");
  if (mark.responseEnd > mark.dom) throw new Error(`rows before their response: ${JSON.stringify(mark)}`);
  return mark;
}

async function measureLoad(
  browser: Browser,
  base: string,
  cookie: string,
): Promise<{ name: string; mark: Mark }[]> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    await context.addCookies([{ name: "subhound_session", value: cookie, url: base }]);
    await context.addInitScript(`${RECORDER}\nwindow.__wantedMark("page=1");`);
    const page = await context.newPage();
    page.on("pageerror", (e) => console.error(`page error: ${e.message}`));
    const marks: { name: string; mark: Mark }[] = [];
    await page.goto(`${base}/wanted`);
    marks.push({ name: "first load of /wanted", mark: await waitForMark(page) });
    await page.waitForLoadState("networkidle");

    const step = async (name: string, match: string, act: () => Promise<void>) => {
      await page.evaluate(
        (m) => (globalThis as unknown as { __wantedMark: (m: string) => void }).__wantedMark(m),
        match,
      );
      await act();
      marks.push({ name, mark: await waitForMark(page) });
      await page.waitForLoadState("networkidle");
    };
    await step("Next page (page 2)", "page=2", () =>
      page.getByRole("button", { name: "Next", exact: true }).click(),
    );
    await step("sort by title (header click)", "sort=title", () =>
      page.getByRole("button", { name: "Item", exact: true }).click(),
    );
    await step("filter: language de (chip click)", "language=de", () =>
      page.getByRole("button", { name: /^de German/ }).click(),
    );
    return marks;
  } finally {
    await context.close();
  }
}

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  tdur?: number;
  args?: { name?: string; data?: { url?: string; requestId?: string } };
}

const SCRIPT_EVENTS = new Set([
  "FunctionCall",
  "TimerFire",
  "RunMicrotasks",
  "EventDispatch",
  "FireAnimationFrame",
]);
const PAINT_EVENTS = new Set(["PrePaint", "Paint", "Layerize", "Commit"]);

/**
 * One first load of /wanted (from /history, so the app's shared code is warm as in a real visit)
 * under a chromium trace: the renderer main thread's CPU time from the end of the list response
 * to the first commit after a layout, by phase. Wall time on a busy machine waits for CPU too;
 * this is the work itself.
 */
async function tracedLoad(browser: Browser, base: string, cookie: string, dir: string): Promise<RenderCpu> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const path = join(dir, "trace.json");
  try {
    await context.addCookies([{ name: "subhound_session", value: cookie, url: base }]);
    const page = await context.newPage();
    await page.goto(`${base}/history`);
    await page.waitForLoadState("networkidle");
    await browser.startTracing(page, {
      path,
      categories: ["devtools.timeline", "disabled-by-default-devtools.timeline"],
    });
    await page.goto(`${base}/wanted`);
    await page.locator('table[aria-label="Wanted items"] tbody tr .wanted-item').first().waitFor();
    await page.waitForTimeout(300);
    await browser.stopTracing();
  } finally {
    await context.close();
  }
  const trace = (await Bun.file(path).json()) as { traceEvents: TraceEvent[] } | TraceEvent[];
  const events = Array.isArray(trace) ? trace : trace.traceEvents;
  const mainThreads = new Set(
    events
      .filter((e) => e.ph === "M" && e.name === "thread_name" && e.args?.name === "CrRendererMain")
      .map((e) => `${e.pid}:${e.tid}`),
  );
  const request = events.find(
    (e) => e.name === "ResourceSendRequest" && /\/api\/v1\/wanted\?/.test(e.args?.data?.url ?? ""),
  )?.args?.data?.requestId;
  const finish = events.find((e) => e.name === "ResourceFinish" && e.args?.data?.requestId === request)?.ts;
  if (finish === undefined) throw new Error("the trace holds no finished /api/v1/wanted request");
  const main = events
    .filter((e) => e.ph === "X" && e.ts >= finish && mainThreads.has(`${e.pid}:${e.tid}`))
    .sort((a, b) => a.ts - b.ts);
  let end = Number.POSITIVE_INFINITY;
  let laidOut = false;
  for (const e of main) {
    if (e.name === "Layout" && (e.dur ?? 0) > 2_000) laidOut = true;
    if (laidOut && e.name === "Commit") {
      end = e.ts + (e.dur ?? 0);
      break;
    }
  }
  const cpu: RenderCpu = {
    wallMs: (end - finish) / 1000,
    cpuMs: 0,
    scriptMs: 0,
    styleMs: 0,
    layoutMs: 0,
    paintMs: 0,
  };
  for (const e of main) {
    if (e.ts > end) break;
    const ms = (e.tdur ?? 0) / 1000;
    if (e.name === "RunTask") cpu.cpuMs += ms;
    else if (SCRIPT_EVENTS.has(e.name)) cpu.scriptMs += ms;
    else if (e.name === "UpdateLayoutTree") cpu.styleMs += ms;
    else if (e.name === "Layout") cpu.layoutMs += ms;
    else if (PAINT_EVENTS.has(e.name)) cpu.paintMs += ms;
  }
  return cpu;
}

export async function runUiWantedRenderBench(
  options: { rows?: number; loads?: number; quiet?: boolean } = {},
): Promise<UiWantedRenderResult> {
  const rows = options.rows ?? 100_000;
  const loads = options.loads ?? 9;
  const log = options.quiet ? () => {} : (s: string) => console.log(s);
  const dataDir = mkdtempSync(join(tmpdir(), "subhound-bench-ui-wanted-"));
  try {
    const seeded = seedWantedDb(join(dataDir, "subhound.db"), rows);
    log(`seeded ${rows} wanted rows over ${seeded.files} files in ${seeded.ms.toFixed(0)} ms`);
    const server = await spawnServer([process.execPath, join(repo, "src/main.ts"), "serve"], {
      cwd: dataDir,
      env: { PATH: process.env.PATH ?? "", SUBHOUND_DATA_DIR: dataDir, SUBHOUND_PORT: "0" },
      deadlineMs: 60_000,
    });
    const base = server.url.replace(/\/$/, "");
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run"],
    });
    try {
      const setup = await fetch(`${base}/api/v1/auth/setup`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ username: "bench", password: "bench password" }),
      });
      if (setup.status !== 200) throw new Error(`setup: ${setup.status} ${await setup.text()}`);
      const cookie = /subhound_session=([^;]+)/.exec(setup.headers.get("set-cookie") ?? "")![1]!;
      const first = await fetch(`${base}/api/v1/wanted?page=1&pageSize=50&sort=added&order=desc`, {
        headers: { Cookie: `subhound_session=${cookie}` },
      });
      const body = await first.text();
      const total = (JSON.parse(body) as { total: number }).total;
      // One load to warm the server's caches and chromium, not counted.
      await measureLoad(browser, base, cookie);
      const byCase = new Map<string, { dom: number[]; paint: number[] }>();
      for (let i = 0; i < loads; i++) {
        for (const { name, mark } of await measureLoad(browser, base, cookie)) {
          const entry = byCase.get(name) ?? { dom: [], paint: [] };
          entry.dom.push(mark.dom - mark.responseEnd);
          entry.paint.push(mark.paint - mark.responseEnd);
          byCase.set(name, entry);
        }
        log(`load ${i + 1}/${loads} done`);
      }
      const cases = [...byCase].map(([name, { dom, paint }]) => ({
        name,
        domMs: dom,
        paintMs: paint,
        medianDomMs: median(dom),
        medianPaintMs: median(paint),
        maxPaintMs: Math.max(...paint),
        met: median(paint) <= BUDGET_MS,
      }));
      const traced: RenderCpu[] = [];
      for (let i = 0; i < TRACED_LOADS; i++) traced.push(await tracedLoad(browser, base, cookie, dataDir));
      const cpu = Object.fromEntries(
        (Object.keys(traced[0]!) as (keyof RenderCpu)[]).map((k) => [k, median(traced.map((t) => t[k]))]),
      ) as unknown as RenderCpu;
      const [one, five, fifteen] = loadavg();
      return {
        rows,
        cpu,
        total,
        loads,
        budgetMs: BUDGET_MS,
        responseBytes: new TextEncoder().encode(body).length,
        cases,
        load: `${one!.toFixed(1)} / ${five!.toFixed(1)} / ${fifteen!.toFixed(1)}`,
      };
    } finally {
      await browser.close();
      await server.stop();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const ms = (x: number) => `${x.toFixed(1)} ms`;
const mark = (met: boolean) => (met ? "✅ met" : "❌ not met");

export function printUiWantedRenderResult(r: UiWantedRenderResult): void {
  console.log(
    `Wanted page render (${r.rows} rows, ${r.total} open, page of 50, ${(r.responseBytes / 1024).toFixed(1)} KB JSON): response end → first row painted, median of ${r.loads} loads; budget ${r.budgetMs} ms; load average ${r.load}`,
  );
  for (const c of r.cases)
    console.log(
      `${c.name.padEnd(36)} painted ${ms(c.medianPaintMs).padStart(9)} (max ${ms(c.maxPaintMs)})  in the DOM ${ms(c.medianDomMs).padStart(9)}  ${c.met ? "met" : "NOT met"}`,
    );
  console.log(`first load, traced (median of ${TRACED_LOADS}): ${cpuText(r.cpu)}`);
}

function cpuText(c: RenderCpu): string {
  return `${ms(c.cpuMs)} of main-thread CPU in ${ms(c.wallMs)} (script ${ms(c.scriptMs)}, style ${ms(c.styleMs)}, layout ${ms(c.layoutMs)}, paint ${ms(c.paintMs)})`;
}

export function uiWantedRenderSection(r: UiWantedRenderResult): string {
  const rows = r.cases
    .map(
      (c) =>
        `| ${c.name} | ${ms(c.medianDomMs)} | ${ms(c.medianPaintMs)} | ${ms(c.maxPaintMs)} | ${mark(c.met)} |`,
    )
    .join("\n");
  return `## Wanted page render (\`bench/ui-wanted-render.ts\`)

Issue #15's budget: the Wanted page shows the first page of a ${r.rows.toLocaleString("en")}-row list within ${r.budgetMs} ms of the data
arriving. The database of \`bench/wanted-list.ts\` (${r.rows.toLocaleString("en")} rows, ${r.total.toLocaleString("en")} of them open) behind a server process
(\`bun src/main.ts serve\`), signed in, in Debian's chromium (headless, 1280×800). The page measures itself:
from the \`responseEnd\` of its \`GET /api/v1/wanted\` (Resource Timing; one page of 50,
${(r.responseBytes / 1024).toFixed(1)} KB of JSON) to the first of those rows in the table (a MutationObserver installed
before the app's scripts) and to the frame holding it painted (\`requestAnimationFrame\`, then a
message). Median of ${r.loads} loads in fresh browser contexts after one warm-up load; each load opens
/wanted, then clicks Next, the "Item" header and the \`de\` chip in turn. Load average at the end: ${r.load}
(2 cores shared with other work).

| case | → in the DOM | → painted (median) | → painted (max) | ≤ ${r.budgetMs} ms |
|---|---:|---:|---:|---|
${rows}

The work itself: ${TRACED_LOADS} more first loads (opened from /history) under a chromium trace, summing the
renderer main thread's CPU time (thread time of the trace events) from the list response's end to
the first frame committed after a layout, median: ${cpuText(r.cpu)}. The rest of the wall
times is waiting: for a CPU on this shared machine, and for the next frame.
`;
}

const MARK_START = "<!-- bench/ui-wanted-render.ts -->";
const MARK_END = "<!-- /bench/ui-wanted-render.ts -->";

/** The section as it sits in BENCHMARKS.md, between markers so that it can be replaced alone. */
export function markedUiWantedRenderSection(r: UiWantedRenderResult): string {
  return `${MARK_START}\n${uiWantedRenderSection(r)}${MARK_END}\n`;
}

if (import.meta.main) {
  const { values } = parseArgs({
    args: Bun.argv.slice(2),
    options: {
      rows: { type: "string", default: "100000" },
      loads: { type: "string", default: "9" },
      write: { type: "boolean", default: false },
    },
  });
  const result = await runUiWantedRenderBench({ rows: Number(values.rows), loads: Number(values.loads) });
  printUiWantedRenderResult(result);
  if (values.write) {
    const section = markedUiWantedRenderSection(result);
    console.log(`updated ${await writeMarkedSection(section, MARK_START, MARK_END)}`);
  }
}
