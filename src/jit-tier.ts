import { noFTL } from "bun:jsc";

/**
 * Keeps functions out of JavaScriptCore's top tier, FTL (they still reach the DFG tier). Meant for
 * small functions that run hot in one short burst: the native probe's byte-level readers during a
 * first scan. There an FTL compile costs more CPU than its faster code wins back, and on a 2-core
 * machine the compiler threads take that CPU from the scan itself. First scans of a fresh server,
 * side by side (6 rounds each): 2,000 files 431–470 ms with, 454–496 ms without (compiler threads'
 * CPU during the scan 167–185 against 195–218 ms); 10,000 files 1.68–2.01 against 1.73–1.86 s.
 * Then also the readers' per-file visitor closures, the language memo and the sidecar finder's
 * `find` (7 rounds each, 2,000 files): compiler threads 140–180 against 180–220 ms, median scan
 * 537 against 553 ms; 10,000 files 1.75–1.88 against 1.76–1.90 s.
 */
export function keepFromFtl(...functions: ReadonlyArray<(...args: never[]) => unknown>): void {
  for (const fn of functions) noFTL(fn as (...args: unknown[]) => unknown);
}

/** keepFromFtl for one closure made per call on a hot path: no argument array for each. */
export function keepClosureFromFtl(fn: (...args: never[]) => unknown): void {
  noFTL(fn as (...args: unknown[]) => unknown);
}
