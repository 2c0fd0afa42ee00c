/**
 * A scan turns over hundreds of MiB of short-lived records (listings, stored rows, decisions).
 * Left to itself, JavaScriptCore lets its heap, and mimalloc the pages under it, grow well past
 * what is live: 20–25 MiB of a 50,000-file re-scan's peak RSS. A pacer asks for a collection at
 * most every `everyMs` while such work reports progress. By default it collects concurrently
 * (`Bun.gc(false)`), so a server's event loop is not held; `full` runs a whole collection at once,
 * for a process that answers nobody meanwhile (the CLI: another ~20 MiB off the peak, same time).
 */
export function createGcPacer(
  options: { everyMs?: number; full?: boolean; now?: () => number; collect?: () => void } = {},
): () => void {
  const everyMs = options.everyMs ?? 100;
  const now = options.now ?? (() => performance.now());
  const full = options.full ?? false;
  const collect = options.collect ?? (() => Bun.gc(full));
  let last = now();
  return () => {
    const t = now();
    if (t - last < everyMs) return;
    last = t;
    collect();
  };
}
