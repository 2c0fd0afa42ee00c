import { statSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import type { Config } from "../config/schema.ts";
import { createStandaloneSource } from "../library/standalone.ts";
import { isLanguageCode, LANGUAGE_CODE_HINT } from "../media/language-code.ts";
import { createProber } from "../media/probe/probe.ts";
import { createSidecarFinder } from "../media/sidecars.ts";
import { defaultProfile } from "../profiles/profile.ts";
import { decide } from "../wanted/decide.ts";
import type { ScanProgress, ScanSummary } from "../wanted/scanner.ts";
import type { ProgressLine } from "./progress-line.ts";

export const SCAN_HELP = `Usage: subhound scan [--full [--force-removal]] [--path DIR] [--json] [--config PATH]
       subhound scan --path DIR --lang en,de [--forced] [--json]

The first form scans the configured Sonarr/Radarr instances and standalone roots into the
database, as the server's scheduled scan does (--full forces a full scan; --path DIR only the
library's files under DIR, which must be inside a configured root). It prints progress on a
terminal, then a summary; it exits 1 when an instance could not be listed (after the others).
A full scan that no longer sees more than scan.maxRemovalShare of an instance's files keeps them
until the next full scan agrees; --force-removal removes them at once.
While a server owns the data dir, the server runs the scan (through its API) and this shows it.

The second form needs no configuration at all: it walks DIR and lists which videos lack
subtitles in the given languages (--forced also asks for forced subtitles). Nothing is stored.

Exit codes: 0 done, 1 an instance or folder could not be read, 2 usage or configuration error.`;

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

export function parseScanArgs(argv: string[]): ScanArgs | Error {
  try {
    const { values } = parseArgs({
      args: argv,
      options: {
        full: { type: "boolean", default: false },
        "force-removal": { type: "boolean", default: false },
        json: { type: "boolean", default: false },
        path: { type: "string" },
        lang: { type: "string" },
        forced: { type: "boolean", default: false },
        config: { type: "string" },
        help: { type: "boolean", short: "h", default: false },
      },
      strict: true,
    });
    if (values.lang !== undefined && values.path === undefined)
      return new Error("--lang goes with --path DIR");
    if (values["force-removal"] && !values.full) return new Error("--force-removal goes with --full");
    const { "force-removal": forceRemoval, ...rest } = values;
    return { ...rest, forceRemoval } as ScanArgs;
  } catch (e) {
    return e as Error;
  }
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
    removed: s.removed,
    heldBack: s.heldBack,
    unreadable: s.unreadable,
    undecodableNames: s.undecodableNames,
    errors: s.errors,
    warnings: s.warnings,
    durationMs: s.durationMs,
  };
}

export function printSummary(out: Out, s: ScanSummary): void {
  out.stdout(
    [
      `${s.mode} scan finished in ${(s.durationMs / 1000).toFixed(1)} s`,
      `  files seen ${s.filesSeen}, probed ${s.probed}, cache hits ${s.cacheHits}, unreadable ${s.unreadable}, names not UTF-8 ${s.undecodableNames}`,
      `  wanted: added ${s.added}, resolved ${s.resolved}, reopened ${s.reopened}, removed ${s.removed}, removal held back ${s.heldBack}`,
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
