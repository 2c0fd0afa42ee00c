/**
 * The web UI's budgets (issue #15): first-load JS+CSS ≤ 300 KB gzip, compiled binary +≤ 8 MB,
 * idle RSS +≤ 10 MiB. Measures, in this order:
 * - what a browser downloads to show the dashboard and the health page (Debian's chromium, the
 *   bytes on the wire: the server sends gzip), and every UI asset together;
 * - the compiled binary for this host with the UI embedded and with an empty UI;
 * - idle RSS of both binaries (empty data dir, one liveness probe), and of the UI binary after a
 *   browser-equivalent first load (index.html and every asset fetched once).
 *   bun bench/ui-budget.ts
 */
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { compile, hostTarget } from "../scripts/compile.ts";
import { buildWebBundle } from "../src/webui/bundle.ts";
import { spawnServer } from "../tests/support/process.ts";
import { writeMarkedSection } from "./benchmarks-file.ts";
import { settleBinary } from "./support/settled-binary.ts";

const KB = 1024;
const MARK_START = "<!-- bench/ui-budget.ts -->";
const MARK_END = "<!-- /bench/ui-budget.ts -->";
const MiB = 1024 * 1024;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function idleRss(binary: string, warmUi: boolean): Promise<number> {
  const dataDir = mkdtempSync(join(tmpdir(), "subhound-ui-bench-"));
  const server = await spawnServer([binary], {
    cwd: dataDir,
    env: { PATH: process.env.PATH ?? "", SUBHOUND_PORT: "0", SUBHOUND_DATA_DIR: dataDir },
  });
  try {
    const rss = async () =>
      Number(/VmRSS:\s+(\d+) kB/.exec(await Bun.file(`/proc/${server.proc.pid}/status`).text())![1]) / 1024;
    await Bun.sleep(2_000);
    await fetch(`${server.url}/api/v1/health`);
    if (warmUi) {
      const html = await (await fetch(`${server.url}/`, { headers: { "Accept-Encoding": "gzip" } })).text();
      for (const [, path] of html.matchAll(/(?:src|href)="([^"]*\/assets\/[^"]+)"/g))
        await (
          await fetch(`${server.url.replace(/\/$/, "")}${path}`, { headers: { "Accept-Encoding": "gzip" } })
        ).arrayBuffer();
    }
    await Bun.sleep(2_000);
    const samples: number[] = [];
    for (let i = 0; i < 5; i++) {
      samples.push(await rss());
      await Bun.sleep(200);
    }
    return median(samples);
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** JS and CSS bytes a browser receives on first opening `path` (signed in), summed from the wire. */
async function firstLoad(binary: string, paths: string[]): Promise<Record<string, number>> {
  const dataDir = mkdtempSync(join(tmpdir(), "subhound-ui-bench-"));
  const server = await spawnServer([binary], {
    cwd: dataDir,
    env: { PATH: process.env.PATH ?? "", SUBHOUND_PORT: "0", SUBHOUND_DATA_DIR: dataDir },
  });
  const base = server.url.replace(/\/$/, "");
  const browser = await chromium.launch({
    executablePath: process.env.SUBHOUND_CHROMIUM ?? "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run"],
  });
  try {
    const setup = await fetch(`${base}/api/v1/auth/setup`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ username: "bench", password: "bench password" }),
    });
    const cookie = /subhound_session=([^;]+)/.exec(setup.headers.get("set-cookie") ?? "")![1]!;
    const out: Record<string, number> = {};
    for (const path of paths) {
      const context = await browser.newContext();
      await context.addCookies([{ name: "subhound_session", value: cookie, url: base }]);
      const page = await context.newPage();
      const sizes: Promise<number>[] = [];
      page.on("response", (response) => {
        if (/\.(js|css)$/.test(new URL(response.url()).pathname))
          sizes.push(response.headerValue("content-length").then(Number));
      });
      await page.goto(`${base}${path}`);
      await page.locator("h1").first().waitFor();
      await page.waitForLoadState("networkidle");
      console.log(`${path}: ${await page.locator("h1").first().textContent()}, ${sizes.length} files`);
      out[path] = (await Promise.all(sizes)).reduce((a, b) => a + b, 0);
      await context.close();
    }
    return out;
  } finally {
    await browser.close();
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const files = await buildWebBundle();
const code = files.filter((f) => /\.(js|css)$/.test(f.path));
const allRaw = code.reduce((n, f) => n + new TextEncoder().encode(f.text).length, 0);
const allGzip = code.reduce((n, f) => n + Bun.gzipSync(f.text, { level: 9 }).length, 0);

const outdir = mkdtempSync(join(tmpdir(), "subhound-ui-bench-bin-"));
try {
  const target = hostTarget();
  const [withUi] = await compile({ targets: [target], outdir: join(outdir, "ui"), smoke: false });
  const [withoutUi] = await compile({
    targets: [target],
    outdir: join(outdir, "none"),
    smoke: false,
    webFiles: [],
  });
  const load = await firstLoad(withUi!, ["/", "/health"]);
  settleBinary(withUi!);
  settleBinary(withoutUi!);
  const idleWithout = await idleRss(withoutUi!, false);
  const idleWith = await idleRss(withUi!, false);
  const idleWarm = await idleRss(withUi!, true);
  const sizeWith = statSync(withUi!).size;
  const sizeWithout = statSync(withoutUi!).size;
  const kb = (n: number) => `${(n / KB).toFixed(1)} KB`;
  const lines = [
    ...Object.entries(load).map(
      ([path, bytes]) =>
        `| first load of \`${path}\`: JS+CSS on the wire (gzip) | ≤ 300 KB | ${kb(bytes)} | ${bytes <= 300 * KB ? "✅ met" : "❌ not met"} |`,
    ),
    `| every UI asset (JS+CSS), ${code.length} files | — | ${kb(allRaw)} raw, ${kb(allGzip)} gzip | |`,
    `| compiled binary: embedded UI files | ≤ +8 MB | +${kb(sizeWith - sizeWithout)} (${(sizeWith / MiB).toFixed(2)} MiB in all) | ${sizeWith - sizeWithout <= 8 * 1000 * 1000 ? "✅ met" : "❌ not met"} |`,
    `| idle RSS: empty UI → UI → after serving the UI once (median of 5) | ≤ +10 MiB | ${idleWithout.toFixed(1)} → ${idleWith.toFixed(1)} → ${idleWarm.toFixed(1)} MiB (+${(idleWarm - idleWithout).toFixed(1)} MiB) | ${idleWarm - idleWithout <= 10 ? "✅ met" : "❌ not met"} |`,
  ];
  const section = `${MARK_START}
## Web UI budgets (\`bench/ui-budget.ts\`)

What a browser (Debian's chromium) downloads to show each page, the compiled binary for this host with
the UI embedded and with an empty UI, and idle RSS of both binaries (empty data dir, one liveness probe).

| budget | limit | measured | |
|---|---|---|---|
${lines.join("\n")}
${MARK_END}
`;
  console.log(section);
  if (process.argv.includes("--write"))
    console.log(`updated ${await writeMarkedSection(section, MARK_START, MARK_END)}`);
} finally {
  rmSync(outdir, { recursive: true, force: true });
}
