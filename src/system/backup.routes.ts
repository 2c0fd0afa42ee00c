import { lstatSync, mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { createRoute, z } from "@hono/zod-openapi";
import { API_KEY_SETTING } from "../auth/api-key.ts";
import type { Clock } from "../clock.ts";
import type { Config } from "../config/schema.ts";
import { copyDatabaseOffThread } from "../db/backup-copy.ts";
import { BACKUP_NAME, backupName, backupsDir, listBackups, removeStalePartials } from "../db/backup-files.ts";
import type { DbHandle } from "../db/client.ts";
import { jsonResponse } from "../http/json-response.ts";
import { ApiError, problems } from "../http/problem.ts";
import { createRouter } from "../http/router.ts";
import type { Logger } from "../log.ts";
import { formatBytes } from "../net/capped-body.ts";
import { openOnce } from "./file-once.ts";
import { type RestartControl, restartWords } from "./restart.ts";
import {
  cancelStaged,
  MAX_RESTORE_UPLOAD_BYTES,
  type StagedRestore,
  stageBackup,
  stageUpload,
} from "./restore.ts";
import { SupervisorSchema } from "./system.routes.ts";

export interface BackupRouteDeps {
  config: Config;
  db: DbHandle;
  clock: Clock;
  log: Logger;
  /** Set by `serve`: a restore asked with `restart` restarts through it. */
  restart?: RestartControl;
}

const FILE_NAME_EXAMPLE = "subhound-20261124T093000Z.db";

const BackupNameParam = z.object({
  name: z
    .string()
    .regex(BACKUP_NAME, "not a backup name (subhound-YYYYMMDDTHHMMSSZ.db)")
    .openapi({ example: FILE_NAME_EXAMPLE }),
});

const download = {
  description:
    "A SQLite database file. The API key Subhound generated on first start (if any) is left out: secrets never leave the server.",
  headers: {
    "Content-Disposition": {
      description: "attachment, with the backup's file name",
      schema: { type: "string" as const, example: `attachment; filename="${FILE_NAME_EXAMPLE}"` },
    },
  },
  content: {
    "application/octet-stream": {
      schema: z.string().openapi({ format: "binary" }),
      example: "SQLite format 3\u0000…",
    },
  },
};

const backupNow = createRoute({
  method: "get",
  path: "/system/backup",
  operationId: "downloadBackup",
  tags: ["System"],
  summary: "Download a backup of the database, made now",
  description:
    "A consistent copy of the live database, made off the event loop (SQLite `VACUUM INTO` on a connection of its own) into a temporary file in `<dataDir>/backups` that is removed as soon as it is being sent. The server goes on writing meanwhile. Restore it with `POST /system/restore`.",
  responses: {
    200: download,
    ...problems(401, 409, 500),
  },
});

const BackupFileSchema = z
  .object({
    name: z.string().openapi({ example: FILE_NAME_EXAMPLE }),
    sizeBytes: z.number().int(),
    createdAt: z.string().openapi({ description: "When the backup was made (from its name)" }),
  })
  .openapi("BackupFile");

const list = createRoute({
  method: "get",
  path: "/system/backups",
  operationId: "listBackups",
  tags: ["System"],
  summary: "The maintenance job's backups, newest first",
  description:
    "Files in `<dataDir>/backups` named like the maintenance job names them; it keeps `maintenance.backupRetention` of them.",
  responses: {
    200: {
      description: "The backups on the server",
      content: {
        "application/json": {
          schema: z
            .object({ directory: z.string(), backups: z.array(BackupFileSchema) })
            .openapi("BackupList"),
          example: {
            directory: "/var/lib/subhound/backups",
            backups: [{ name: FILE_NAME_EXAMPLE, sizeBytes: 401408, createdAt: "2026-11-24T09:30:00Z" }],
          },
        },
      },
    },
    ...problems(401),
  },
});

const named = createRoute({
  method: "get",
  path: "/system/backups/{name}",
  operationId: "downloadNamedBackup",
  tags: ["System"],
  summary: "Download one of the maintenance job's backups",
  description:
    "Only a name the maintenance job gives (`subhound-YYYYMMDDTHHMMSSZ.db`) is accepted; anything else is refused with 400.",
  request: { params: BackupNameParam },
  responses: {
    200: download,
    ...problems(400, 401, 404, 500),
  },
});

const RestoreStagedSchema = z
  .object({
    source: z.string().openapi({ description: "The backup's name, or `upload`" }),
    path: z.string().openapi({ description: "Where the checked copy waits: `<dataDir>/restore-pending.db`" }),
    sizeBytes: z.number().int(),
    schemaVersion: z
      .string()
      .openapi({ description: "The newest migration in the backup", example: "0019_sync" }),
    migrationsAtStart: z
      .number()
      .int()
      .openapi({ description: "Migrations the next start applies to it (a backup from an older Subhound)" }),
    keptAs: z.string().openapi({
      description:
        "Where the database in use now is kept when the backup replaces it (with its -wal and -shm)",
    }),
    restarting: z.boolean().openapi({ description: "True when Subhound is restarting now to apply it" }),
    supervisor: SupervisorSchema,
    message: z.string().openapi({ description: "What happens next, in words" }),
  })
  .openapi("RestoreStaged");

const RESTORE_EXAMPLE = {
  source: FILE_NAME_EXAMPLE,
  path: "/var/lib/subhound/restore-pending.db",
  sizeBytes: 401408,
  schemaVersion: "0019_sync",
  migrationsAtStart: 0,
  keptAs: "/var/lib/subhound/backups/subhound-before-restore-<UTC time>.db",
  restarting: true,
  supervisor: "systemd",
  message: "The backup is checked and staged …",
};

const RESTORE_STEPS =
  "The file is copied into the data dir, checked off the event loop (it opens as SQLite, `PRAGMA integrity_check` says ok, it has Subhound's tables and migrations, none newer than this build knows) and staged atomically as `<dataDir>/restore-pending.db`, replacing one staged before. The next start (a restart, or any `subhound` command that takes the data dir) puts it in place of `subhound.db` before opening the database and keeps the database in use as `<dataDir>/backups/subhound-before-restore-<UTC time>.db` with its -wal and -shm (never rotated away); a backup from an older Subhound is then migrated. 409 for a backup made by a newer Subhound, or while another restore is being checked; 422 for a file that is not SQLite, is damaged, or is not Subhound's.";

const restoreNamed = createRoute({
  method: "post",
  path: "/system/backups/{name}/restore",
  operationId: "restoreNamedBackup",
  tags: ["System"],
  summary: "Stage one of the maintenance job's backups for a restore",
  description: `${RESTORE_STEPS} With \`{"restart": true}\` Subhound then restarts as \`POST /system/restart\` does. Only a name the maintenance job gives is accepted (400 otherwise, 404 when there is no such backup).`,
  request: {
    params: BackupNameParam,
    body: {
      required: false,
      content: {
        "application/json": {
          schema: z
            .object({
              restart: z
                .boolean()
                .optional()
                .openapi({ description: "Restart now to apply it (default false: at the next start)" }),
            })
            .openapi("RestoreRequest"),
          example: { restart: true },
        },
      },
    },
  },
  responses: {
    202: jsonResponse(RestoreStagedSchema, "Checked and staged", RESTORE_EXAMPLE),
    ...problems(400, 401, 404, 409, 422, 500),
  },
});

const restoreUpload = createRoute({
  method: "post",
  path: "/system/restore",
  operationId: "restoreUploadedBackup",
  tags: ["System"],
  summary: "Stage an uploaded backup for a restore",
  description: `The request body is the backup file itself (\`curl -H 'Content-Type: application/octet-stream' --data-binary @subhound-….db\`), written to disk as it arrives: at most ${formatBytes(MAX_RESTORE_UPLOAD_BYTES)}, a larger declared length is refused unread and a longer body as soon as it passes the cap (413). ${RESTORE_STEPS} With \`?restart=true\` Subhound then restarts as \`POST /system/restart\` does. A downloaded backup lacks the API key Subhound generated: without \`auth.apiKey\` configured, the next start generates a new one.`,
  request: {
    query: z.object({
      restart: z.stringbool().optional().openapi({
        description: "Restart now to apply it (default false: at the next start)",
        example: "true",
      }),
    }),
    body: {
      required: true,
      content: {
        "application/octet-stream": { schema: z.string().openapi({ format: "binary" }) },
        "application/vnd.sqlite3": { schema: z.string().openapi({ format: "binary" }) },
      },
    },
  },
  responses: {
    202: jsonResponse(RestoreStagedSchema, "Checked and staged", { ...RESTORE_EXAMPLE, source: "upload" }),
    ...problems(400, 401, 409, 422, 500),
    413: {
      ...problems(413)[413],
      description: `The upload is larger than ${formatBytes(MAX_RESTORE_UPLOAD_BYTES)}`,
    },
  },
});

const cancelRestore = createRoute({
  method: "delete",
  path: "/system/restore",
  operationId: "cancelStagedRestore",
  tags: ["System"],
  summary: "Forget the staged restore",
  description:
    "Removes `<dataDir>/restore-pending.db`: the next start keeps the database in use. 404 when none is staged.",
  responses: {
    204: { description: "The staged restore is gone" },
    ...problems(401, 404),
  },
});

/** The answer to a staged restore, restarting now when asked and possible. */
function staged(deps: BackupRouteDeps, staged: StagedRestore, wantsRestart: boolean) {
  const keptAs = join(backupsDir(deps.config.dataDir), "subhound-before-restore-<UTC time>.db");
  const upgrade =
    staged.migrationsAtStart > 0
      ? `, then upgrades it to this version's schema (${staged.migrationsAtStart} migration${staged.migrationsAtStart === 1 ? "" : "s"})`
      : "";
  const plan = `The backup is checked and staged as ${staged.path}. At the next start Subhound puts it in place of the database${upgrade}, keeping the database in use now as ${keptAs} (with its -wal and -shm).`;
  let restarting = false;
  let next = "Restart Subhound to apply it (Restart on the System page, or POST /api/v1/system/restart).";
  if (wantsRestart && !deps.restart)
    next = "This process cannot restart itself: restart Subhound to apply it.";
  else if (wantsRestart && deps.restart) {
    const answer = deps.restart.request("restart requested to apply a restore");
    restarting = answer.ok;
    next = answer.ok
      ? restartWords(deps.restart.supervisor)
      : `${answer.reason}: the backup is applied as it starts again.`;
  }
  return {
    ...staged,
    keptAs,
    restarting,
    supervisor: deps.restart?.supervisor ?? null,
    message: `${plan} ${next}`,
  };
}

/** Copies `from` off the event loop without the stored API key and sends the copy, removing it. */
async function sendCopy(deps: BackupRouteDeps, from: string, fileName: string): Promise<Response> {
  const dir = backupsDir(deps.config.dataDir);
  mkdirSync(dir, { recursive: true });
  const stale = removeStalePartials(dir, deps.clock.now());
  if (stale.length) deps.log.info("removed partial backup copies a stopped server left", { files: stale });
  // A dot name the maintenance job's pattern never matches: never listed, never rotated away.
  const temp = join(dir, `.download-${crypto.randomUUID()}.db`);
  const started = performance.now();
  try {
    await copyDatabaseOffThread({ from, to: temp, withoutSettings: [API_KEY_SETTING] });
  } catch (error) {
    rmSync(temp, { force: true });
    deps.log.error("backup copy failed", { from, error });
    throw new ApiError(500, `the backup could not be made: ${(error as Error).message}`);
  }
  const { size, body } = openOnce(temp);
  deps.log.info("backup sent", {
    file: fileName,
    sizeBytes: size,
    copyMs: Math.round(performance.now() - started),
  });
  return new Response(body, {
    status: 200,
    headers: {
      "Content-Type": "application/octet-stream",
      "Content-Length": String(size),
      "Content-Disposition": `attachment; filename="${fileName}"`,
      "Cache-Control": "no-store",
    },
  });
}

export const backupRouter = createRouter<BackupRouteDeps>()
  .openapi(backupNow, async (c) => {
    const deps = c.get("deps");
    if (deps.db.path === ":memory:")
      throw new ApiError(409, "the database is in memory (a test setup); there is no file to back up");
    return sendCopy(deps, deps.db.path, backupName(deps.clock.now()));
  })
  .openapi(list, (c) => {
    const dir = backupsDir(c.get("deps").config.dataDir);
    return c.json({ directory: dir, backups: listBackups(dir) }, 200);
  })
  .openapi(named, async (c) => {
    const deps = c.get("deps");
    const { name } = c.req.valid("param");
    const path = join(backupsDir(deps.config.dataDir), name);
    // lstat: a symbolic link placed in the folder is not the job's backup.
    if (!lstatSync(path, { throwIfNoEntry: false })?.isFile())
      throw new ApiError(404, `no backup named ${name}`);
    return sendCopy(deps, path, name);
  })
  .openapi(restoreNamed, async (c) => {
    const deps = c.get("deps");
    const { name } = c.req.valid("param");
    // Without a JSON content type the validator passes {}: restart stays off.
    const body = c.req.valid("json") ?? {};
    const result = await stageBackup({ dataDir: deps.config.dataDir, log: deps.log }, name);
    return c.json(staged(deps, result, body.restart === true), 202);
  })
  .openapi(restoreUpload, async (c) => {
    const deps = c.get("deps");
    const { restart } = c.req.valid("query");
    const result = await stageUpload({ dataDir: deps.config.dataDir, log: deps.log }, c.req.raw);
    return c.json(staged(deps, result, restart === true), 202);
  })
  .openapi(cancelRestore, (c) => {
    const deps = c.get("deps");
    if (!cancelStaged(deps.config.dataDir)) throw new ApiError(404, "no restore is staged");
    deps.log.info("staged restore cancelled");
    return c.body(null, 204);
  });
