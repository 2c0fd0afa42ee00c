import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { systemClock } from "../clock.ts";
import { type DbHandle, databasePath, openDatabase, openDatabaseReadOnly } from "../db/client.ts";
import { migrate, schemaVersion } from "../db/migrate.ts";
import { acquireOwnerLock, type OwnerLock } from "../db/owner-lock.ts";
import { restoreNotice } from "../db/restore-pending.ts";
import { type BazarrDb, NotABazarrDatabase, openBazarrDb } from "../import/bazarr-db.ts";
import { importFromBazarr } from "../import/bazarr-import.ts";
import { type BazarrTimezone, parseBazarrTimezone } from "../import/bazarr-time.ts";
import { describeImport } from "../import/import-report.ts";
import { argsOrExit, type Command, readArgs } from "./command.ts";
import { useExistingDataDir } from "./data-dir.ts";
import { loadOrReport } from "./load-config.ts";

export const IMPORT_BAZARR_HELP = `Usage: subhound import-bazarr --db PATH [--apply] [--json] [--bazarr-timezone ZONE] [--config PATH]

Takes over what Bazarr did, from its database (--db <Bazarr config>/db/bazarr.db, only ever read):
  - the subtitle files Bazarr downloaded that are still as it left them, beside a video of
    Subhound's library, become Subhound's own (history action "imported"), so upgrades, sync,
    fix and delete work on them;
  - Bazarr's language profiles are printed as [profiles.<name>] tables to paste into config.toml,
    and each series or movie is set to its Bazarr profile where config.toml defines it;
  - Bazarr's blacklist joins Subhound's, for the providers both know alike.
Without --apply it only shows what it would do (counts and the first examples). --apply writes
each part in a transaction of its own; it refuses while a Subhound server owns the data dir (stop
the server first; a dry run works beside it). Scan the library first: files Subhound does not
list are not taken over.

--bazarr-timezone: the zone Bazarr's clock ran in (local, UTC or an offset such as +02:00;
default local). A file changed after Bazarr's newest record of it is left to you.

Exit codes: 0 done, 1 failed (the data dir is in use, no database yet), 2 usage or configuration
error (also a --db that is not a Bazarr database).`;

const OPTIONS = {
  db: { type: "string" },
  apply: { type: "boolean", default: false },
  json: { type: "boolean", default: false },
  "bazarr-timezone": { type: "string", default: "local" },
} as const;

interface ImportArgs {
  db: string;
  apply: boolean;
  json: boolean;
  timezone: BazarrTimezone;
  config?: string;
  help: boolean;
  version?: boolean;
}

export function parseImportBazarrArgs(argv: string[]): ImportArgs | Error {
  const values = readArgs(argv, OPTIONS);
  if (values instanceof Error) return values;
  if (values.help || values.version) return { ...values, db: "", timezone: { kind: "local" } };
  if (!values.db) return new Error("--db PATH is required: Bazarr's database, <Bazarr config>/db/bazarr.db");
  const timezone = parseBazarrTimezone(values["bazarr-timezone"]);
  if (!timezone)
    return new Error(
      `--bazarr-timezone: expected local, UTC or an offset such as +02:00, got ${JSON.stringify(values["bazarr-timezone"])}`,
    );
  return {
    db: resolve(values.db),
    apply: values.apply,
    json: values.json,
    timezone,
    config: values.config,
    help: values.help,
    version: values.version,
  };
}

/** Whether a server has migrated the database (a data dir whose first start failed may hold an empty file). */
function isSetUp(handle: DbHandle): boolean {
  try {
    return schemaVersion(handle.sqlite) !== "none";
  } catch {
    return false;
  }
}

export const importBazarrCommand: Command = async (argv, io) => {
  const args = argsOrExit(io, IMPORT_BAZARR_HELP, parseImportBazarrArgs(argv));
  if (typeof args === "number") return args;
  const loaded = loadOrReport(args.config, io);
  if (!loaded) return 2;
  if (!useExistingDataDir(loaded, io)) return 2;
  const path = databasePath(loaded.config);
  if (!existsSync(path)) {
    io.stderr(
      `no Subhound database yet at ${path}: start \`subhound serve\` once and scan the library first`,
    );
    return 1;
  }
  let bazarr: BazarrDb;
  try {
    bazarr = openBazarrDb(args.db);
  } catch (e) {
    if (!(e instanceof NotABazarrDatabase)) throw e;
    io.stderr(`--db: ${e.message}`);
    return 2;
  }
  let lock: OwnerLock | null = null;
  let handle: DbHandle | null = null;
  try {
    const owned = acquireOwnerLock(loaded.config.dataDir, { command: "import-bazarr" });
    if (owned.ok) {
      lock = owned.lock;
      if (lock.restored) io.stderr(restoreNotice(lock.restored));
      // As `scan` does: the database this version writes is the one it migrated.
      handle = openDatabase({ path, wal: loaded.config.database.wal });
      migrate(handle.sqlite);
    } else if (args.apply) {
      const after =
        owned.owner?.command === "serve"
          ? "stop it first, run the import, then start it again (a dry run works beside it)"
          : "wait for it to finish";
      io.stderr(`cannot import: ${owned.message}; ${after}`);
      return 1;
    } else {
      // A dry run only reads: beside the process that owns the data dir, on the schema it migrated.
      handle = openDatabaseReadOnly(path);
      if (!isSetUp(handle)) {
        io.stderr(`the Subhound database at ${path} is not set up yet: start \`subhound serve\` once`);
        return 1;
      }
      io.stderr(`${owned.message}: a dry run only reads beside it`);
    }
    const summary = await importFromBazarr(
      { bazarr, handle, config: loaded.config },
      { apply: args.apply, timezone: args.timezone, now: systemClock.now() },
    );
    io.stdout(args.json ? JSON.stringify(summary, null, 2) : describeImport(summary));
    return 0;
  } finally {
    handle?.close();
    lock?.release();
    bazarr.close();
  }
};
