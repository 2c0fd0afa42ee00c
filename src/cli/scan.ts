import { statSync } from "node:fs";
import { resolve } from "node:path";
import { redactUrlUserinfo } from "../config/redact.ts";
import { type Config, configSchema } from "../config/schema.ts";
import { createStandaloneSource } from "../library/standalone.ts";
import { loggerFor } from "../log.ts";
import { isLanguageCode, LANGUAGE_CODE_HINT } from "../media/language-code.ts";
import { createProber } from "../media/probe/probe.ts";
import { createSidecarFinder } from "../media/sidecars.ts";
import { defaultProfile } from "../profiles/profile.ts";
import { stderrIsTTY } from "../stderr.ts";
import { decide } from "../wanted/decide.ts";
import { SCAN_PHASES } from "../wanted/scan-phases.ts";
import type { ScanProgress, ScanSummary } from "../wanted/scanner.ts";
import { argsOrExit, type Command, readArgs } from "./command.ts";
import { claimDataDir, type Io, refuseBusy, useExistingDataDir } from "./data-dir.ts";
import { loadOrReport } from "./load-config.ts";
import { createProgressLine, type ProgressLine } from "./progress-line.ts";
import { describeRemote, remoteScan } from "./remote.ts";

export const SCAN_HELP = `Usage: subhound scan [--full [--force-removal]] [--path DIR] [--json] [--config PATH]
       subhound scan --path DIR --lang en,de [--forced] [--json]

The first form scans the configured Sonarr/Radarr instances and standalone roots into the
database, as the server's scheduled scan does (--full forces a full scan; --path DIR only the
library's files under DIR, which must be inside a configured root). It prints progress on a
terminal, then a summary; it exits 1 when an instance could not be listed (after the others) or
a file could not be read.
A full scan that no longer sees more than scan.maxRemovalShare of an instance's files keeps them
until the next full scan agrees; --force-removal removes them at once.
While a server owns the data dir, the server runs the scan (through its API) and this shows it.

The second form needs no configuration at all: it walks DIR and lists which videos lack
subtitles in the given languages (--forced also asks for forced subtitles). Nothing is stored.

Exit codes: 0 done, 1 an instance, folder or file could not be read (first form), 2 usage or
configuration error.`;

export const NO_LIBRARY_SOURCE =
  "no library source is configured: add a Sonarr or Radarr instance or a standalone folder (Settings → Library sources, or [[sonarr]], [[radarr]] or standalone.roots in config.toml)";

export interface Out {
  stdout(s: string): void;
  stderr(s: string): void;
  isTTY?: boolean;
}

export interface ScanArgs {
  full: boolean;
  forceRemoval?: boolean;
  json: boolean;
  path?: string;
  lang?: string;
  forced: boolean;
  config?: string;
  help: boolean;
  version?: boolean;
}

/** A folder `scan --path` can use: it exists, and for a configured scan it lies inside the library. */
export function checkScanFolder(
  path: string,
  config?: Config,
): { ok: true; path: string } | { ok: false; error: string } {
  const dir = resolve(path);
  const kind = statSync(dir, { throwIfNoEntry: false });
  if (!kind) return { ok: false, error: `--path ${dir}: no such folder` };
  if (!kind.isDirectory()) return { ok: false, error: `--path ${dir}: not a folder` };
  if (!config) return { ok: true, path: dir };
  const arr = [...config.sonarr, ...config.radarr].filter((i) => i.enabled);
  if (arr.length === 0 && config.standalone.roots.length === 0)
    return {
      ok: false,
      error: "--path: no library is configured (add standalone.roots or a [[sonarr]]/[[radarr]])",
    };
  // The local roots of an arr instance are known only through its path mappings; without them, the scan itself tells.
  const mapped = (i: (typeof arr)[number]) => i.pathMappings.length > 0 || config.pathMappings.length > 0;
  if (!arr.every(mapped)) return { ok: true, path: dir };
  const roots = [
    ...config.standalone.roots,
    ...config.pathMappings.map((m) => m.to),
    ...arr.flatMap((i) => i.pathMappings.map((m) => m.to)),
  ].map((r) => resolve(r));
  if (
    roots.some(
      (root) => dir === root || dir.startsWith(`${root.replace(/\/+$/, "")}/`) || root.startsWith(`${dir}/`),
    )
  )
    return { ok: true, path: dir };
  return { ok: false, error: `--path ${dir} is outside the configured library roots (${roots.join(", ")})` };
}

const SCAN_OPTIONS = {
  full: { type: "boolean", default: false },
  "force-removal": { type: "boolean", default: false },
  json: { type: "boolean", default: false },
  path: { type: "string" },
  lang: { type: "string" },
  forced: { type: "boolean", default: false },
} as const;

export function parseScanArgs(argv: string[]): ScanArgs | Error {
  const values = readArgs(argv, SCAN_OPTIONS);
  if (values instanceof Error) return values;
  if (values.lang !== undefined && values.path === undefined) return new Error("--lang goes with --path DIR");
  if (values.lang !== undefined && values.full)
    return new Error(
      "--full scans the configured library; --path DIR --lang stores nothing and takes no --full",
    );
  if (values["force-removal"] && !values.full) return new Error("--force-removal goes with --full");
  const { "force-removal": forceRemoval, positionals: _positionals, ...rest } = values;
  return { ...rest, forceRemoval };
}

function bar(done: number, total: number, label: string): string {
  const width = 24;
  const filled = total > 0 ? Math.round((done / total) * width) : 0;
  return `[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${done}/${total} ${label}`;
}

/** The summary object of `--json`, with the documented keys. */
export function summaryJson(s: ScanSummary) {
  return {
    mode: s.mode,
    filesSeen: s.filesSeen,
    probed: s.probed,
    cacheHits: s.cacheHits,
    added: s.added,
    resolved: s.resolved,
    reopened: s.reopened,
    removed: s.removed,
    heldBack: s.heldBack,
    unchangedSeries: s.unchangedSeries,
    unreadable: s.unreadable,
    undecodableNames: s.undecodableNames,
    errors: s.errors,
    warnings: s.warnings,
    durationMs: s.durationMs,
    phases: s.phases,
  };
}

export function printSummary(out: Out, s: ScanSummary): void {
  out.stdout(
    [
      `${s.mode} scan finished in ${(s.durationMs / 1000).toFixed(1)} s`,
      `  files seen ${s.filesSeen}, probed ${s.probed}, cache hits ${s.cacheHits}, unreadable ${s.unreadable}, names not UTF-8 ${s.undecodableNames}`,
      ...(s.unchangedSeries > 0
        ? [`  series unchanged since the last scan (no episode looked at): ${s.unchangedSeries}`]
        : []),
      `  wanted: added ${s.added}, resolved ${s.resolved}, reopened ${s.reopened}, removed ${s.removed}, removal held back ${s.heldBack}`,
      `  time: ${SCAN_PHASES.map((p) => `${p} ${(s.phases[p].ms / 1000).toFixed(2)} s (${s.phases[p].count})`).join(", ")}`,
      ...Object.entries(s.errors).map(([instance, error]) => `  error in ${instance}: ${error}`),
      ...Object.entries(s.warnings).map(([instance, warning]) => `  warning in ${instance}: ${warning}`),
    ].join("\n"),
  );
}

export function progressPrinter(out: Out, line: ProgressLine): ((p: ScanProgress) => void) | undefined {
  if (!out.isTTY) return undefined;
  let last = 0;
  return (p) => {
    const now = Date.now();
    if (p.status === "running" && now - last < 100) return;
    last = now;
    if (p.status !== "running") line.clear();
    else line.draw(bar(p.done, p.total, `${p.phase}${p.current ? ` ${p.current}` : ""}`));
  };
}

/** `scan --path DIR --lang …`: a first taste that needs no config and stores nothing. */
export async function scanPath(
  args: ScanArgs,
  out: Out,
  scanConfig: Config["scan"],
  line?: ProgressLine,
): Promise<number> {
  const languages = args
    .lang!.split(",")
    .map((l) => l.trim())
    .filter(Boolean);
  const bad = languages.filter((l) => !isLanguageCode(l));
  if (bad.length) {
    out.stderr(`--lang: unknown language ${bad.join(", ")}: ${LANGUAGE_CODE_HINT}`);
    return 2;
  }
  const folder = checkScanFolder(args.path!);
  if (!folder.ok) {
    out.stderr(folder.error);
    return 2;
  }
  const root = folder.path;
  const show = out.isTTY && line ? line : undefined;
  show?.draw(`listing ${root}`);
  const listing = await createStandaloneSource({ roots: [root] }).listAllFiles();
  if (!listing.ok) {
    show?.clear();
    out.stderr(`cannot scan ${root}: ${listing.error}`);
    return 1;
  }
  const profile = defaultProfile({
    languages,
    profile: {
      forced: args.forced ? "separate" : "off",
      hearingImpaired: "include",
      embedded: "text",
      formats: ["ass", "srt"],
      upgradeSrtToAss: false,
      translate: false,
      whisper: false,
      syncAfterDownload: false,
      fixes: [],
    },
  });
  const prober = createProber({
    engine: scanConfig.probeEngine,
    ffprobePath: scanConfig.ffprobePath,
    concurrency: scanConfig.ffprobeConcurrency,
    timeoutMs: scanConfig.ffprobeTimeoutMs,
  });
  const finder = createSidecarFinder();
  const wanted: { path: string; language: string; variant: string }[] = [];
  const satisfied: { path: string; language: string; variant: string; by: string }[] = [];
  const problems: { path: string; error: string }[] = [];
  const files = [...listing.items].sort((a, b) => a.path.localeCompare(b.path));
  let last = 0;
  for (const [index, file] of files.entries()) {
    if (show && Date.now() - last >= 100) {
      last = Date.now();
      show.draw(bar(index, files.length, `files ${file.path.slice(root.length + 1)}`));
    }
    const probed = await prober.probe(file.path);
    if (!probed.ok) problems.push({ path: file.path, error: probed.error.message });
    const streams = probed.ok ? probed.result.streams : [];
    for (const d of decide(profile, finder.find(file.path), streams)) {
      if (d.satisfied)
        satisfied.push({ path: file.path, language: d.language, variant: d.variant, by: d.by! });
      else wanted.push({ path: file.path, language: d.language, variant: d.variant });
    }
  }
  show?.clear();
  if (args.json) {
    out.stdout(
      JSON.stringify(
        { files: files.length, wanted, satisfied, ...(problems.length ? { problems } : {}) },
        null,
        2,
      ),
    );
  } else {
    out.stdout(`${files.length} video file(s) under ${root}; ${wanted.length} subtitle(s) missing:`);
    for (const w of wanted)
      out.stdout(`  ${w.path}  [${w.language}${w.variant === "forced" ? ", forced" : ""}]`);
    for (const p of problems) out.stderr(`  could not read streams of ${p.path}: ${p.error}`);
  }
  return 0;
}

export const scanCommand: Command = async (argv, io) => {
  const args = argsOrExit(io, SCAN_HELP, parseScanArgs(argv));
  if (typeof args === "number") return args;
  const progressLine = createProgressLine();
  const out = { ...io, isTTY: stderrIsTTY() && !args.json };
  if (args.path !== undefined && args.lang !== undefined) {
    // The first-taste form works without any config file; defaults fill in the probe settings.
    const loaded = args.config
      ? loadOrReport(args.config, io)
      : { config: configSchema.parse({}), configFile: undefined, dataDirSource: "" };
    return loaded ? scanPath(args, out, loaded.config.scan, progressLine) : 2;
  }
  const loaded = loadOrReport(args.config, io);
  if (!loaded) return 2;
  let scopePath: string | undefined;
  if (args.path !== undefined) {
    const folder = checkScanFolder(args.path, loaded.config);
    if (!folder.ok) {
      io.stderr(folder.error);
      return 2;
    }
    scopePath = folder.path;
  }
  if (!useExistingDataDir(loaded, io)) return 2;
  const progress = progressPrinter(out, progressLine);
  const report = (result: ScanProgress) => reportScan(io, result, args.json, scopePath);
  const claim = claimDataDir(loaded, "scan", io);
  if (!claim.ok) {
    if (!claim.server) {
      refuseBusy(io, "scan", claim.message);
      return 1;
    }
    // The server owns the database: it runs the scan, this command shows it.
    describeRemote(io, "scan", claim.message);
    const remote = await remoteScan(
      claim.server,
      {
        ...(args.full ? { full: true } : {}),
        ...(args.forceRemoval ? { forceRemoval: true } : {}),
        ...(scopePath ? { path: scopePath } : {}),
      },
      progress,
    );
    if (!remote.ok) {
      // The server has no library source either: a configuration matter, as in a scan run here.
      if (remote.error.includes("no library source is configured")) {
        io.stderr(`cannot scan: ${NO_LIBRARY_SOURCE}`);
        return 2;
      }
      io.stderr(`the server did not run the scan: ${remote.error}`);
      return 1;
    }
    return report(remote.progress);
  }
  try {
    // As the server's POST /wanted/scan refuses: a scan of nothing would report "0 files" as a success.
    const { sonarr, radarr, standalone } = loaded.config;
    if (![...sonarr, ...radarr].some((i) => i.enabled) && standalone.roots.length === 0) {
      io.stderr(`cannot scan: ${NO_LIBRARY_SOURCE}`);
      return 2;
    }
    // Loaded here: a scan handed to the running server must not pay for opening the database.
    const { createScanRuntime } = await import("./scan-runtime.ts");
    const log = loggerFor(loaded.config, (line) => progressLine.above(redactUrlUserinfo(line)));
    const runtime = createScanRuntime(loaded.config, { log, onScanProgress: progress });
    try {
      const started = runtime.scanner.start({
        mode: args.full ? "full" : "auto",
        trigger: "cli",
        forceRemoval: args.forceRemoval,
        ...(scopePath ? { scope: { path: scopePath } } : {}),
      });
      if (!started.ok) {
        io.stderr(`scan ${started.runningScanId} is already running`);
        return 1;
      }
      const onSignal = () => runtime.cancel();
      process.once("SIGINT", onSignal);
      process.once("SIGTERM", onSignal);
      const result = await started.done;
      if (result.status === "succeeded") await runtime.extractAfter(result.scanId);
      return report(result);
    } finally {
      await runtime.close();
    }
  } finally {
    claim.lock.release();
  }
};

/** Prints a finished scan (run here or by the server) and chooses the exit code. */
function reportScan(io: Io, result: ScanProgress, json: boolean, scopePath: string | undefined): number {
  if (!result.summary) {
    io.stderr(`scan ${result.status}: ${JSON.stringify(result.errors)}`);
    return 1;
  }
  if (json) io.stdout(JSON.stringify(summaryJson(result.summary), null, 2));
  else printSummary(io, result.summary);
  if (scopePath && result.summary.filesSeen === 0 && result.status === "succeeded") {
    io.stderr(`--path ${scopePath}: no file of the configured library is under it`);
    return 2;
  }
  return Object.keys(result.summary.errors).length > 0 || result.status !== "succeeded" ? 1 : 0;
}
