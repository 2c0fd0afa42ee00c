import type { Database } from "bun:sqlite";

/**
 * Counts for the dashboard from wanted_tallies, which triggers keep per status × kind × instance ×
 * language × variant × kind of existing subtitle × upgrade flag (a few hundred rows at most): the
 * answer costs the same at 100 and at 100,000 items (a grouped pass over the items took 0.1–0.2 s
 * at 100,000, holding the event loop). Added up here.
 */
/** Statuses of an item that still lacks its subtitle: not yet searched, being searched, searched in vain. */
const STILL_MISSING: ReadonlySet<string> = new Set(["wanted", "searching", "not_found", "failed"]);

export function summarizeWanted(sqlite: Database) {
  const rows = sqlite
    .query<
      {
        status: string;
        kind: string;
        instance: string;
        language: string;
        variant: string;
        existing: string;
        upgrade: number;
        n: number;
      },
      []
    >(
      "SELECT status, kind, instance, language, variant, existing, upgrade, n FROM wanted_tallies WHERE n > 0",
    )
    .all();
  const byStatus: Record<string, number> = {};
  const byKind: Record<string, number> = {};
  const byInstance: Record<string, number> = {};
  const byLanguage: Record<string, number> = {};
  const byExisting: Record<string, number> = {};
  const byLanguageStatus: Record<string, Record<string, number>> = {};
  const byInstanceStatus: Record<string, Record<string, number>> = {};
  const wanted = new Map<string, { language: string; variant: string; count: number }>();
  const add = (into: Record<string, number>, key: string, n: number) => {
    into[key] = (into[key] ?? 0) + n;
  };
  const addNested = (
    into: Record<string, Record<string, number>>,
    key: string,
    status: string,
    n: number,
  ) => {
    const inner = into[key] ?? {};
    into[key] = inner;
    add(inner, status, n);
  };
  let total = 0;
  let upgradeCandidates = 0;
  for (const r of rows) {
    total += r.n;
    if (r.upgrade) upgradeCandidates += r.n;
    add(byStatus, r.status, r.n);
    add(byKind, r.kind, r.n);
    add(byInstance, r.instance, r.n);
    add(byLanguage, r.language, r.n);
    add(byExisting, r.existing, r.n);
    addNested(byLanguageStatus, r.language, r.status, r.n);
    addNested(byInstanceStatus, r.instance, r.status, r.n);
    if (!STILL_MISSING.has(r.status)) continue;
    const key = `${r.language}|${r.variant}`;
    const entry = wanted.get(key) ?? { language: r.language, variant: r.variant, count: 0 };
    entry.count += r.n;
    wanted.set(key, entry);
  }
  const wantedByLanguageVariant = [...wanted.values()].sort(
    (a, b) =>
      b.count - a.count ||
      (a.language < b.language ? -1 : a.language > b.language ? 1 : 0) ||
      (a.variant < b.variant ? -1 : a.variant > b.variant ? 1 : 0),
  );
  return {
    total,
    byStatus,
    wantedByLanguageVariant,
    byKind,
    byInstance,
    byLanguage,
    byExisting,
    byLanguageStatus,
    byInstanceStatus,
    upgradeCandidates,
  };
}
