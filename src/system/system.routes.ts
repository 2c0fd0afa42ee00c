import { statSync } from "node:fs";
import { createRoute, z } from "@hono/zod-openapi";
import type { BuildInfo } from "../build-info.ts";
import type { Clock } from "../clock.ts";
import { redactConfig } from "../config/load.ts";
import type { Config } from "../config/schema.ts";
import type { DbHandle } from "../db/client.ts";
import { schemaVersion } from "../db/migrate.ts";
import { pendingRestore } from "../db/restore-pending.ts";
import { jsonResponse } from "../http/json-response.ts";
import { ApiError, problems } from "../http/problem.ts";
import { createRouter } from "../http/router.ts";
import type { Prober } from "../media/probe/probe.ts";
import { type RestartControl, restartWords } from "./restart.ts";

export interface SystemRouteDeps {
  config: Config;
  db: DbHandle;
  clock: Clock;
  build: BuildInfo;
  startedAt: Date;
  prober: Prober;
  /** Set by `serve` once it runs: the restart of this process. Absent elsewhere (tests, CLI commands). */
  restart?: RestartControl;
}

export type ReloadResult =
  | { ok: true; rescheduled: string[]; restartNeeded: string[] }
  | { ok: false; error: string };

export interface ReloadRouteDeps {
  /** Re-reads the configuration and reschedules the jobs; what else changed needs a restart. */
  reload(): ReloadResult;
}

export const SupervisorSchema = z.enum(["systemd", "container"]).nullable().openapi("Supervisor", {
  description:
    "What starts Subhound again after a restart, as far as the process can tell: `systemd` (a service: INVOCATION_ID set and systemd its parent), `container` (/.dockerenv or /run/.containerenv), or null (nothing known: after a restart, start it again yourself)",
});

export const SystemStatusSchema = z
  .object({
    version: z.string(),
    commit: z.string(),
    buildDate: z.string(),
    compiled: z.boolean().openapi({ description: "True when running as the single compiled binary" }),
    startedAt: z.string(),
    uptimeSeconds: z.number(),
    dataDir: z.string(),
    database: z.object({
      path: z.string(),
      sizeBytes: z.number().int().openapi({ description: "Main file plus WAL" }),
      schemaVersion: z.string().openapi({ example: "0000_init" }),
      journalMode: z.string().openapi({ example: "wal" }),
    }),
    runtime: z.object({ bun: z.string(), platform: z.string(), arch: z.string() }),
    probe: z.object({
      engine: z.enum(["auto", "native", "ffprobe"]),
      ffprobe: z.object({
        available: z.boolean(),
        path: z.string().optional(),
        reason: z.string().optional().openapi({ description: "Why ffprobe cannot be used, when it cannot" }),
      }),
    }),
    config: z
      .record(z.string(), z.unknown())
      .openapi({ description: "The effective configuration with every secret replaced by ***" }),
    canRestart: z.boolean().openapi({
      description: "Whether `POST /system/restart` works here: true for a server run by `subhound serve`",
    }),
    supervisor: SupervisorSchema,
    pendingRestore: z.object({ sizeBytes: z.number().int(), stagedAt: z.string() }).nullable().openapi({
      description:
        "A restore staged through the API (`<dataDir>/restore-pending.db`), put in place of the database at the next start",
    }),
  })
  .openapi("SystemStatus");

const get = createRoute({
  method: "get",
  path: "/system/status",
  operationId: "getSystemStatus",
  tags: ["System"],
  summary: "Version, database and effective configuration",
  responses: {
    200: {
      description: "Status of this Subhound",
      content: {
        "application/json": {
          schema: SystemStatusSchema,
          example: {
            version: "0.1.0",
            commit: "abc1234",
            buildDate: "2026-11-24T00:00:00Z",
            compiled: true,
            startedAt: "2026-11-24T09:00:00.000Z",
            uptimeSeconds: 3600,
            dataDir: "/var/lib/subhound",
            database: {
              path: "/var/lib/subhound/subhound.db",
              sizeBytes: 401408,
              schemaVersion: "0000_init",
              journalMode: "wal",
            },
            runtime: { bun: "1.4.4", platform: "linux", arch: "x64" },
            probe: { engine: "auto", ffprobe: { available: true, path: "/usr/bin/ffprobe" } },
            config: { server: { host: "0.0.0.0", port: 6868 }, auth: { apiKey: "***" } },
            canRestart: true,
            supervisor: "systemd",
            pendingRestore: null,
          },
        },
      },
    },
    ...problems(401),
  },
});

function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

const RestartStartedSchema = z
  .object({
    supervisor: SupervisorSchema,
    message: z.string().openapi({ description: "What happens next, in words" }),
  })
  .openapi("RestartStarted");

const restartRoute = createRoute({
  method: "post",
  path: "/system/restart",
  operationId: "restartServer",
  tags: ["System"],
  summary: "Stop gracefully and exit for the supervisor to start Subhound again",
  description:
    "Answers 202 first, then stops exactly as SIGTERM does (same steps, same deadline) and exits with status 75 (EX_TEMPFAIL). systemd (`Restart=on-failure`; the shipped unit also sets `RestartForceExitStatus=75`) and Docker's restart policies (`on-failure`, `always`, `unless-stopped`) start it again; run by hand, the process just ends. A restore staged with `POST /system/backups/{name}/restore` or `POST /system/restore` is put in place as it starts. 409 when this process cannot restart itself (not run by `subhound serve`) or is stopping already.",
  responses: {
    202: jsonResponse(RestartStartedSchema, "The stop has begun", {
      supervisor: "systemd",
      message: restartWords("systemd"),
    }),
    ...problems(401, 409),
  },
});

export const systemRouter = createRouter<SystemRouteDeps>()
  .openapi(get, (c) => {
    const { config, db, clock, startedAt, build, prober, restart } = c.get("deps");
    const journal = db.sqlite.query<{ journal_mode: string }, []>("PRAGMA journal_mode").get();
    return c.json(
      {
        version: build.version,
        commit: build.commit,
        buildDate: build.buildDate,
        compiled: build.compiled,
        startedAt: startedAt.toISOString(),
        uptimeSeconds: Math.round((clock.now().getTime() - startedAt.getTime()) / 1000),
        dataDir: config.dataDir,
        database: {
          path: db.path,
          sizeBytes: db.path === ":memory:" ? 0 : fileSize(db.path) + fileSize(`${db.path}-wal`),
          schemaVersion: schemaVersion(db.sqlite),
          journalMode: journal?.journal_mode ?? "unknown",
        },
        runtime: { bun: Bun.version, platform: process.platform, arch: process.arch },
        probe: { engine: config.scan.probeEngine, ffprobe: prober.ffprobeStatus() },
        config: redactConfig(config) as Record<string, unknown>,
        canRestart: restart !== undefined,
        supervisor: restart?.supervisor ?? null,
        pendingRestore: pendingRestore(config.dataDir),
      },
      200,
    );
  })
  .openapi(restartRoute, (c) => {
    const { restart } = c.get("deps");
    if (!restart)
      throw new ApiError(
        409,
        "this process cannot restart itself: only a server run by `subhound serve` can",
      );
    const answer = restart.request("restart requested through the API");
    if (!answer.ok) throw new ApiError(409, answer.reason);
    return c.json({ supervisor: restart.supervisor, message: restartWords(restart.supervisor) }, 202);
  });

const reload = createRoute({
  method: "post",
  path: "/system/reload",
  operationId: "reloadConfig",
  tags: ["System"],
  summary: "Re-read the configuration and reschedule the jobs",
  description:
    "The same as sending SIGHUP. Library sources, languages and profiles, providers, translation, Whisper, media servers, notifiers, schedules, search and webhook settings take effect at once (the next scan or search uses them); `restartNeeded` lists every other changed key (e.g. `server.port`, `log.level`), which takes effect after a restart. An invalid configuration changes nothing and answers 400 naming the key.",
  responses: {
    200: {
      description: "Reloaded",
      content: {
        "application/json": {
          schema: z
            .object({ rescheduled: z.array(z.string()), restartNeeded: z.array(z.string()) })
            .openapi("ReloadResult"),
          example: { rescheduled: ["wanted-scan"], restartNeeded: [] },
        },
      },
    },
    ...problems(400, 401),
  },
});

export const reloadRouter = createRouter<ReloadRouteDeps>().openapi(reload, (c) => {
  const result = c.get("deps").reload();
  if (!result.ok) throw new ApiError(400, `configuration not reloaded: ${result.error}`);
  return c.json({ rescheduled: result.rescheduled, restartNeeded: result.restartNeeded }, 200);
});
