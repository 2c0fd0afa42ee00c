import type { Database } from "bun:sqlite";
import { overridesGeneration } from "./profile-store.ts";
import type { WantedPage, WantedPageInput } from "./wanted-page.ts";

/*
 * Answers of `GET /wanted` kept while nothing they were worked out from has changed: a page asked
 * again (the web UI refreshing, a second tab, a monitor polling) costs a lookup instead of reading,
 * explaining and serializing its rows again. What an answer depends on, and how each is checked:
 * - the database: its version here is the connection's `data_version`, which moves whenever another
 *   connection commits (the scan's writer thread, a CLI beside the server), with `total_changes()`,
 *   which counts every row this connection writes. The version is read before the page is, so an
 *   answer is never kept under a version newer than what it shows;
 * - the config: the caller's `basis`, one object per config version (compared by identity);
 * - the query, the statuses, when the scheduled search runs next and the generation of the profile
 *   overrides: the key;
 * - the clock: an item in backoff becomes due at its `retryAfter`, so an answer is kept only until
 *   the earliest such moment among its items.
 */

/** Answers kept per connection, most recently used last. */
const MAX_ANSWERS = 16;
/** A page of 500 items is ~420 KB; the kept answers together stay below this. */
const MAX_BYTES = 4 * 1024 * 1024;

interface Answer {
  version: string;
  basis: object;
  /** The answer is stale from this moment (ISO, as `now` is); null: not on the clock. */
  validUntil: string | null;
  text: string;
}

interface Answers {
  byKey: Map<string, Answer>;
  bytes: number;
}

const answersOf = new WeakMap<Database, Answers>();

/** What the page was read at; compare with `databaseVersion` again to know whether it still holds. */
export function databaseVersion(sqlite: Database): string {
  return sqlite
    .query<{ v: string }, []>(
      "SELECT (SELECT data_version FROM pragma_data_version) || '.' || total_changes() AS v",
    )
    .get()!.v;
}

export function pageKey(input: WantedPageInput): string {
  return JSON.stringify([input.query, input.statuses, input.nextSearchRun, overridesGeneration()]);
}

/** The first moment at which one of the page's items leaves its backoff (and the answer goes stale). */
export function pageValidUntil(page: Pick<WantedPage, "items">): string | null {
  let until: string | null = null;
  for (const item of page.items)
    if (
      item.autoSearch === "waiting" &&
      item.nextRetryAt !== null &&
      (until === null || item.nextRetryAt < until)
    )
      until = item.nextRetryAt;
  return until;
}

function answers(sqlite: Database): Answers {
  let kept = answersOf.get(sqlite);
  if (!kept) {
    kept = { byKey: new Map(), bytes: 0 };
    answersOf.set(sqlite, kept);
  }
  return kept;
}

function drop(kept: Answers, key: string): void {
  const answer = kept.byKey.get(key);
  if (!answer) return;
  kept.byKey.delete(key);
  kept.bytes -= answer.text.length;
}

/** The kept answer for `key`, if it was worked out at `version` on `basis` and `now` is before it goes stale. */
export function keptPage(
  sqlite: Database,
  key: string,
  at: { version: string; basis: object; now: string },
): string | null {
  const kept = answers(sqlite);
  const answer = kept.byKey.get(key);
  if (!answer) return null;
  drop(kept, key);
  if (
    answer.version !== at.version ||
    answer.basis !== at.basis ||
    (answer.validUntil !== null && at.now >= answer.validUntil)
  )
    return null;
  kept.byKey.set(key, answer);
  kept.bytes += answer.text.length;
  return answer.text;
}

export function keepPage(sqlite: Database, key: string, answer: Answer): void {
  if (answer.text.length > MAX_BYTES / 4) return;
  const kept = answers(sqlite);
  drop(kept, key);
  kept.byKey.set(key, answer);
  kept.bytes += answer.text.length;
  while (kept.byKey.size > MAX_ANSWERS || kept.bytes > MAX_BYTES) drop(kept, kept.byKey.keys().next().value!);
}
