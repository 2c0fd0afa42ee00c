import type { Database } from "bun:sqlite";
import type { Decision } from "../decide.ts";

/**
 * What changes when a subtitle is uploaded or deleted from the library pages: the file's stored
 * subtitles and its items' state, decided again at once instead of at the next scan.
 */

export interface AppliedState {
  /** Items satisfied before and wanted again now (their subtitle was deleted). */
  reopened: number[];
  /** Items wanted before and satisfied now. */
  resolved: number[];
}

/**
 * Stores what a file now has and applies `decisions` to its items like a scan would, with one
 * difference: an item whose subtitle went away starts over (attempts and backoff cleared), since
 * the user removed it on purpose. Ignored items keep their status; items being searched are left
 * to their search; languages the decisions do not name are left alone.
 */
export function applyFileSubtitles(
  sqlite: Database,
  fileId: number,
  subtitlesJson: string,
  decisions: readonly Decision[],
  now: string,
): AppliedState {
  const byKey = new Map(decisions.map((d) => [`${d.language}|${d.variant}`, d]));
  const items = sqlite
    .query<{ id: number; language: string; variant: string; status: string }, [number]>(
      "SELECT id, language, variant, status FROM wanted_items WHERE media_file_id = ?",
    )
    .all(fileId);
  const satisfy = sqlite.query<unknown, [string, number, string, number]>(
    `UPDATE wanted_items SET satisfied_by = ?1, upgrade_candidate = ?2, updated_at = ?3,
        status = CASE WHEN status IN ('wanted', 'not_found', 'failed') THEN 'resolved' ELSE status END,
        resolved_at = CASE WHEN status IN ('wanted', 'not_found', 'failed') THEN ?3 ELSE resolved_at END
     WHERE id = ?4 AND status <> 'searching'`,
  );
  const reopen = sqlite.query<unknown, [string, number]>(
    `UPDATE wanted_items SET satisfied_by = NULL, upgrade_candidate = 0, updated_at = ?1,
        status = CASE WHEN status IN ('resolved', 'found') THEN 'wanted' ELSE status END,
        attempts = CASE WHEN status IN ('resolved', 'found') THEN 0 ELSE attempts END,
        retry_after = CASE WHEN status IN ('resolved', 'found') THEN NULL ELSE retry_after END,
        last_error = CASE WHEN status IN ('resolved', 'found') THEN NULL ELSE last_error END,
        resolved_at = CASE WHEN status IN ('resolved', 'found') THEN NULL ELSE resolved_at END
     WHERE id = ?2 AND status <> 'searching'`,
  );
  const applied: AppliedState = { reopened: [], resolved: [] };
  sqlite.transaction(() => {
    sqlite.query("UPDATE media_files SET subtitles_json = ? WHERE id = ?").run(subtitlesJson, fileId);
    for (const item of items) {
      const decision = byKey.get(`${item.language}|${item.variant}`);
      if (!decision || item.status === "searching") continue;
      if (decision.satisfied) {
        satisfy.run(decision.by!, decision.upgradeCandidate ? 1 : 0, now, item.id);
        if (["wanted", "not_found", "failed"].includes(item.status)) applied.resolved.push(item.id);
      } else {
        reopen.run(now, item.id);
        if (item.status === "resolved" || item.status === "found") applied.reopened.push(item.id);
      }
    }
  })();
  return applied;
}
