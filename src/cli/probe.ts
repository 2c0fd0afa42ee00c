import type { Config } from "../config/schema.ts";
import { createProber, type ProbeEngineChoice, type ProbeOutcome } from "../media/probe/probe.ts";
import type { SubtitleStream } from "../media/types.ts";
import { argsOrExit, type Command, type CommandArgs, readArgs } from "./command.ts";
import type { Io } from "./data-dir.ts";
import { loadOrReport } from "./load-config.ts";

export const PROBE_HELP = `Usage: subhound probe FILE... [--engine auto|native|ffprobe] [--json] [--config PATH]

Prints the subtitle streams each video file already contains. auto (default: scan.probeEngine)
reads Matroska/MP4 headers natively and asks ffprobe about anything else.
Exits 1 if any file could not be probed, 2 on a usage error.`;

const ENGINES: readonly ProbeEngineChoice[] = ["auto", "native", "ffprobe"];

function jsonStream(s: SubtitleStream) {
  return {
    index: s.index,
    codec: s.codec,
    language: s.language,
    languageIetf: s.languageIetf,
    title: s.title,
    forced: s.forced,
    hearingImpaired: s.hearingImpaired,
    default: s.default,
    textBased: s.textBased,
  };
}

function describe(s: SubtitleStream): string {
  const language = s.languageIetf ?? s.language ?? "und";
  const flags = [
    s.default && "default",
    s.forced && "forced",
    s.hearingImpaired && "hearing-impaired",
    !s.textBased && "image",
  ].filter(Boolean);
  const title = s.title ? ` "${s.title}"` : "";
  return `  #${s.index} ${s.codec} ${language}${title}${flags.length ? ` [${flags.join(", ")}]` : ""}`;
}

const PROBE_OPTIONS = { engine: { type: "string" }, json: { type: "boolean", default: false } } as const;

function parseProbeArgs(argv: string[], out: Io) {
  return argsOrExit(out, PROBE_HELP, readArgs(argv, PROBE_OPTIONS, { positionals: true }));
}

/** `subhound probe`: the configuration only supplies the probe settings (`scan.*`). */
export const probeCommand: Command = async (argv, io) => {
  const args = parseProbeArgs(argv, io);
  if (typeof args === "number") return args;
  const loaded = loadOrReport(args.config, io);
  return loaded ? probeFiles(args, io, loaded.config.scan) : 2;
};

/** Probes with the given settings; no configuration is read. */
export async function runProbeCommand(argv: string[], out: Io, scan: Config["scan"]): Promise<number> {
  const args = parseProbeArgs(argv, out);
  return typeof args === "number" ? args : probeFiles(args, out, scan);
}

async function probeFiles(
  { engine: engineOption, json, positionals }: CommandArgs<typeof PROBE_OPTIONS>,
  out: Io,
  scan: Config["scan"],
): Promise<number> {
  const engine = (engineOption ?? scan.probeEngine) as ProbeEngineChoice;
  if (!ENGINES.includes(engine)) {
    out.stderr(`--engine must be one of ${ENGINES.join(", ")}, got "${engineOption}"`);
    return 2;
  }
  if (positionals.length === 0) {
    out.stderr(`no FILE given: name at least one video file\n\n${PROBE_HELP}`);
    return 2;
  }

  const prober = createProber({
    engine,
    ffprobePath: scan.ffprobePath,
    concurrency: scan.ffprobeConcurrency,
    timeoutMs: scan.ffprobeTimeoutMs,
  });
  const outcomes: Array<[string, ProbeOutcome]> = await Promise.all(
    positionals.map(async (file) => [file, await prober.probe(file)] as [string, ProbeOutcome]),
  );
  const failed = outcomes.some(([, outcome]) => !outcome.ok);

  if (json) {
    const report = outcomes.map(([file, outcome]) =>
      outcome.ok
        ? { file, engine: outcome.result.engine, streams: outcome.result.streams.map(jsonStream) }
        : { file, error: outcome.error.message, errorKind: outcome.error.kind },
    );
    out.stdout(JSON.stringify(report, null, 2));
    return failed ? 1 : 0;
  }
  for (const [file, outcome] of outcomes) {
    if (!outcome.ok) {
      out.stderr(`${file}: ${outcome.error.kind}: ${outcome.error.message}`);
      continue;
    }
    const { engine: used, streams } = outcome.result;
    const count = streams.length === 1 ? "1 subtitle stream" : `${streams.length} subtitle streams`;
    out.stdout([`${file} (${used}): ${count}`, ...streams.map(describe)].join("\n"));
  }
  return failed ? 1 : 0;
}
