import { createRoute, z } from "@hono/zod-openapi";
import type { Config } from "../config/schema.ts";
import type { DbHandle } from "../db/client.ts";
import { createYielder } from "../event-loop.ts";
import { jsonResponse } from "../http/json-response.ts";
import { ApiError, problems } from "../http/problem.ts";
import { createRouter } from "../http/router.ts";
import type { ProviderRegistry } from "../providers/registry.ts";
import type { Searcher } from "../wanted/search.ts";
import { searchRefusal } from "../wanted/search-guard.ts";
import {
  itemsOfFiles,
  type LibraryFileRow,
  seriesFiles,
  standaloneShowFiles,
} from "../wanted/store/index.ts";
import { titleOfShowKey } from "./show-key.ts";

export interface LibrarySearchRouteDeps {
  config: Config;
  db: DbHandle;
  providers: ProviderRegistry;
  searcher: Searcher;
}

/** The most shows one request names, and the most items one run it starts takes (as `POST /wanted/bulk`). */
const MAX_SHOWS = 5000;
const MAX_ITEMS = 5000;
/** What a series' detail page counts as missing, and its "Search all missing" searches. */
const OPEN = new Set(["wanted", "not_found", "failed"]);

const SeriesTargetSchema = z.object({
  instance: z.string().min(1).openapi({ example: "main" }),
  seriesId: z.number().int().min(1).openapi({ description: "Sonarr series id", example: 1 }),
});

const SeriesSearchSchema = z
  .object({
    series: z.array(SeriesTargetSchema).default([]),
    shows: z
      .array(z.string().min(1))
      .default([])
      .openapi({ description: "Standalone shows by their list `key`", example: ["WWVsbG93amFja2V0cw"] }),
  })
  .strict()
  .refine((b) => b.series.length + b.shows.length > 0, "name at least one series or show")
  .openapi("SeriesSearchInput");

const SeriesSearchResultSchema = z
  .object({
    runId: z
      .number()
      .int()
      .nullable()
      .openapi({ description: "The search run started; null: nothing to search" }),
    total: z.number().int().openapi({ description: "Items the run took" }),
    missing: z
      .number()
      .int()
      .openapi({
        description: `Missing subtitles of these shows (wanted, not found, failed); a run takes at most ${MAX_ITEMS}, and leaves out those being searched`,
      }),
    unknown: z
      .object({ series: z.array(SeriesTargetSchema), shows: z.array(z.string()) })
      .openapi({ description: "Named series and shows no scan has stored" }),
  })
  .openapi("SeriesSearchResult");

const searchSeries = createRoute({
  method: "post",
  path: "/library/series/search",
  operationId: "searchLibrarySeries",
  tags: ["Library"],
  summary: "Search the missing subtitles of many series at once",
  description: `What a series page's "Search all missing" does, for many series and standalone shows: one search run over their missing items (as \`POST /wanted/bulk\` with \`search\`: backoff and attempt limits do not apply). At most ${MAX_SHOWS} shows per request (422 beyond) and ${MAX_ITEMS} items per run (the scheduled search takes the rest). Shows no scan has stored are listed in \`unknown\`. 409 when no provider is enabled (and Whisper is off).`,
  request: {
    body: {
      required: true,
      content: {
        "application/json": {
          schema: SeriesSearchSchema,
          example: { series: [{ instance: "main", seriesId: 1 }], shows: [] },
        },
      },
    },
  },
  responses: {
    200: jsonResponse(SeriesSearchResultSchema, "The run started, or nothing to search", {
      runId: 3,
      total: 42,
      missing: 42,
      unknown: { series: [], shows: [] },
    }),
    ...problems(400, 401, 409, 415, 422),
  },
});

export const librarySearchRouter = createRouter<LibrarySearchRouteDeps>().openapi(searchSeries, async (c) => {
  const body = c.req.valid("json");
  const deps = c.get("deps");
  const series = [...new Map(body.series.map((s) => [`${s.instance}\u0000${s.seriesId}`, s])).values()];
  const shows = [...new Set(body.shows)];
  if (series.length + shows.length > MAX_SHOWS)
    throw new ApiError(
      422,
      `at most ${MAX_SHOWS} series and shows per request, got ${series.length + shows.length}: send them in parts`,
    );
  const refused = searchRefusal(deps.providers, deps.config);
  if (refused) throw new ApiError(409, refused);

  const unknown: { series: typeof series; shows: string[] } = { series: [], shows: [] };
  const ids: number[] = [];
  let missing = 0;
  const take = (files: LibraryFileRow[]) => {
    const present = files.filter((f) => f.missingSince === null);
    const items = itemsOfFiles(
      deps.db.db,
      present.map((f) => f.id),
    );
    for (const file of present)
      for (const item of items.get(file.id) ?? []) {
        if (!OPEN.has(item.status)) continue;
        missing++;
        if (ids.length < MAX_ITEMS) ids.push(item.id);
      }
  };
  // Thousands of series read file by file: the loop answers other requests in between.
  const pause = createYielder();
  for (const s of series) {
    await pause();
    const files = seriesFiles(deps.db.db, s.instance, s.seriesId);
    if (files.length === 0) unknown.series.push(s);
    else take(files);
  }
  for (const key of shows) {
    await pause();
    const title = titleOfShowKey(key);
    const files = title === null ? [] : standaloneShowFiles(deps.db.db, "standalone", title);
    if (files.length === 0) unknown.shows.push(key);
    else take(files);
  }
  if (ids.length === 0) return c.json({ runId: null, total: 0, missing, unknown }, 200);
  const started = deps.searcher.start({ trigger: "api", scope: { ids } });
  return c.json({ runId: started.runId, total: started.total, missing, unknown }, 200);
});
