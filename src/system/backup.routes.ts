import { lstatSync, mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { createRoute, z } from "@hono/zod-openapi";
import { API_KEY_SETTING } from "../auth/api-key.ts";
import type { Clock } from "../clock.ts";
import type { Config } from "../config/schema.ts";
import { copyDatabaseOffThread } from "../db/backup-copy.ts";
import { BACKUP_NAME, backupName, backupsDir, listBackups, removeStalePartials } from "../db/backup-files.ts";
import type { DbHandle } from "../db/client.ts";
import { ApiError, problems } from "../http/problem.ts";
import { createRouter } from "../http/router.ts";
import type { Logger } from "../log.ts";
import { openOnce } from "./file-once.ts";

export interface BackupRouteDeps {
  config: Config;
  db: DbHandle;
  clock: Clock;
  log: Logger;
}

const FILE_NAME_EXAMPLE = "subhound-20261124T093000Z.db";

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
    "A consistent copy of the live database, made off the event loop (SQLite `VACUUM INTO` on a connection of its own) into a temporary file in `<dataDir>/backups` that is removed as soon as it is being sent. The server goes on writing meanwhile. Restore: stop Subhound, put the file in place of `<dataDir>/subhound.db`, remove `subhound.db-wal` and `subhound.db-shm`, start it.",
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
  request: {
    params: z.object({
      name: z
        .string()
        .regex(BACKUP_NAME, "not a backup name (subhound-YYYYMMDDTHHMMSSZ.db)")
        .openapi({ example: FILE_NAME_EXAMPLE }),
    }),
  },
  responses: {
    200: download,
    ...problems(400, 401, 404, 500),
  },
});

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
  });
