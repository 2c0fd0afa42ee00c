import type { Database } from "bun:sqlite";

/** Every query on `subtitle_syncs`: one row per sync of a saved subtitle, its progress and outcome. */

interface SyncRow {
  id: number;
  history_id: number;
  path: string;
  method: string;
  reference_json: string;
  status: string;
  phase: string | null;
  outcome: string | null;
  reason: string | null;
  offset_ms: number | null;
  ratio: number | null;
  ratio_label: string | null;
  confidence: number | null;
  original_sha256: string | null;
  result_history_id: number | null;
  restored_history_id: number | null;
  started_at: string;
  finished_at: string | null;
  restored_at: string | null;
}

function syncRecord(r: SyncRow) {
  return {
    id: r.id,
    historyId: r.history_id,
    path: r.path,
    method: r.method as "audio" | "reference" | "fixes",
    reference: JSON.parse(r.reference_json) as Record<string, unknown>,
    status: r.status as "running" | "succeeded" | "failed" | "cancelled" | "interrupted",
    phase: r.phase,
    outcome: r.outcome as "synced" | "fixed" | "unchanged" | null,
    reason: r.reason,
    offsetMs: r.offset_ms,
    ratio: r.ratio,
    ratioLabel: r.ratio_label,
    confidence: r.confidence,
    originalSha256: r.original_sha256,
    resultHistoryId: r.result_history_id,
    restoredHistoryId: r.restored_history_id,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    restoredAt: r.restored_at,
  };
}
export type SyncRecord = ReturnType<typeof syncRecord>;

export function insertSync(
  sqlite: Database,
  s: { historyId: number; path: string; method: string; reference: unknown; startedAt: string },
): SyncRecord {
  return syncRecord(
    sqlite
      .query<SyncRow, [number, string, string, string, string]>(
        `INSERT INTO subtitle_syncs (history_id, path, method, reference_json, status, phase, started_at)
         VALUES (?, ?, ?, ?, 'running', 'queued', ?) RETURNING *`,
      )
      .get(s.historyId, s.path, s.method, JSON.stringify(s.reference), s.startedAt)!,
  );
}

export function setSyncPhase(sqlite: Database, id: number, phase: string): void {
  sqlite.query("UPDATE subtitle_syncs SET phase = ? WHERE id = ? AND status = 'running'").run(phase, id);
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

export function finishSync(sqlite: Database, id: number, f: SyncFinish): void {
  sqlite
    .query(
      `UPDATE subtitle_syncs SET status = $status, phase = NULL, outcome = $outcome, reason = $reason,
         offset_ms = $offsetMs, ratio = $ratio, ratio_label = $ratioLabel, confidence = $confidence,
         original_sha256 = $originalSha256, result_history_id = $resultHistoryId, finished_at = $finishedAt
       WHERE id = $id`,
    )
    .run({
      $id: id,
      $status: f.status,
      $outcome: f.outcome,
      $reason: f.reason,
      $offsetMs: f.offsetMs ?? null,
      $ratio: f.ratio ?? null,
      $ratioLabel: f.ratioLabel ?? null,
      $confidence: f.confidence ?? null,
      $originalSha256: f.originalSha256 ?? null,
      $resultHistoryId: f.resultHistoryId ?? null,
      $finishedAt: f.finishedAt,
    });
}

export function markSyncRestored(sqlite: Database, id: number, historyId: number, at: string): void {
  sqlite
    .query("UPDATE subtitle_syncs SET restored_history_id = ?, restored_at = ? WHERE id = ?")
    .run(historyId, at, id);
}

export function getSync(sqlite: Database, id: number): SyncRecord | null {
  const row = sqlite.query<SyncRow, [number]>("SELECT * FROM subtitle_syncs WHERE id = ?").get(id);
  return row ? syncRecord(row) : null;
}

/** Newest first, optionally only those of one history entry. */
export function listSyncs(
  sqlite: Database,
  f: { historyId?: number; page: number; pageSize: number },
): { items: SyncRecord[]; total: number } {
  const where = f.historyId === undefined ? "" : "WHERE history_id = ?";
  const params = f.historyId === undefined ? [] : [f.historyId];
  const total = sqlite
    .query<{ n: number }, number[]>(`SELECT count(*) AS n FROM subtitle_syncs ${where}`)
    .get(...params)!.n;
  const rows = sqlite
    .query<SyncRow, number[]>(`SELECT * FROM subtitle_syncs ${where} ORDER BY id DESC LIMIT ? OFFSET ?`)
    .all(...params, f.pageSize, (f.page - 1) * f.pageSize);
  return { items: rows.map(syncRecord), total };
}

/** Syncs left running by a process that ended without finishing them (one server owns the data dir). */
export function interruptRunningSyncs(sqlite: Database, at: string): number {
  return sqlite
    .query(
      "UPDATE subtitle_syncs SET status = 'interrupted', phase = NULL, finished_at = ? WHERE status = 'running'",
    )
    .run(at).changes;
}
