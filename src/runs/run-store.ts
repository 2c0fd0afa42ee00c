import type { Database } from "bun:sqlite";
import type { RunStatus } from "./status.ts";

/**
 * Every query on the three run tables (`scan_runs`, `search_runs`, `job_runs`). Their columns
 * differ by what a run of that kind reports; status, owner and start/finish times are common.
 */
export interface RunColumns {
  scan: {
    mode: string;
    trigger: string;
    scope_json: string;
    phase: string;
    done: number;
    total: number;
    current: string | null;
    summary_json: string | null;
    errors_json: string;
  };
  search: {
    trigger: string;
    scope_json: string;
    total: number;
    done: number;
    found: number;
    not_found: number;
    failed: number;
    current: string | null;
  };
  job: {
    job: string;
    trigger: string;
    summary_json: string | null;
    error: string | null;
    duration_ms: number | null;
  };
}
export type RunKind = keyof RunColumns;

const TABLES: Record<RunKind, { table: string; status: string; columns: readonly string[] }> = {
  scan: {
    table: "scan_runs",
    status: "status",
    columns: [
      "mode",
      "trigger",
      "scope_json",
      "phase",
      "done",
      "total",
      "current",
      "summary_json",
      "errors_json",
    ],
  },
  search: {
    table: "search_runs",
    status: "status",
    columns: ["trigger", "scope_json", "total", "done", "found", "not_found", "failed", "current"],
  },
  // Named `outcome` before runs shared one vocabulary; the values are the same as elsewhere.
  job: {
    table: "job_runs",
    status: "outcome",
    columns: ["job", "trigger", "summary_json", "error", "duration_ms"],
  },
};

type Value = string | number | null;

/** Only the kind's own column names reach the SQL text; values are always bound. */
function columnsOf(kind: RunKind, values: object): [string, Value][] {
  const allowed = TABLES[kind].columns;
  return Object.entries(values).filter(
    (entry): entry is [string, Value] => allowed.includes(entry[0]) && entry[1] !== undefined,
  );
}

export function insertRun<K extends RunKind>(
  sqlite: Database,
  kind: K,
  run: { owner: string; startedAt: string; columns: Partial<RunColumns[K]> },
): number {
  const { table, status } = TABLES[kind];
  const columns = columnsOf(kind, run.columns);
  const names = [status, "owner", "started_at", ...columns.map(([name]) => name)];
  return sqlite
    .query<{ id: number }, Value[]>(
      `INSERT INTO ${table} (${names.join(", ")}) VALUES (${names.map(() => "?").join(", ")}) RETURNING id`,
    )
    .get("running", run.owner, run.startedAt, ...columns.map(([, value]) => value))!.id;
}

export function updateRun<K extends RunKind>(
  sqlite: Database,
  kind: K,
  id: number,
  change: { status?: RunStatus; finishedAt?: string | null; columns: Partial<RunColumns[K]> },
): void {
  const { table, status } = TABLES[kind];
  const sets = columnsOf(kind, change.columns);
  if (change.status !== undefined) sets.push([status, change.status]);
  if (change.finishedAt !== undefined) sets.push(["finished_at", change.finishedAt]);
  if (sets.length === 0) return;
  sqlite
    .query<unknown, Value[]>(
      `UPDATE ${table} SET ${sets.map(([name]) => `${name} = ?`).join(", ")} WHERE id = ?`,
    )
    .run(...sets.map(([, value]) => value), id);
}

/** Runs still marked running, with the process that recorded them. */
export function runningRuns(sqlite: Database, kind: RunKind): { id: number; owner: string | null }[] {
  const { table, status } = TABLES[kind];
  return sqlite
    .query<{ id: number; owner: string | null }, []>(
      `SELECT id, owner FROM ${table} WHERE ${status} = 'running' ORDER BY id`,
    )
    .all();
}

export function markInterrupted(sqlite: Database, kind: RunKind, ids: number[], finishedAt: string): void {
  const { table, status, columns } = TABLES[kind];
  // What it was working on when it died is history now, not "current".
  const clear = columns.includes("current") ? ", current = NULL" : "";
  const mark = sqlite.query<unknown, [string, number]>(
    `UPDATE ${table} SET ${status} = 'interrupted', finished_at = ?${clear} WHERE id = ? AND ${status} = 'running'`,
  );
  sqlite.transaction(() => {
    for (const id of ids) mark.run(finishedAt, id);
  })();
}

export interface ScanRunRow {
  id: number;
  mode: string;
  trigger: string;
  scope_json: string;
  status: string;
  phase: string;
  done: number;
  total: number;
  current: string | null;
  summary_json: string | null;
  errors_json: string;
  started_at: string;
  finished_at: string | null;
}

export function lastScanRun(sqlite: Database): ScanRunRow | null {
  return sqlite.query<ScanRunRow, []>("SELECT * FROM scan_runs ORDER BY id DESC LIMIT 1").get();
}

export interface JobRunRow {
  id: number;
  job: string;
  trigger: string;
  started_at: string;
  finished_at: string | null;
  outcome: string;
  summary_json: string | null;
  error: string | null;
  duration_ms: number | null;
}

export function lastFinishedJobRun(sqlite: Database, job: string): JobRunRow | null {
  return sqlite
    .query<JobRunRow, [string]>(
      "SELECT * FROM job_runs WHERE job = ? AND outcome != 'running' ORDER BY id DESC LIMIT 1",
    )
    .get(job);
}

/** Newest first. */
export function jobRunHistory(sqlite: Database, job: string, limit: number): JobRunRow[] {
  return sqlite
    .query<JobRunRow, [string, number]>("SELECT * FROM job_runs WHERE job = ? ORDER BY id DESC LIMIT ?")
    .all(job, limit);
}

export interface SearchRunRow {
  id: number;
  trigger: string;
  scope_json: string;
  status: string;
  total: number;
  done: number;
  found: number;
  not_found: number;
  failed: number;
  current: string | null;
  started_at: string;
  finished_at: string | null;
}

export function lastSearchRun(sqlite: Database): SearchRunRow | null {
  return sqlite.query<SearchRunRow, []>("SELECT * FROM search_runs ORDER BY id DESC LIMIT 1").get();
}
