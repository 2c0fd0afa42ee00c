import { parseArgs } from "node:util";
import type { SearchRunProgress } from "../wanted/search.ts";
import type { ProgressLine } from "./progress-line.ts";
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
}

export function parseSearchArgs(argv: string[]): SearchArgs | Error {
  try {
    const { values } = parseArgs({
      args: argv,
      options: {
        id: { type: "string", multiple: true },
        json: { type: "boolean", default: false },
        config: { type: "string" },
        help: { type: "boolean", short: "h", default: false },
      },
      strict: true,
    });
    const ids = (values.id ?? []).map(Number);
    const bad = (values.id ?? []).filter((_, i) => !Number.isInteger(ids[i]) || ids[i]! < 1);
    if (bad.length) return new Error(`--id takes a wanted item id, got ${bad.join(", ")}`);
    return { ids, json: values.json ?? false, config: values.config, help: values.help ?? false };
  } catch (e) {
    return e as Error;
  }
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
