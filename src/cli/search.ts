import { redactUrlUserinfo } from "../config/redact.ts";
import { loggerFor } from "../log.ts";
import { buildProviders } from "../providers/index.ts";
import { NO_PROVIDER_ENABLED } from "../providers/registry.ts";
import { stderrIsTTY } from "../stderr.ts";
import type { SearchRunProgress } from "../wanted/search.ts";
import { argsOrExit, type Command, readArgs } from "./command.ts";
import { claimDataDir, refuseBusy, useExistingDataDir } from "./data-dir.ts";
import { loadOrReport } from "./load-config.ts";
import { createProgressLine, type ProgressLine } from "./progress-line.ts";
import { describeRemote, remoteSearch } from "./remote.ts";
import type { Out } from "./scan.ts";

export const SEARCH_HELP = `Usage: subhound search [--id N ...] [--json] [--config PATH]

Searches the enabled subtitle providers for wanted items and saves the best subtitles next to the
videos, as the server's scheduled search does: items that are wanted or not found, whose backoff
has passed, oldest first. --id limits it to these items (repeatable; backoff does not apply).
Prints progress on a terminal, then a summary; exits 1 when an item failed, 2 when no provider is
enabled. While a server owns the data dir, the server runs the search (through its API).`;

export interface SearchArgs {
  ids: number[];
  json: boolean;
  config?: string;
  help: boolean;
  version?: boolean;
}

const SEARCH_OPTIONS = {
  id: { type: "string", multiple: true },
  json: { type: "boolean", default: false },
} as const;

export function parseSearchArgs(argv: string[]): SearchArgs | Error {
  const values = readArgs(argv, SEARCH_OPTIONS);
  if (values instanceof Error) return values;
  const ids = (values.id ?? []).map(Number);
  const bad = (values.id ?? []).filter((_, i) => !Number.isInteger(ids[i]) || ids[i]! < 1);
  if (bad.length) return new Error(`--id takes a wanted item id, got ${bad.join(", ")}`);
  return { ids, json: values.json, config: values.config, help: values.help, version: values.version };
}

export function searchProgressPrinter(
  out: Out,
  progress: ProgressLine,
): ((p: SearchRunProgress) => void) | undefined {
  if (!out.isTTY) return undefined;
  let last = 0;
  return (p) => {
    const now = Date.now();
    if (p.status === "running" && now - last < 100) return;
    last = now;
    if (p.status !== "running") progress.clear();
    else
      progress.draw(
        `${p.done}/${p.total} searched, ${p.found} found, ${p.notFound} not found${p.current ? `: ${p.current}` : ""}`,
      );
  };
}

export function printSearchSummary(out: Out, p: SearchRunProgress, json: boolean): void {
  const summary = {
    runId: p.runId,
    status: p.status,
    total: p.total,
    found: p.found,
    notFound: p.notFound,
    failed: p.failed,
    skipped: p.skipped,
  };
  if (json) out.stdout(JSON.stringify(summary, null, 2));
  else {
    out.stdout(
      `search ${p.status}: ${p.total} item(s), ${p.found} found, ${p.notFound} not found, ${p.failed} failed, ${p.skipped} skipped`,
    );
  }
}

export const searchCommand: Command = async (argv, io) => {
  const args = argsOrExit(io, SEARCH_HELP, parseSearchArgs(argv));
  if (typeof args === "number") return args;
  const progressLine = createProgressLine();
  const loaded = loadOrReport(args.config, io);
  if (!loaded) return 2;
  // The data dir first: run from the wrong folder, the config (and its providers) is not found either.
  if (!useExistingDataDir(loaded, io)) return 2;
  // As the server's search entry points do (searchRefusal): no provider and no Whisper is nothing to search with.
  if (buildProviders(loaded.config.providers).length === 0 && !loaded.config.whisper.enabled) {
    io.stderr(`cannot search: ${NO_PROVIDER_ENABLED}`);
    return 2;
  }
  const out = { ...io, isTTY: stderrIsTTY() && !args.json };
  const progress = searchProgressPrinter(out, progressLine);
  const report = (result: SearchRunProgress) => {
    printSearchSummary(io, result, args.json);
    return result.failed > 0 || result.status !== "succeeded" ? 1 : 0;
  };
  const claim = claimDataDir(loaded, "search", io);
  if (!claim.ok) {
    if (!claim.server) {
      refuseBusy(io, "search", claim.message);
      return 1;
    }
    describeRemote(io, "search", claim.message);
    const remote = await remoteSearch(claim.server, args.ids.length ? { ids: args.ids } : {}, progress);
    if (!remote.ok) {
      io.stderr(`the server did not run the search: ${remote.error}`);
      return 1;
    }
    return report(remote.progress);
  }
  try {
    // Loaded here: a search handed to the running server must not pay for the server's modules.
    const { createRuntime } = await import("../server.ts");
    const runtime = createRuntime(loaded.config, {
      log: loggerFor(loaded.config, (line) => progressLine.above(redactUrlUserinfo(line))),
      onSearchProgress: progress,
    });
    try {
      const run = runtime.deps.searcher.start({
        trigger: "cli",
        scope: args.ids.length ? { ids: args.ids } : {},
      });
      const onSignal = () => runtime.deps.searcher.cancel();
      process.once("SIGINT", onSignal);
      process.once("SIGTERM", onSignal);
      return report(await run.done);
    } finally {
      await runtime.close();
    }
  } finally {
    claim.lock.release();
  }
};
