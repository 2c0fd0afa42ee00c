import type { Database } from "bun:sqlite";

/** Per library source: when its listing last fully succeeded, and its last failure. */
export interface SourceListingState {
  instance: string;
  source: string;
  lastSuccessAt: string | null;
  lastError: string | null;
  lastErrorAt: string | null;
}

export function createScanSourcesStore(sqlite: Database) {
  const selectOne = sqlite.query<{ lastSuccessAt: string | null }, [string]>(
    "SELECT last_success_at AS lastSuccessAt FROM scan_sources WHERE instance = ?",
  );
  const selectAll = sqlite.query<SourceListingState, []>(
    `SELECT instance, source, last_success_at AS lastSuccessAt, last_error AS lastError,
        last_error_at AS lastErrorAt FROM scan_sources ORDER BY instance`,
  );
  // An unscoped success ends a failure; a scan of one series says nothing about the others.
  const recordSuccess = sqlite.query<unknown, [string, string, string, number, number]>(
    `INSERT INTO scan_sources (instance, source, last_success_at, last_full_at) VALUES (?1, ?2, ?3, CASE WHEN ?4 THEN ?3 END)
     ON CONFLICT (instance) DO UPDATE SET source = excluded.source, last_success_at = excluded.last_success_at,
        last_full_at = coalesce(excluded.last_full_at, scan_sources.last_full_at),
        last_error = CASE WHEN ?5 THEN NULL ELSE scan_sources.last_error END,
        last_error_at = CASE WHEN ?5 THEN NULL ELSE scan_sources.last_error_at END`,
  );
  const recordError = sqlite.query<unknown, [string, string, string, string]>(
    `INSERT INTO scan_sources (instance, source, last_error, last_error_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (instance) DO UPDATE SET last_error = excluded.last_error, last_error_at = excluded.last_error_at`,
  );
  return {
    lastSuccessAt: (instance: string) => selectOne.get(instance)?.lastSuccessAt ?? null,
    recordSuccess(instance: string, source: string, startedAt: string, full: boolean, unscoped: boolean) {
      recordSuccess.run(instance, source, startedAt, full ? 1 : 0, unscoped ? 1 : 0);
    },
    recordError(instance: string, source: string, error: string, at: string) {
      recordError.run(instance, source, error, at);
    },
    /** Sources whose latest listing failed (no unscoped success since the failure). */
    failing(): SourceListingState[] {
      return selectAll.all().filter((s) => s.lastError !== null);
    },
  };
}

export type ScanSourcesStore = ReturnType<typeof createScanSourcesStore>;
