import type { DbHandle } from "../db/client.ts";
import { addBlacklist, blacklistedKeys } from "../wanted/history-store.ts";
import { type BazarrDb, missingFor } from "./bazarr-db.ts";
import { subhoundCandidate } from "./bazarr-providers.ts";
import { type Examples, noteExample } from "./examples.ts";

export interface BlacklistPlan {
  /** Why the part cannot run (neither table reads), or null. */
  skippedPart: string | null;
  notes: string[];
  bazarrEntries: number;
  entries: { provider: string; candidateId: string }[];
  alreadyListed: number;
  /** Bazarr providers whose entries cannot carry over (no such provider in Subhound, or other ids), by name. */
  unknownProviders: Record<string, number>;
  unmapped: Examples | undefined;
}

const TABLES = ["table_blacklist", "table_blacklist_movie"] as const;
const COLUMNS = ["provider", "subs_id"] as const;

/** The reason an imported entry shows in Subhound's blacklist. */
export const IMPORTED_REASON = "blacklisted in Bazarr";

/** Bazarr's blacklist (episodes and movies) under Subhound's provider names and candidate ids. Only reads. */
export function planBlacklist(bazarr: BazarrDb, handle: Pick<DbHandle, "db">): BlacklistPlan {
  const plan: BlacklistPlan = {
    skippedPart: null,
    notes: [],
    bazarrEntries: 0,
    entries: [],
    alreadyListed: 0,
    unknownProviders: {},
    unmapped: undefined,
  };
  const missing = TABLES.map((table) => missingFor(bazarr, { [table]: COLUMNS }));
  if (missing.every((m) => m !== null)) {
    plan.skippedPart = missingFor(bazarr, Object.fromEntries(TABLES.map((t) => [t, COLUMNS])));
    return plan;
  }
  const listed = blacklistedKeys(handle.db);
  const planned = new Set<string>();
  for (const [i, table] of TABLES.entries()) {
    if (missing[i]) {
      plan.notes.push(missing[i]!);
      continue;
    }
    for (const row of bazarr.rows(table, COLUMNS)) {
      plan.bazarrEntries++;
      const provider = typeof row.provider === "string" ? row.provider : "";
      const subsId = row.subs_id === null || row.subs_id === undefined ? "" : String(row.subs_id);
      const mapped = subhoundCandidate(provider, subsId);
      if (!mapped) {
        plan.unknownProviders[provider] = (plan.unknownProviders[provider] ?? 0) + 1;
        plan.unmapped = noteExample(plan.unmapped, `${provider} ${subsId}`);
        continue;
      }
      const key = `${mapped.provider}|${mapped.candidateId}`;
      if (listed.has(key)) plan.alreadyListed++;
      else if (!planned.has(key)) {
        planned.add(key);
        plan.entries.push(mapped);
      }
    }
  }
  return plan;
}

/** Adds the planned entries in one transaction. */
export function applyBlacklist(
  handle: Pick<DbHandle, "sqlite" | "db">,
  plan: BlacklistPlan,
  now: string,
): number {
  return handle.sqlite.transaction(() => {
    for (const entry of plan.entries) addBlacklist(handle.db, { ...entry, reason: IMPORTED_REASON }, now);
    return plan.entries.length;
  })();
}
