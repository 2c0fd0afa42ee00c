import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { systemClock } from "../clock.ts";
import { type DbHandle, databasePath, openDatabase, openDatabaseReadOnly } from "../db/client.ts";
import { migrate, schemaVersion } from "../db/migrate.ts";
import { acquireOwnerLock, type OwnerLock } from "../db/owner-lock.ts";
import { restoreNotice } from "../db/restore-pending.ts";
import { type BazarrDb, NotABazarrDatabase, openBazarrDb } from "../import/bazarr-db.ts";
import { importFromBazarr } from "../import/bazarr-import.ts";
import {
  NotBazarrSettings,
  readBazarrSettings,
  renderSettingsToml,
  settingsJson,
  writeSettingsDraft,
} from "../import/bazarr-settings.ts";
import { draftFromBazarrSettings, type SettingsDraft } from "../import/bazarr-settings-draft.ts";
import { type BazarrTimezone, parseBazarrTimezone } from "../import/bazarr-time.ts";
import { describeImport } from "../import/import-report.ts";
import { argsOrExit, type Command, readArgs } from "./command.ts";
import { type Io, useExistingDataDir } from "./data-dir.ts";
import { loadOrReport } from "./load-config.ts";

export const IMPORT_BAZARR_HELP = `Usage: subhound import-bazarr --db PATH [--apply] [--json] [--bazarr-timezone ZONE] [--config PATH]
       subhound import-bazarr --settings PATH [--write-config PATH] [--db PATH ...]

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

--settings: Bazarr's settings (<Bazarr config>/config/config.yaml, only ever read), with or without
--db. Prints a config.toml draft of what Subhound has an equivalent for (Sonarr/Radarr with their
path mappings, providers with their credentials, the HTTP proxy, minimum scores, upgrades, the HI
tag, …) and what it did not carry over, with why. Secrets are shown as ***.
--write-config PATH: also write that draft with the real secrets to PATH (mode 0600; an existing
file is never overwritten). Read it, then merge it into config.toml.

Exit codes: 0 done, 1 failed (the data dir is in use, no database yet), 2 usage or configuration
error (also a --db that is not a Bazarr database, a --settings that is not Bazarr's config.yaml).`;

const OPTIONS = {
  db: { type: "string" },
  apply: { type: "boolean", default: false },
  json: { type: "boolean", default: false },
  "bazarr-timezone": { type: "string", default: "local" },
  settings: { type: "string" },
  "write-config": { type: "string" },
} as const;

interface ImportArgs {
  /** "" when only --settings is given. */
  db: string;
  settings?: string;
  writeConfig?: string;
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
  if (!values.db && !values.settings)
    return new Error(
      "--db PATH is required: Bazarr's database, <Bazarr config>/db/bazarr.db (or --settings PATH alone: its config/config.yaml)",
    );
  if (values["write-config"] !== undefined && !values.settings)
    return new Error("--write-config needs --settings PATH: it writes the draft made from Bazarr's settings");
  if (values.apply && !values.db)
    return new Error("--apply needs --db PATH: the settings are only ever printed");
  const timezone = parseBazarrTimezone(values["bazarr-timezone"]);
  if (!timezone)
    return new Error(
      `--bazarr-timezone: expected local, UTC or an offset such as +02:00, got ${JSON.stringify(values["bazarr-timezone"])}`,
    );
  return {
    db: values.db ? resolve(values.db) : "",
    settings: values.settings ? resolve(values.settings) : undefined,
    writeConfig: values["write-config"] ? resolve(values["write-config"]) : undefined,
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

/** The draft of Bazarr's settings, written where --write-config says; an exit code when it cannot be. */
function settingsPart(args: ImportArgs, io: Io): SettingsDraft | number {
  let draft: SettingsDraft;
  try {
    draft = draftFromBazarrSettings(readBazarrSettings(args.settings!));
  } catch (e) {
    if (!(e instanceof NotBazarrSettings)) throw e;
    io.stderr(`--settings: ${e.message}`);
    return 2;
  }
  if (args.writeConfig) {
    try {
      writeSettingsDraft(args.writeConfig, draft);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      io.stderr(
        code === "EEXIST"
          ? `--write-config: ${args.writeConfig} already exists; not overwritten (choose a new path, then merge it into config.toml)`
          : `--write-config: cannot write ${args.writeConfig} (${code ?? (e as Error).message})`,
      );
      return 1;
    }
    io.stderr(`wrote the draft with its secrets to ${args.writeConfig} (mode 0600)`);
  }
  return draft;
}

export const importBazarrCommand: Command = async (argv, io) => {
  const args = argsOrExit(io, IMPORT_BAZARR_HELP, parseImportBazarrArgs(argv));
  if (typeof args === "number") return args;
  let draft: SettingsDraft | undefined;
  if (args.settings) {
    const made = settingsPart(args, io);
    if (typeof made === "number") return made;
    draft = made;
    if (!args.db) {
      io.stdout(
        args.json
          ? JSON.stringify({ settings: settingsJson(draft) }, null, 2)
          : renderSettingsToml(draft, { secrets: false }),
      );
      return 0;
    }
  }
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
    if (args.json)
      io.stdout(JSON.stringify(draft ? { ...summary, settings: settingsJson(draft) } : summary, null, 2));
    else {
      if (draft) io.stdout(renderSettingsToml(draft, { secrets: false }));
      io.stdout(describeImport(summary));
    }
    return 0;
  } finally {
    handle?.close();
    lock?.release();
    bazarr.close();
  }
};
