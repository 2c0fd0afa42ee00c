import { resolve } from "node:path";
import { parseArgs } from "node:util";
import type { Config } from "../config/schema.ts";
import { createStandaloneSource } from "../library/standalone.ts";
import { canonicalLanguage } from "../media/languages.ts";
import { createProber } from "../media/probe/probe.ts";
import { createSidecarFinder } from "../media/sidecars.ts";
import { decide } from "../wanted/decide.ts";
import { defaultProfile } from "../wanted/profile.ts";
import type { ScanProgress, ScanSummary } from "../wanted/scanner.ts";

export const SCAN_HELP = `Usage: subhound scan [--full [--force-removal]] [--json] [--config PATH]
       subhound scan --path DIR --lang en,de [--forced] [--json]

The first form scans the configured Sonarr/Radarr instances and standalone roots into the
database, as the server's scheduled scan does (--full forces a full scan). It prints progress on
a terminal, then a summary; it exits 1 when an instance could not be listed (after the others).
A full scan that no longer sees more than scan.maxRemovalShare of an instance's files keeps them
until the next full scan agrees; --force-removal removes them at once.

The second form needs no configuration at all: it walks DIR and lists which videos lack
subtitles in the given languages (--forced also asks for forced subtitles). Nothing is stored.`;

export interface Out {
  stdout(s: string): void;
  stderr(s: string): void;
  isTTY?: boolean;
}

export interface ScanArgs {
  full: boolean;
  forceRemoval: boolean;
  json: boolean;
  path?: string;
  lang?: string;
  forced: boolean;
  config?: string;
  help: boolean;
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
    if (values.path !== undefined && values.lang === undefined)
      return new Error("--path needs --lang, e.g. --lang en,de");
    if (values.lang !== undefined && values.path === undefined)
      return new Error("--lang goes with --path DIR");
    if (values["force-removal"] && !values.full) return new Error("--force-removal goes with --full");
    const { "force-removal": forceRemoval, ...rest } = values;
    return { ...rest, forceRemoval } as ScanArgs;
  } catch (e) {
    return e as Error;
  }
}

function bar(p: ScanProgress): string {
  const width = 24;
  const filled = p.total > 0 ? Math.round((p.done / p.total) * width) : 0;
  const current = p.current ? ` ${p.current.slice(0, 40)}` : "";
  return `\r[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${p.done}/${p.total} ${p.phase}${current}`.padEnd(
    100,
  );
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

export function progressPrinter(out: Out): ((p: ScanProgress) => void) | undefined {
  if (!out.isTTY) return undefined;
  let last = 0;
  return (p) => {
    const now = Date.now();
    if (p.status === "running" && now - last < 100) return;
    last = now;
    process.stderr.write(p.status === "running" ? bar(p) : `\r${" ".repeat(100)}\r`);
  };
}

/** `scan --path DIR --lang …`: a first taste that needs no config and stores nothing. */
export async function scanPath(args: ScanArgs, out: Out, scanConfig: Config["scan"]): Promise<number> {
  const languages = args
    .lang!.split(",")
    .map((l) => l.trim())
    .filter(Boolean);
  const bad = languages.filter((l) => canonicalLanguage(l) === null);
  if (bad.length) {
    out.stderr(`unknown language ${bad.join(", ")}: use codes like en, de, pt-BR`);
    return 2;
  }
  const root = resolve(args.path!);
  const listing = await createStandaloneSource({ roots: [root] }).listAllFiles();
  if (!listing.ok) {
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
  for (const file of files) {
    const probed = await prober.probe(file.path);
    if (!probed.ok) problems.push({ path: file.path, error: probed.error.message });
    const streams = probed.ok ? probed.result.streams : [];
    for (const d of decide(profile, finder.find(file.path), streams)) {
      if (d.satisfied)
        satisfied.push({ path: file.path, language: d.language, variant: d.variant, by: d.by! });
      else wanted.push({ path: file.path, language: d.language, variant: d.variant });
    }
  }
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
