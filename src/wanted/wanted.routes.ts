import { createRoute } from "@hono/zod-openapi";
import type { Clock } from "../clock.ts";
import { perConfig } from "../config/config-version.ts";
import type { Config } from "../config/schema.ts";
import type { DbHandle } from "../db/client.ts";
import { jsonResponse } from "../http/json-response.ts";
import { ApiError, problems } from "../http/problem.ts";
import { createRouter } from "../http/router.ts";
import { JsonText } from "../http/scrub-responses.ts";
import type { Logger } from "../log.ts";
import { profileSet } from "../profiles/profile.ts";
import type { WantedListReader } from "./list-reader.ts";
import { databaseVersion, keepPage, keptPage, pageKey, pageValidUntil } from "./page-cache.ts";
import type { Searcher } from "./search.ts";
import {
  deleteWanted,
  parseStatusFilter,
  summarizeWanted,
  updateWanted,
  wantedRecord,
} from "./store/index.ts";
import {
  IdParamSchema,
  WantedItemDetailSchema,
  WantedItemSchema,
  WantedListQuerySchema,
  WantedPageSchema,
  WantedPatchSchema,
  WantedSummarySchema,
} from "./wanted.schemas.ts";
import { explainerAt, type WantedPageInput, wantedPage } from "./wanted-page.ts";
import { toWantedDetail, toWantedView } from "./wanted-view.ts";

export interface WantedRouteDeps {
  config: Config;
  db: DbHandle;
  clock: Clock;
  searcher: Searcher;
  /** When the search job runs next, for the reasons shown; the scheduler (a layer up) provides it. */
  scheduler: { nextRun(name: string): string | null };
  /** Answers list pages off the server's thread; null where there is no worker (an in-memory database, no WAL). */
  wantedReader: WantedListReader | null;
  log: Logger;
}

const tags = ["Wanted"];

const itemExample = {
  id: 42,
  status: "wanted",
  language: "de",
  languageName: "German",
  variant: "full",
  kind: "episode",
  instance: "main",
  title: "Breaking Bad",
  season: 1,
  episodes: [1],
  year: 2008,
  seriesId: 1,
  movieId: null,
  path: "/mnt/tv/Breaking Bad/Season 01/Breaking Bad - S01E01 - Pilot Bluray-1080p.mkv",
  satisfiedBy: null,
  upgradeCandidate: false,
  reason: {
    code: "image_based_only",
    text: 'German exists but is image-based only (embedded PGS stream 3); the profile takes text streams only (embedded = "text").',
  },
  attempts: 2,
  maxAttempts: 10,
  lastSearchedAt: "2026-11-24T09:00:00.000Z",
  retryAfter: "2026-11-24T11:00:00.000Z",
  autoSearch: "waiting",
  nextRetryAt: "2026-11-24T11:00:00.000Z",
  lastError: "no subtitle found",
  addedAt: "2026-11-24T10:00:00.000Z",
  updatedAt: "2026-11-24T10:00:00.000Z",
  resolvedAt: null,
  translate: null,
  whisper: null,
  machine: null,
  fileMissingSince: null,
};

// Worked out once per config version (a reload moves it).
const profilesOf = perConfig((config) => ({
  set: profileSet(config),
  maxAttempts: config.search.maxAttempts,
  afterAttemptsEveryDays: config.search.afterAttemptsEveryDays,
}));

/** Says why each item is wanted, as of now (the wanted list and the library pages alike). */
export function explainerFor(deps: Pick<WantedRouteDeps, "scheduler" | "db" | "config" | "clock">) {
  return explainerAt(deps.db, profilesOf(deps.config), {
    now: deps.clock.now().toISOString(),
    nextSearchRun: deps.scheduler.nextRun("wanted-search"),
  });
}

const list = createRoute({
  method: "get",
  path: "/wanted",
  operationId: "listWanted",
  tags,
  summary: "List wanted items",
  description:
    "One item per video file × language × variant. Without `status`, resolved items (a subtitle exists) are left out. Each item says why it is wanted (`reason`), how its automatic search stands (`attempts` of `maxAttempts`, `autoSearch`, `nextRetryAt`) and what the last search reported (`lastError`).",
  request: { query: WantedListQuerySchema },
  responses: {
    200: jsonResponse(WantedPageSchema, "A page of items", {
      items: [itemExample],
      page: 1,
      pageSize: 50,
      total: 1,
    }),
    ...problems(400, 401),
  },
});

const summary = createRoute({
  method: "get",
  path: "/wanted/summary",
  operationId: "getWantedSummary",
  tags,
  summary: "Counts by status, kind, language and existing subtitle",
  responses: {
    200: jsonResponse(WantedSummarySchema, "Counts", {
      total: 3,
      byStatus: { wanted: 2, resolved: 1 },
      wantedByLanguageVariant: [
        { language: "de", variant: "full", count: 1 },
        { language: "en", variant: "forced", count: 1 },
      ],
      byKind: { episode: 3 },
      byInstance: { main: 3 },
      byLanguage: { de: 2, en: 1 },
      byLanguageStatus: { de: { wanted: 2 }, en: { resolved: 1 } },
      byInstanceStatus: { main: { wanted: 2, resolved: 1 } },
      byExisting: { none: 2, sidecar: 1 },
      upgradeCandidates: 0,
      fallbacks: {
        translated: 4,
        translationFailures: 1,
        translationMeanMs: 5200,
        transcribed: 0,
        transcriptionFailures: 0,
        transcriptionMeanMs: null,
      },
    }),
    ...problems(401),
  },
});

const getOne = createRoute({
  method: "get",
  path: "/wanted/{id}",
  operationId: "getWantedItem",
  tags,
  summary: "One item with its file and the subtitles it already has",
  request: { params: IdParamSchema },
  responses: {
    200: jsonResponse(WantedItemDetailSchema, "The item", {
      ...itemExample,
      file: {
        source: "sonarr",
        arrFileId: 555,
        arrPath: "/tv/Breaking Bad/Season 01/Breaking Bad - S01E01 - Pilot Bluray-1080p.mkv",
        relativePath: "Season 01/Breaking Bad - S01E01 - Pilot Bluray-1080p.mkv",
        size: 2147483648,
        sceneName: "Breaking.Bad.S01E01.1080p.BluRay.x264-ROVERS",
        releaseGroup: "ROVERS",
        dateAdded: "2023-01-05T10:20:00.000Z",
        inspectedAt: "2026-11-24T06:00:00.000Z",
        subtitles: {
          streams: [
            {
              index: 2,
              codec: "subrip",
              language: "eng",
              languageIetf: null,
              title: null,
              forced: false,
              hearingImpaired: false,
              default: true,
              textBased: true,
            },
            {
              index: 3,
              codec: "hdmv_pgs_subtitle",
              language: "ger",
              languageIetf: null,
              title: null,
              forced: false,
              hearingImpaired: false,
              default: false,
              textBased: false,
            },
          ],
          sidecars: [],
        },
      },
    }),
    ...problems(400, 401, 404),
  },
});

const patch = createRoute({
  method: "patch",
  path: "/wanted/{id}",
  operationId: "updateWantedItem",
  tags,
  summary: "Ignore or un-ignore an item; switch its translation and Whisper fallbacks",
  description:
    "An ignored item is never searched and survives every rescan until you un-ignore it. `translate`/`whisper` override the profile for this item; null follows the profile again.",
  request: {
    params: IdParamSchema,
    body: {
      required: true,
      content: { "application/json": { schema: WantedPatchSchema, example: { ignored: true } } },
    },
  },
  responses: {
    200: jsonResponse(WantedItemSchema, "The updated item", {
      ...itemExample,
      status: "ignored",
      autoSearch: "off",
      nextRetryAt: null,
    }),
    ...problems(400, 401, 404, 415),
  },
});

const remove = createRoute({
  method: "delete",
  path: "/wanted/{id}",
  operationId: "deleteWantedItem",
  tags,
  summary: "Forget an item",
  description:
    "The next scan that sees the file recreates it if the subtitle is still missing; to keep it away, ignore it.",
  request: { params: IdParamSchema },
  responses: { 204: { description: "Deleted" }, ...problems(400, 401, 404) },
});

export const wantedRouter = createRouter<WantedRouteDeps>()
  .openapi(list, async (c) => {
    const query = c.req.valid("query");
    const statuses = parseStatusFilter(query.status);
    if (statuses instanceof Error)
      throw new ApiError(400, statuses.message, { errors: [{ path: "status", message: statuses.message }] });
    const deps = c.get("deps");
    const input: WantedPageInput = {
      query,
      statuses,
      now: deps.clock.now().toISOString(),
      nextSearchRun: deps.scheduler.nextRun("wanted-search"),
    };
    const started = performance.now();
    // Server-Timing says where the page was worked out and how long it took (browsers' devtools show it).
    const timing = (where: string) => ({
      "Server-Timing": `page;desc="${where}";dur=${(performance.now() - started).toFixed(2)}`,
    });
    // Read before the page: an answer is never kept under a version newer than what it shows.
    const { sqlite } = deps.db;
    const at = { version: databaseVersion(sqlite), basis: profilesOf(deps.config), now: input.now };
    const key = pageKey(input);
    const kept = keptPage(sqlite, key, at);
    if (kept !== null) return c.json(new JsonText(kept) as never, 200, timing("kept"));
    const answer = (body: string, validUntil: string | null, where: string) => {
      keepPage(sqlite, key, { version: at.version, basis: at.basis, validUntil, text: body });
      // c.json sends the text as it is (scrubbed).
      return c.json(new JsonText(body) as never, 200, timing(where));
    };
    const inThread = () => {
      const page = wantedPage(deps.db, input, at.basis);
      return answer(JSON.stringify(page), pageValidUntil(page), "server thread");
    };
    const offThread = deps.wantedReader?.page(input, deps.config);
    if (!offThread) return inThread();
    try {
      const { body, validUntil } = await offThread;
      return answer(body, validUntil, "list worker");
    } catch (error) {
      deps.log.warn("wanted list answered in the server's thread", { error: (error as Error).message });
      return inThread();
    }
  })
  .openapi(summary, (c) =>
    c.json(
      { ...summarizeWanted(c.get("deps").db.sqlite), fallbacks: c.get("deps").searcher.fallbackStats() },
      200,
    ),
  )
  .openapi(getOne, (c) => {
    const record = wantedRecord(c.get("deps").db, c.req.valid("param").id);
    if (!record) throw new ApiError(404, `wanted item ${c.req.valid("param").id} does not exist`);
    return c.json(toWantedDetail(record, explainerFor(c.get("deps"))), 200);
  })
  .openapi(patch, (c) => {
    const { id } = c.req.valid("param");
    const { db, clock } = c.get("deps");
    if (!updateWanted(db.db, id, c.req.valid("json"), clock.now().toISOString())) {
      throw new ApiError(404, `wanted item ${id} does not exist`);
    }
    return c.json(toWantedView(wantedRecord(db, id)!, explainerFor(c.get("deps"))), 200);
  })
  .openapi(remove, (c) => {
    const { id } = c.req.valid("param");
    if (!deleteWanted(c.get("deps").db.db, id)) throw new ApiError(404, `wanted item ${id} does not exist`);
    return c.body(null, 204);
  });
