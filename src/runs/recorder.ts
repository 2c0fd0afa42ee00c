import type { Clock } from "../clock.ts";
import type { Db } from "../db/client.ts";
import { isOwnerGone } from "./process-owner.ts";
import {
  insertRun,
  markInterrupted,
  type RunColumns,
  type RunKind,
  runningRuns,
  updateRun,
} from "./run-store.ts";
import type { FinishedRunStatus } from "./status.ts";

export interface RunRecorderDeps {
  db: Db;
  clock: Clock;
  /** This process's owner id (`createProcessOwner`), stored on every run it starts. */
  owner: string;
  /** Whether a pid is alive; tests stand in for the OS. */
  alive?: (pid: number) => boolean;
}

/**
 * The one way scans, searches and jobs record their runs: start (running, owned by this process),
 * progress, finish with a status of the shared vocabulary, and, when a component starts, closing
 * as `interrupted` the runs whose process died without finishing them.
 */
export function createRunRecorder<K extends RunKind>(kind: K, deps: RunRecorderDeps) {
  const { db, clock, owner } = deps;
  const now = () => clock.now().toISOString();
  return {
    owner,
    start(columns: Partial<RunColumns[K]>, startedAt: string = now()): number {
      return insertRun(db, kind, { owner, startedAt, columns });
    },
    progress(id: number, columns: Partial<RunColumns[K]>): void {
      updateRun(db, kind, id, { columns });
    },
    finish(
      id: number,
      status: FinishedRunStatus,
      columns: Partial<RunColumns[K]>,
      finishedAt: string = now(),
    ): void {
      updateRun(db, kind, id, { status, finishedAt, columns });
    },
    /** Marks the runs of dead processes interrupted; returns their ids. */
    interruptDead(): number[] {
      const check = { self: owner, ...(deps.alive ? { alive: deps.alive } : {}) };
      const dead = runningRuns(db, kind)
        .filter((run) => isOwnerGone(run.owner, check))
        .map((run) => run.id);
      if (dead.length > 0) markInterrupted(db, kind, dead, now());
      return dead;
    },
  };
}

export type RunRecorder<K extends RunKind> = ReturnType<typeof createRunRecorder<K>>;
