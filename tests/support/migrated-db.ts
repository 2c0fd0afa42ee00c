import { migrations } from "../../generated/migrations.ts";
import { type DbHandle, openDatabase } from "../../src/db/client.ts";
import { migrate } from "../../src/db/migrate.ts";

/** A database migrated through the migration tagged `upTo` (through the last when absent): a migration's test starts before it. */
export function openMigrated(upTo?: string, path = ":memory:"): DbHandle {
  const h = openDatabase({ path });
  const until = upTo === undefined ? migrations.length : migrations.findIndex((m) => m.tag === upTo) + 1;
  migrate(h.sqlite, migrations.slice(0, until));
  return h;
}
