import type { Database } from "bun:sqlite";
import { eq } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { wantedItems } from "../../db/schema.ts";
import { isOwnerGone, type OwnerCheck } from "../../runs/process-owner.ts";

/**
 * Leases on wanted items: a search (batch or manual) holds an item in `searching` under its
 * owner id (`<process>/<holder>`) until it settles it or the lease ends. Every statement that
 * takes, settles or frees a lease lives here, as raw SQL: each is a compare-and-set whose WHERE
 * clause is the lease protocol, and the eligible pick is tuned to the status index.
 */

const CLAIMABLE = "('wanted', 'not_found', 'failed')";

/** Who asks for which item, when, and until when the lease holds. */
export interface LeaseClaim {
  id: number;
  owner: string;
  now: string;
  expiresAt: string;
}

/** Takes the lease on one item if `condition` holds and nobody holds a live lease on it. */
function claimWhere(sqlite: Database, condition: string, claim: LeaseClaim): boolean {
  return (
    sqlite
      .query<{ id: number }, [string, string, string, number]>(
        `UPDATE wanted_items SET status = 'searching', lease_owner = ?1, lease_expires_at = ?2, updated_at = ?3
         WHERE id = ?4 AND ${condition} AND (lease_expires_at IS NULL OR lease_expires_at <= ?3) RETURNING id`,
      )
      .get(claim.owner, claim.expiresAt, claim.now, claim.id) !== null
  );
}

/** Compare-and-set for a batch: the item is ours only if it is claimable and nobody holds a live lease. */
export function claimForBatch(sqlite: Database, claim: LeaseClaim): boolean {
  return claimWhere(
    sqlite,
    `(status IN ${CLAIMABLE} OR (status = 'searching' AND lease_expires_at <= ?3))`,
    claim,
  );
}

/** Manual work may serve any item (ignored, resolved) as long as nobody holds a live lease on it. */
export function claimForManual(sqlite: Database, claim: LeaseClaim): boolean {
  return claimWhere(sqlite, "1", claim);
}

export function itemStatus(db: Db, id: number): string | null {
  return (
    db.select({ status: wantedItems.status }).from(wantedItems).where(eq(wantedItems.id, id)).get()?.status ??
    null
  );
}

export interface Settlement {
  id: number;
  owner: string;
  status: string;
  /** 1 when the search spent an attempt. */
  attempt: 0 | 1;
  now: string;
  retryAfter: string | null;
  error: string | null;
  satisfiedBy: string | null;
}

/** Ends a lease with the search's result; a no-op if the lease is no longer the caller's. */
export function settleClaim(sqlite: Database, s: Settlement): void {
  sqlite
    .query<unknown, Record<string, string | number | null>>(
      // An item the user ignored while it was held stays ignored (a subtitle saved meanwhile is still
      // recorded: un-ignoring it shows it). In the statement, so no other process comes between.
      `UPDATE wanted_items SET status = CASE WHEN status = 'ignored' THEN 'ignored' ELSE $status END,
          attempts = attempts + $attempt, last_searched_at = $now,
          retry_after = $retryAfter, last_error = $error, satisfied_by = coalesce($by, satisfied_by),
          resolved_at = CASE WHEN $status = 'resolved' THEN $now ELSE resolved_at END,
          lease_owner = NULL, lease_expires_at = NULL, updated_at = $now
       WHERE id = $id AND lease_owner = $owner`,
    )
    .run({
      $status: s.status,
      $attempt: s.attempt,
      $now: s.now,
      $retryAfter: s.retryAfter,
      $error: s.error,
      $by: s.satisfiedBy,
      $id: s.id,
      $owner: s.owner,
    });
}

/** Gives an item back unchanged (status as before the claim; ignored if the user ignored it meanwhile). */
export function releaseClaim(
  sqlite: Database,
  release: { id: number; owner: string; status: string; now: string },
): void {
  sqlite
    .query<unknown, [string, string, number, string]>(
      `UPDATE wanted_items SET status = CASE WHEN status = 'ignored' THEN 'ignored' ELSE ? END,
          lease_owner = NULL, lease_expires_at = NULL, updated_at = ?
       WHERE id = ? AND lease_owner = ?`,
    )
    .run(release.status, release.now, release.id, release.owner);
}

/**
 * Frees the items a dead process left in `searching` (kill -9, power loss), and any whose lease
 * ran out, at once rather than when the lease ends. A live process's leases stay.
 */
export function releaseDeadLeases(sqlite: Database, check: OwnerCheck, now: string): number[] {
  const held = sqlite
    .query<{ id: number; lease_owner: string | null; lease_expires_at: string | null }, []>(
      "SELECT id, lease_owner, lease_expires_at FROM wanted_items WHERE status = 'searching'",
    )
    .all();
  const dead = held.filter(
    (h) => h.lease_expires_at === null || h.lease_expires_at <= now || isOwnerGone(h.lease_owner, check),
  );
  const free = sqlite.query<unknown, [string, number, string | null]>(
    `UPDATE wanted_items SET status = 'wanted', lease_owner = NULL, lease_expires_at = NULL, updated_at = ?
     WHERE id = ? AND status = 'searching' AND lease_owner IS ?`,
  );
  sqlite.transaction(() => {
    for (const h of dead) free.run(now, h.id, h.lease_owner);
  })();
  return dead.map((h) => h.id);
}

/**
 * Items a batch may search: by id (backoff and attempt limits do not apply), or the oldest eligible.
 * `maxAttempts` null: no attempt limit (search.afterAttemptsEveryDays), the item's retry_after alone
 * says when; a constant in the WHERE clause, so the pick walks the same index either way.
 */
export function eligibleItemIds(
  sqlite: Database,
  scope: { ids?: number[]; seriesId?: number; movieId?: number },
  limits: { now: string; maxAttempts: number | null; itemsPerRun: number },
): number[] {
  const { now } = limits;
  if (scope.ids?.length) {
    // Ignored and resolved items, and those whose file is missing from the last listing, stay out.
    return sqlite
      .query<{ id: number }, (string | number)[]>(
        `SELECT w.id FROM wanted_items w JOIN media_files f ON f.id = w.media_file_id
         WHERE w.id IN (${scope.ids.map(() => "?").join(",")}) AND f.missing_since IS NULL
           AND (w.status IN ${CLAIMABLE} OR (w.status = 'searching' AND w.lease_expires_at <= ?)) ORDER BY w.id`,
      )
      .all(...scope.ids, now)
      .map((r) => r.id);
  }
  const filters: string[] = [];
  const params: (string | number | null)[] = [now, limits.maxAttempts, now];
  if (scope.seriesId !== undefined) {
    filters.push("f.series_id = ?");
    params.push(scope.seriesId);
  }
  if (scope.movieId !== undefined) {
    filters.push("f.movie_id = ?");
    params.push(scope.movieId);
  }
  params.push(limits.itemsPerRun);
  return sqlite
    .query<{ id: number }, (string | number | null)[]>(
      `SELECT w.id FROM wanted_items w JOIN media_files f ON f.id = w.media_file_id
       WHERE (w.status IN ${CLAIMABLE} OR (w.status = 'searching' AND w.lease_expires_at <= ?3))
         AND (w.retry_after IS NULL OR w.retry_after <= ?1)
         AND (?2 IS NULL OR w.attempts < ?2) AND (w.lease_expires_at IS NULL OR w.lease_expires_at <= ?3)
         AND f.missing_since IS NULL
         ${filters.map((f) => `AND ${f}`).join(" ")}
       ORDER BY w.added_at ASC, w.id ASC LIMIT ?`,
    )
    .all(...params)
    .map((r) => r.id);
}
