/**
 * A scan turns over hundreds of MiB of short-lived records (listings, stored rows, decisions).
 * Left to itself, JavaScriptCore lets its heap, and the pages under it, grow well past what is
 * live. A pacer asks for a collection at most every `everyMs` while such work reports progress:
 * concurrent by default (`Bun.gc(false)`: the event loop is not held), or a whole one at once
 * (`full`) for a process nobody waits on meanwhile (the CLI).
 */
export interface GcPace {
  everyMs: number;
  full?: boolean;
}

export interface GcPacerDeps {
  now?: () => number;
  collect?: (full: boolean) => void;
}

export function createGcPacer(pace: GcPace, deps: GcPacerDeps = {}): () => void {
  const now = deps.now ?? (() => performance.now());
  const collect = deps.collect ?? ((full: boolean) => Bun.gc(full));
  const full = pace.full ?? false;
  let last = now();
  return () => {
    const t = now();
    if (t - last < pace.everyMs) return;
    last = t;
    collect(full);
  };
}

/**
 * The pace by kind of scan. An incremental scan mostly reads and compares, so nearly all it holds
 * is garbage and a concurrent collection is cheap: every 25 ms took a 50,000-file re-scan's peak
 * from 130–138 to 107–113 MiB in the server (every 100 ms before) and from 111–116 to 95–96 MiB in
 * the CLI (a whole collection every 250 ms before), same time. A full scan probes and writes and
 * holds more live data: there every 25 ms cost 7% of a 10,000-file first scan's time, and in the
 * CLI a whole collection every 250 ms peaks ~10 MiB lower than concurrent ones, so `fullScans` is
 * the caller's: 100 ms concurrent in the server, 250 ms whole in the CLI.
 */
export function createScanGcPacer(fullScans: GcPace, deps: GcPacerDeps = {}): (fullScan: boolean) => void {
  const incremental = createGcPacer({ everyMs: 25 }, deps);
  const full = createGcPacer(fullScans, deps);
  return (fullScan) => (fullScan ? full : incremental)();
}

export interface ScanEndDeps {
  collect?: () => void;
  /** Runs `task` in a later turn of the event loop. */
  later?: (task: () => void) => void;
}

/**
 * The collection after a large scan: one whole collection (~20 MiB at 50,000 files), so an idle
 * server does not keep the scan's high water; a scan of fewer than 1,000 files leaves too little
 * to bother. It runs in a later turn of the event loop: it holds the thread (~40 ms after a
 * first scan of 2,000 files), and the scan's end (its last event, the callers waiting on it, a
 * status poll) came after it when it ran as the scan reported its end.
 */
export function createScanEndCollector(deps: ScanEndDeps = {}): (filesSeen: number) => void {
  const collect = deps.collect ?? (() => Bun.gc(true));
  const later = deps.later ?? ((task) => setTimeout(task, 0).unref());
  return (filesSeen) => {
    if (filesSeen >= 1000) later(collect);
  };
}
