/**
 * A scan turns over hundreds of MiB of short-lived records (listings, stored rows, decisions).
 * Left to itself, JavaScriptCore lets its heap, and mimalloc the pages under it, grow well past
 * what is live: 20–25 MiB of a 50,000-file re-scan's peak RSS. A pacer asks for a collection at
 * most every `everyMs` while such work reports progress; `Bun.gc(false)` collects concurrently and
 * lets mimalloc hand free pages back, so the event loop is not held.
 */
export function createGcPacer(
  options: { everyMs?: number; now?: () => number; collect?: () => void } = {},
): () => void {
  const everyMs = options.everyMs ?? 200;
  const now = options.now ?? (() => performance.now());
  const collect = options.collect ?? (() => Bun.gc(false));
  let last = now();
  return () => {
    const t = now();
    if (t - last < everyMs) return;
    last = t;
    collect();
  };
}
