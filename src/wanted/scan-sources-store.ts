import { asc, eq, isNotNull } from "drizzle-orm";
import type { DbHandle } from "../db/client.ts";
import { scanSources } from "../db/schema.ts";

/** Per library source: when its listing last fully succeeded, and its last failure. */
export type SourceListingState = Pick<
  typeof scanSources.$inferSelect,
  "instance" | "source" | "lastSuccessAt" | "lastError" | "lastErrorAt"
>;

/** The store of `scan_sources`. */
export function createScanSourcesStore({ sqlite, db }: Pick<DbHandle, "sqlite" | "db">) {
  // Raw: which columns the upsert keeps depends on two flags (CASE in the conflict clause).
  // An unscoped success ends a failure; a scan of one series says nothing about the others.
  const recordSuccess = sqlite.query<unknown, [string, string, string, number, number]>(
    `INSERT INTO scan_sources (instance, source, last_success_at, last_full_at) VALUES (?1, ?2, ?3, CASE WHEN ?4 THEN ?3 END)
     ON CONFLICT (instance) DO UPDATE SET source = excluded.source, last_success_at = excluded.last_success_at,
        last_full_at = coalesce(excluded.last_full_at, scan_sources.last_full_at),
        last_error = CASE WHEN ?5 THEN NULL ELSE scan_sources.last_error END,
        last_error_at = CASE WHEN ?5 THEN NULL ELSE scan_sources.last_error_at END`,
  );
  return {
    lastSuccessAt: (instance: string) =>
      db
        .select({ at: scanSources.lastSuccessAt })
        .from(scanSources)
        .where(eq(scanSources.instance, instance))
        .get()?.at ?? null,
    recordSuccess(instance: string, source: string, startedAt: string, full: boolean, unscoped: boolean) {
      recordSuccess.run(instance, source, startedAt, full ? 1 : 0, unscoped ? 1 : 0);
    },
    recordError(instance: string, source: string, error: string, at: string) {
      db.insert(scanSources)
        .values({ instance, source, lastError: error, lastErrorAt: at })
        .onConflictDoUpdate({ target: scanSources.instance, set: { lastError: error, lastErrorAt: at } })
        .run();
    },
    /** Sources whose latest listing failed (no unscoped success since the failure). */
    failing(): SourceListingState[] {
      return db
        .select({
          instance: scanSources.instance,
          source: scanSources.source,
          lastSuccessAt: scanSources.lastSuccessAt,
          lastError: scanSources.lastError,
          lastErrorAt: scanSources.lastErrorAt,
        })
        .from(scanSources)
        .where(isNotNull(scanSources.lastError))
        .orderBy(asc(scanSources.instance))
        .all();
    },
  };
}

export type ScanSourcesStore = ReturnType<typeof createScanSourcesStore>;
