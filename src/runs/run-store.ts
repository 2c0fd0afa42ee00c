import { and, asc, desc, eq, inArray, ne } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { jobRuns, scanRuns, searchRuns } from "../db/schema.ts";
import type { RunStatus } from "./status.ts";

/**
 * Every query on the three run tables (`scan_runs`, `search_runs`, `job_runs`). Their columns
 * differ by what a run of that kind reports; status, owner and start/finish times are common.
 */
type Common = "id" | "status" | "outcome" | "owner" | "startedAt" | "finishedAt";
export interface RunColumns {
  scan: Omit<typeof scanRuns.$inferInsert, Common>;
  search: Omit<typeof searchRuns.$inferInsert, Common>;
  job: Omit<typeof jobRuns.$inferInsert, Common>;
}
export type RunKind = keyof RunColumns;

export type ScanRunRow = typeof scanRuns.$inferSelect;
export type SearchRunRow = typeof searchRuns.$inferSelect;
export type JobRunRow = typeof jobRuns.$inferSelect;

// Named `outcome` before runs shared one vocabulary; the values are the same as elsewhere.
const STATUS = { scan: "status", search: "status", job: "outcome" } as const;

/**
 * The kind's table, typed as scan_runs: the three share id, owner and the times, and drizzle writes
 * only the columns the actual table has, so another kind's fields never reach its SQL.
 */
function tableOf(kind: RunKind) {
  return { scan: scanRuns, search: searchRuns, job: jobRuns }[kind] as typeof scanRuns;
}
const statusOf = (kind: RunKind) => tableOf(kind)[STATUS[kind] as "status"];
type Values = Partial<typeof scanRuns.$inferInsert>;

export function insertRun<K extends RunKind>(
  db: Db,
  kind: K,
  run: { owner: string; startedAt: string; columns: Partial<RunColumns[K]> },
): number {
  const table = tableOf(kind);
  const values = { ...run.columns, [STATUS[kind]]: "running", owner: run.owner, startedAt: run.startedAt };
  return db
    .insert(table)
    .values(values as unknown as typeof scanRuns.$inferInsert)
    .returning({ id: table.id })
    .get().id;
}

export function updateRun<K extends RunKind>(
  db: Db,
  kind: K,
  id: number,
  change: { status?: RunStatus; finishedAt?: string | null; columns: Partial<RunColumns[K]> },
): void {
  const table = tableOf(kind);
  const values: Record<string, unknown> = { ...change.columns };
  if (change.status !== undefined) values[STATUS[kind]] = change.status;
  if (change.finishedAt !== undefined) values.finishedAt = change.finishedAt;
  if (!Object.values(values).some((v) => v !== undefined)) return;
  db.update(table)
    .set(values as Values)
    .where(eq(table.id, id))
    .run();
}

/** Runs still marked running, with the process that recorded them. */
export function runningRuns(db: Db, kind: RunKind): { id: number; owner: string | null }[] {
  const table = tableOf(kind);
  return db
    .select({ id: table.id, owner: table.owner })
    .from(table)
    .where(eq(statusOf(kind), "running"))
    .orderBy(asc(table.id))
    .all();
}

export function markInterrupted(db: Db, kind: RunKind, ids: number[], finishedAt: string): void {
  const table = tableOf(kind);
  // What it was working on when it died is history now, not "current".
  const values: Values = {
    [STATUS[kind]]: "interrupted",
    finishedAt,
    ...(kind === "job" ? {} : { current: null }),
  };
  db.update(table)
    .set(values)
    .where(and(inArray(table.id, ids), eq(statusOf(kind), "running")))
    .run();
}

export function lastScanRun(db: Db): ScanRunRow | null {
  return db.select().from(scanRuns).orderBy(desc(scanRuns.id)).limit(1).get() ?? null;
}

export function lastFinishedJobRun(db: Db, job: string): JobRunRow | null {
  return (
    db
      .select()
      .from(jobRuns)
      .where(and(eq(jobRuns.job, job), ne(jobRuns.outcome, "running")))
      .orderBy(desc(jobRuns.id))
      .limit(1)
      .get() ?? null
  );
}

/** The newest scan or search run that has ended, whatever started it. */
export function lastFinishedRun(db: Db, kind: "scan" | "search"): ScanRunRow | SearchRunRow | null {
  const table = tableOf(kind);
  return (
    db.select().from(table).where(ne(table.status, "running")).orderBy(desc(table.id)).limit(1).get() ?? null
  );
}

/** Newest first. */
export function jobRunHistory(db: Db, job: string, limit: number): JobRunRow[] {
  return db.select().from(jobRuns).where(eq(jobRuns.job, job)).orderBy(desc(jobRuns.id)).limit(limit).all();
}

export function lastSearchRun(db: Db): SearchRunRow | null {
  return db.select().from(searchRuns).orderBy(desc(searchRuns.id)).limit(1).get() ?? null;
}
