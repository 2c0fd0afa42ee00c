import { expect, test } from "bun:test";
import { migrations } from "../../generated/migrations.ts";
import { openDatabase } from "../../src/db/client.ts";
import { migrate } from "../../src/db/migrate.ts";

test("0010_runs renames the run statuses a database already holds to the one vocabulary", () => {
  const h = openDatabase({ path: ":memory:" });
  const at = migrations.findIndex((m) => m.tag === "0010_runs");
  migrate(h.sqlite, migrations.slice(0, at));
  const t = "2026-11-24T09:00:00.000Z";
  h.sqlite.run(
    `INSERT INTO scan_runs (mode, trigger, status, phase, started_at) VALUES
       ('full', 'api', 'completed', 'completed', ?1), ('full', 'api', 'failed', 'failed', ?1),
       ('full', 'api', 'cancelled', 'cancelled', ?1), ('full', 'api', 'interrupted', 'starting', ?1)`,
    [t],
  );
  h.sqlite.run(
    "INSERT INTO search_runs (trigger, status, started_at) VALUES ('api', 'completed', ?1), ('api', 'failed', ?1), ('api', 'cancelled', ?1)",
    [t],
  );
  h.sqlite.run(
    `INSERT INTO job_runs (job, trigger, outcome, started_at) VALUES ('maintenance', 'schedule', 'success', ?1),
       ('maintenance', 'schedule', 'failure', ?1), ('maintenance', 'manual', 'cancelled', ?1),
       ('maintenance', 'schedule', 'interrupted', ?1)`,
    [t],
  );
  expect(migrate(h.sqlite).applied).toEqual(migrations.slice(at).map((m) => m.tag));
  const column = (sql: string) =>
    h.sqlite
      .query<{ v: string }, []>(sql)
      .all()
      .map((r) => r.v);
  expect(column("SELECT status || '/' || phase AS v FROM scan_runs ORDER BY id")).toEqual([
    "succeeded/succeeded",
    "failed/failed",
    "cancelled/cancelled",
    "interrupted/starting",
  ]);
  expect(column("SELECT status AS v FROM search_runs ORDER BY id")).toEqual([
    "succeeded",
    "failed",
    "cancelled",
  ]);
  expect(column("SELECT outcome AS v FROM job_runs ORDER BY id")).toEqual([
    "succeeded",
    "failed",
    "cancelled",
    "interrupted",
  ]);
  h.close();
});
