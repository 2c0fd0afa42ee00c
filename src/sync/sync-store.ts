import { and, count, desc, eq } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { subtitleSyncs } from "../db/schema.ts";

/** Every query on `subtitle_syncs`: one row per sync of a saved subtitle, its progress and outcome. */

type SyncRow = typeof subtitleSyncs.$inferSelect;

function syncRecord(r: SyncRow) {
  return {
    id: r.id,
    historyId: r.historyId,
    path: r.path,
    method: r.method as "audio" | "reference" | "fixes",
    reference: JSON.parse(r.referenceJson) as Record<string, unknown>,
    status: r.status as "running" | "succeeded" | "failed" | "cancelled" | "interrupted",
    phase: r.phase,
    outcome: r.outcome as "synced" | "fixed" | "unchanged" | null,
    reason: r.reason,
    offsetMs: r.offsetMs,
    ratio: r.ratio,
    ratioLabel: r.ratioLabel,
    confidence: r.confidence,
    originalSha256: r.originalSha256,
    resultHistoryId: r.resultHistoryId,
    restoredHistoryId: r.restoredHistoryId,
    startedAt: r.startedAt,
    finishedAt: r.finishedAt,
    restoredAt: r.restoredAt,
  };
}
export type SyncRecord = ReturnType<typeof syncRecord>;

export function insertSync(
  db: Db,
  s: { historyId: number; path: string; method: string; reference: unknown; startedAt: string },
): SyncRecord {
  const { reference, ...columns } = s;
  return syncRecord(
    db
      .insert(subtitleSyncs)
      .values({ ...columns, referenceJson: JSON.stringify(reference), status: "running", phase: "queued" })
      .returning()
      .get(),
  );
}

const isRunning = eq(subtitleSyncs.status, "running");

export function setSyncPhase(db: Db, id: number, phase: string): void {
  db.update(subtitleSyncs)
    .set({ phase })
    .where(and(eq(subtitleSyncs.id, id), isRunning))
    .run();
}

export interface SyncFinish {
  status: "succeeded" | "failed" | "cancelled";
  outcome: "synced" | "fixed" | "unchanged" | null;
  reason: string | null;
  offsetMs?: number | null;
  ratio?: number | null;
  ratioLabel?: string | null;
  confidence?: number | null;
  originalSha256?: string | null;
  resultHistoryId?: number | null;
  finishedAt: string;
}

export function finishSync(db: Db, id: number, f: SyncFinish): void {
  db.update(subtitleSyncs)
    .set({
      status: f.status,
      phase: null,
      outcome: f.outcome,
      reason: f.reason,
      offsetMs: f.offsetMs ?? null,
      ratio: f.ratio ?? null,
      ratioLabel: f.ratioLabel ?? null,
      confidence: f.confidence ?? null,
      originalSha256: f.originalSha256 ?? null,
      resultHistoryId: f.resultHistoryId ?? null,
      finishedAt: f.finishedAt,
    })
    .where(eq(subtitleSyncs.id, id))
    .run();
}

export function markSyncRestored(db: Db, id: number, historyId: number, at: string): void {
  db.update(subtitleSyncs)
    .set({ restoredHistoryId: historyId, restoredAt: at })
    .where(eq(subtitleSyncs.id, id))
    .run();
}

export function getSync(db: Db, id: number): SyncRecord | null {
  const row = db.select().from(subtitleSyncs).where(eq(subtitleSyncs.id, id)).get();
  return row ? syncRecord(row) : null;
}

/** Newest first, optionally only those of one history entry or of one file. */
export function listSyncs(
  db: Db,
  f: { historyId?: number; path?: string; page: number; pageSize: number },
): { items: SyncRecord[]; total: number } {
  const where = and(
    f.historyId === undefined ? undefined : eq(subtitleSyncs.historyId, f.historyId),
    f.path === undefined ? undefined : eq(subtitleSyncs.path, f.path),
  );
  const rows = db
    .select()
    .from(subtitleSyncs)
    .where(where)
    .orderBy(desc(subtitleSyncs.id))
    .limit(f.pageSize)
    .offset((f.page - 1) * f.pageSize)
    .all();
  return {
    items: rows.map(syncRecord),
    total: db.select({ n: count() }).from(subtitleSyncs).where(where).get()!.n,
  };
}

/** Syncs left running by a process that ended without finishing them (one server owns the data dir). */
export function interruptRunningSyncs(db: Db, at: string): number {
  return db
    .update(subtitleSyncs)
    .set({ status: "interrupted", phase: null, finishedAt: at })
    .where(isRunning)
    .returning({ id: subtitleSyncs.id })
    .all().length;
}
