import type { Database } from "bun:sqlite";

// A Blob worker needs no entrypoint of its own in scripts/compile.ts: its only import is built in.
const WORKER_SOURCE = `import { Database } from "bun:sqlite";
self.onmessage = (event) => {
  let reply;
  try {
    const db = new Database(event.data, { readonly: true });
    try {
      db.run("PRAGMA busy_timeout = 5000");
      reply = { ok: true, lines: db.query("PRAGMA integrity_check").all().map((r) => r.integrity_check) };
    } finally {
      db.close();
    }
  } catch (error) {
    reply = { ok: false, error: String(error?.message ?? error) };
  }
  self.postMessage(reply);
};`;

type Reply = { ok: true; lines: string[] } | { ok: false; error: string };

let workerUrl: string | undefined;

/**
 * `PRAGMA integrity_check` of the database file, `; `-joined ("ok" when sound), on a read-only
 * connection in a Worker of its own: the check reads every page, seconds on a large library, and
 * the server's connection would hold the event loop meanwhile. `:memory:` (tests) has no file to
 * open elsewhere and is checked in place.
 */
export function checkIntegrity(sqlite: Database, path: string, signal: AbortSignal): Promise<string> {
  if (path === ":memory:")
    return Promise.resolve(
      sqlite
        .query<{ integrity_check: string }, []>("PRAGMA integrity_check")
        .all()
        .map((r) => r.integrity_check)
        .join("; "),
    );
  workerUrl ??= URL.createObjectURL(new Blob([WORKER_SOURCE], { type: "application/javascript" }));
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerUrl!, { smol: true });
    const finish = (outcome: () => void) => {
      signal.removeEventListener("abort", cancel);
      worker.terminate();
      outcome();
    };
    const cancel = () => finish(() => reject(new Error("maintenance cancelled")));
    worker.onmessage = (event: MessageEvent<Reply>) => {
      const reply = event.data;
      finish(() =>
        reply.ok
          ? resolve(reply.lines.join("; "))
          : reject(new Error(`the integrity check could not run: ${reply.error}`)),
      );
    };
    worker.onerror = (event) => {
      event.preventDefault();
      finish(() => reject(new Error(`the integrity check worker failed: ${event.message}`)));
    };
    if (signal.aborted) return cancel();
    signal.addEventListener("abort", cancel, { once: true });
    worker.postMessage(path);
  });
}
