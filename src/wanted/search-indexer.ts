import type { Database } from "bun:sqlite";
import { unlessBusy } from "../db/connection.ts";
import type { Logger } from "../log.ts";
import { indexPendingFiles } from "./store/index.ts";

/** Files indexed per turn of the event loop: ~25 ms of the server's thread. */
const CHUNK = 2000;
/** How long to wait when another connection (the scan's writer) holds the database. */
const BUSY_RETRY_MS = 50;

export interface SearchIndexerDeps {
  sqlite: Database;
  log: Logger;
  chunk?: number;
  /** Runs `task` in a later turn of the event loop, after `ms`. */
  later?: (task: () => void, ms: number) => void;
}

export interface SearchIndexer {
  /** Indexes every file not yet in the full-text index; settles when none is left (or it failed, logged). */
  catchUp(): Promise<void>;
  /** No further chunk runs (before the database closes). */
  stop(): void;
}

/**
 * Brings the full-text index of files up to date after a scan added files (store/search-index.ts):
 * a chunk of files per turn of the event loop, so requests and liveness go on between chunks, and a
 * turn skipped while the scan's writer holds the database. A search matches the files still
 * waiting meanwhile, so nothing is missing from its answers.
 */
export function createSearchIndexer(deps: SearchIndexerDeps): SearchIndexer {
  const { sqlite, log } = deps;
  const chunk = deps.chunk ?? CHUNK;
  // Referenced timers: a process that awaits the indexing (`subhound scan` closing) stays up for it.
  const later = deps.later ?? ((task, ms) => setTimeout(task, ms));
  let running: Promise<void> = Promise.resolve();
  let active = false;
  let stopped = false;

  const run = () =>
    new Promise<void>((resolve) => {
      const started = performance.now();
      let files = 0;
      const finish = () => {
        active = false;
        if (files > 0)
          log.debug("files indexed for search", { files, ms: Math.round(performance.now() - started) });
        resolve();
      };
      const step = () => {
        if (stopped) return finish();
        let more = false;
        try {
          const wrote = unlessBusy(sqlite, () => {
            const result = indexPendingFiles(sqlite, chunk);
            files += result.indexed;
            more = result.more;
          });
          if (!wrote) return later(step, BUSY_RETRY_MS);
        } catch (error) {
          log.warn("files not indexed for search; searches match them without the index", { error });
          return finish();
        }
        if (more) later(step, 0);
        else finish();
      };
      later(step, 0);
    });

  return {
    catchUp() {
      if (stopped) return Promise.resolve();
      if (!active) {
        active = true;
        running = run();
      }
      return running;
    },
    stop() {
      stopped = true;
    },
  };
}
