import { parseArgs } from "node:util";
import type { Config } from "../config/schema.ts";
import { createProber, type ProbeEngineChoice, type ProbeOutcome } from "../media/probe/probe.ts";
import type { SubtitleStream } from "../media/types.ts";

export const PROBE_HELP = `Usage: subhound probe FILE... [--engine auto|native|ffprobe] [--json]

Prints the subtitle streams each video file already contains. auto (default: scan.probeEngine)
reads Matroska/MP4 headers natively and asks ffprobe about anything else.
Exits 1 if any file could not be probed, 2 on a usage error.`;

interface Out {
  stdout(s: string): void;
  stderr(s: string): void;
}

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

export async function runProbeCommand(argv: string[], out: Out, scan: Config["scan"]): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  const parse = () =>
    parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        engine: { type: "string" },
        json: { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
    });
  try {
    parsed = parse();
  } catch (error) {
    out.stderr(`${(error as Error).message}\n\n${PROBE_HELP}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    out.stdout(PROBE_HELP);
    return 0;
  }
  const engine = (values.engine ?? scan.probeEngine) as ProbeEngineChoice;
  if (!ENGINES.includes(engine)) {
    out.stderr(`--engine must be one of ${ENGINES.join(", ")}, got "${values.engine}"`);
    return 2;
  }
  if (positionals.length === 0) {
    out.stderr(PROBE_HELP);
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

  if (values.json) {
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
