import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { OpenAPIHono } from "@hono/zod-openapi";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { AppDeps, AppEnv } from "../../src/app.ts";
import { manualClock } from "../../src/clock.ts";
import type { ConfigInput } from "../../src/config/schema.ts";
import { openDatabase } from "../../src/db/client.ts";
import type { EventBus } from "../../src/events/bus.ts";
import { createEventsRouter } from "../../src/events/sse.routes.ts";
import { ApiError, problemResponse } from "../../src/http/problem.ts";
import { createLogger, type Logger } from "../../src/log.ts";
import type { StreamInspector } from "../../src/media/inspector.ts";
import type { ProviderCandidate, SubtitleProvider } from "../../src/providers/types.ts";
import { createRuntime, type Runtime } from "../../src/server.ts";
import {
  createWebhookProcessor,
  type WebhookProcessor,
  type WebhookProcessorDeps,
} from "../../src/webhooks/processor.ts";
import { webhooksRouter } from "../../src/webhooks/webhooks.routes.ts";
import { candidate } from "../providers/fixtures.ts";
import { TEST_API_KEY, testConfig } from "../support/runtime.ts";

export const noStreams: StreamInspector = {
  inspect: async () => ({ ok: true, streams: [], cached: false, mtimeMs: null }),
};

const srt = (text: string) =>
  `1\n00:00:01,000 --> 00:00:02,000\n${text}\n\n2\n00:00:03,000 --> 00:00:04,000\n${text}!\n`;

/** Answers every query with one German SRT and records what it was asked. */
export function scriptedProvider(queries: string[] = []): SubtitleProvider {
  return {
    name: "opensubtitles",
    rateLimit: { requests: 1000, perMs: 1000 },
    search: async (q) => {
      queries.push(`${q.title}|${q.season ?? "-"}|${q.episodes.join(",")}`);
      return [
        candidate("opensubtitles", `${q.title}-${q.episodes.join(",")}`, {
          language: "de",
          season: q.season,
          episodes: q.episodes,
          releaseNames: q.releaseName ? [q.releaseName] : [],
        }),
      ];
    },
    download: async (c: ProviderCandidate) => ({
      fileName: `${c.id}.srt`,
      bytes: new TextEncoder().encode(srt(`Hallo ${c.id}`)),
    }),
    healthCheck: async () => ({ healthy: true, message: "ok" }),
  };
}

export interface Harness {
  runtime: Runtime;
  processor: WebhookProcessor;
  media: string;
  logs: string[];
  app: OpenAPIHono<AppEnv>;
  /** Writes a placeholder video where the arr app says a file is (remote path under /tv or /movies). */
  touch(remotePath: string): string;
  post(
    kind: "sonarr" | "radarr",
    body: unknown,
    init?: { headers?: Record<string, string>; key?: string | null },
  ): Promise<Response>;
  close(): Promise<void>;
}

/**
 * A runtime over an in-memory DB with a fake inspector, a webhook processor and the webhook and
 * events routers mounted under /api/v1 the way createApp mounts routers (deps set by middleware).
 */
export function createHarness(
  input: ConfigInput,
  options: {
    provider?: SubtitleProvider;
    inspector?: StreamInspector;
    processor?: Partial<WebhookProcessorDeps>;
    heartbeatMs?: number;
    events?: (bus: EventBus) => EventBus;
  } = {},
): Harness {
  const media = mkdtempSync(join(tmpdir(), "subhound-webhooks-"));
  const logs: string[] = [];
  const log: Logger = createLogger({ level: "debug", format: "json", write: (l) => logs.push(l) });
  const clock = manualClock("2026-11-24T10:00:00Z");
  const config = testConfig({
    languages: ["de"],
    pathMappings: [
      { from: "/tv", to: join(media, "tv") },
      { from: "/movies", to: join(media, "movies") },
    ],
    ...input,
  });
  const runtime = createRuntime(config, {
    log,
    clock,
    db: openDatabase({ path: ":memory:" }),
    inspector: options.inspector ?? noStreams,
    providers: options.provider ? [{ provider: options.provider, priority: 0 }] : [],
  });
  const processor = createWebhookProcessor({
    db: runtime.deps.db,
    scanner: runtime.deps.scanner,
    searcher: runtime.deps.searcher,
    config,
    clock,
    log,
    events: runtime.deps.events,
    ...options.processor,
  });
  const events = options.events ? options.events(runtime.deps.events) : runtime.deps.events;
  const deps = { ...runtime.deps, events, webhooks: processor } as AppDeps;
  const app = new OpenAPIHono<AppEnv>();
  app.use(async (c, next) => {
    c.set("deps", deps);
    await next();
  });
  app.onError((err, c) => {
    if (err instanceof ApiError) return problemResponse(c, err.status as ContentfulStatusCode, err.detail);
    if (err instanceof HTTPException)
      return problemResponse(c, err.status as ContentfulStatusCode, err.message);
    throw err;
  });
  app.route("/api/v1", webhooksRouter);
  app.route("/api/v1", createEventsRouter({ heartbeatMs: options.heartbeatMs ?? 60_000 }));
  return {
    runtime,
    processor,
    media,
    logs,
    app,
    touch(remotePath) {
      const local = remotePath.replace(/^\/tv\//, `${media}/tv/`).replace(/^\/movies\//, `${media}/movies/`);
      mkdirSync(dirname(local), { recursive: true });
      writeFileSync(local, "video");
      return local;
    },
    post(kind, body, init = {}) {
      const headers = new Headers({ "Content-Type": "application/json", ...init.headers });
      const key = init.key === undefined ? TEST_API_KEY : init.key;
      const query = key === null ? "" : `?apikey=${key}`;
      return Promise.resolve(
        app.fetch(
          new Request(`http://subhound.test/api/v1/webhooks/${kind}${query}`, {
            method: "POST",
            headers,
            body: typeof body === "string" ? body : JSON.stringify(body),
          }),
        ),
      );
    },
    async close() {
      await processor.stop();
      await runtime.close();
      rmSync(media, { recursive: true, force: true });
    },
  };
}

export interface ItemState {
  id: number;
  status: string;
  language: string;
  path: string;
  arrFileId: number | null;
  seriesId: number | null;
  movieId: number | null;
}

export function itemsOf(runtime: Runtime): ItemState[] {
  return runtime.deps.db.sqlite
    .query<ItemState, []>(
      `SELECT w.id, w.status, w.language, f.path, f.arr_file_id AS arrFileId, f.series_id AS seriesId,
              f.movie_id AS movieId
       FROM wanted_items w JOIN media_files f ON f.id = w.media_file_id ORDER BY w.id`,
    )
    .all();
}

export interface ScanRunRow {
  id: number;
  mode: string;
  trigger: string;
  scope: Record<string, unknown>;
  status: string;
}

export function scanRuns(runtime: Runtime): ScanRunRow[] {
  return runtime.deps.db.sqlite
    .query<{ id: number; mode: string; trigger: string; scope_json: string; status: string }, []>(
      "SELECT id, mode, trigger, scope_json, status FROM scan_runs ORDER BY id",
    )
    .all()
    .map((r) => ({
      id: r.id,
      mode: r.mode,
      trigger: r.trigger,
      scope: JSON.parse(r.scope_json),
      status: r.status,
    }));
}

export function searchRuns(runtime: Runtime): { trigger: string; scope: { ids?: number[] } }[] {
  return runtime.deps.db.sqlite
    .query<{ trigger: string; scope_json: string }, []>(
      "SELECT trigger, scope_json FROM search_runs ORDER BY id",
    )
    .all()
    .map((r) => ({ trigger: r.trigger, scope: JSON.parse(r.scope_json) }));
}

/** A full scan through the scanner, as the schedule would run it. */
export async function fullScan(runtime: Runtime) {
  const started = runtime.deps.scanner.start({ mode: "full", trigger: "api" });
  if (!started.ok) throw new Error("a scan is already running");
  return started.done;
}

/** Sonarr's EpisodeFileDelete for episode 1 of `show` whose file was `file` (a manual delete). */
export function episodeFileDelete(
  show: { id: number; title: string | null; path: string },
  file: { id: number; relativePath: string },
) {
  return {
    eventType: "EpisodeFileDelete",
    series: { id: show.id, title: show.title, path: show.path },
    episodes: [{ id: 1, episodeNumber: 1, seasonNumber: 1 }],
    episodeFile: { id: file.id, relativePath: file.relativePath, path: `${show.path}/${file.relativePath}` },
    deleteReason: "manual",
    instanceName: "Sonarr",
  };
}
