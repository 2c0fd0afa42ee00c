import { createRoute, z } from "@hono/zod-openapi";
import type { Config } from "../config/schema.ts";
import { jsonResponse } from "../http/json-response.ts";
import { ApiError, problems } from "../http/problem.ts";
import { createRouter } from "../http/router.ts";
import type { ProviderRegistry } from "../providers/registry.ts";
import { NO_PROVIDER_ENABLED } from "../providers/registry.ts";
import { PROVIDER_NAMES } from "../providers/types.ts";
import { RunStatusSchema } from "../runs/status.ts";
import type { Searcher } from "./search.ts";
import { searchRefusal } from "./search-guard.ts";
import { IdParamSchema } from "./wanted.schemas.ts";

export interface SearchRouteDeps {
  config: Config;
  providers: ProviderRegistry;
  searcher: Searcher;
}

const body = <T extends z.ZodType>(schema: T, example: unknown, required = true) => ({
  required,
  content: { "application/json": { schema, example } },
});

export const SearchRequestSchema = z
  .object({
    ids: z.array(z.number().int().min(1)).min(1).max(5000).optional().openapi({
      description:
        "These items only (backoff and attempt limits do not apply; ignored and resolved items are left out)",
    }),
    seriesId: z.number().int().min(1).optional(),
    movieId: z.number().int().min(1).optional(),
  })
  .strict()
  .openapi("SearchRequest");

export const SearchRunSchema = z
  .object({
    runId: z.number().int(),
    trigger: z.string(),
    scope: z.object({
      ids: z.array(z.number().int()).optional(),
      seriesId: z.number().int().optional(),
      movieId: z.number().int().optional(),
    }),
    status: RunStatusSchema,
    total: z.number().int(),
    done: z.number().int(),
    found: z.number().int(),
    notFound: z.number().int(),
    failed: z.number().int(),
    skipped: z
      .number()
      .int()
      .openapi({ description: "Claimed by another run meanwhile, cancelled, or no provider could be asked" }),
    current: z.string().nullable(),
    startedAt: z.string(),
    finishedAt: z.string().nullable(),
    transcribing: z
      .array(
        z.object({ itemId: z.number().int(), title: z.string(), language: z.string(), stage: z.string() }),
      )
      .openapi({ description: "Whisper jobs under way (queued, extracting, transcribing)" }),
  })
  .openapi("SearchRun");

const CandidateSchema = z
  .object({
    provider: z.enum(PROVIDER_NAMES),
    id: z.string(),
    language: z.string(),
    release: z.string().nullable(),
    releaseNames: z.array(z.string()),
    format: z.string().nullable(),
    hearingImpaired: z.boolean().nullable(),
    forced: z.boolean(),
    seasonPack: z.boolean(),
    score: z.number().int(),
    breakdown: z.record(z.string(), z.number()).openapi({ example: { "match:hash": 359, "format:srt": 25 } }),
    matches: z.array(z.string()),
    rejected: z.string().nullable().openapi({
      description:
        "Why an automatic search would not take it (the profile, `blacklisted`, or its download gave no usable subtitle last time)",
    }),
    pageUrl: z.string().nullable(),
    uploader: z.string().nullable().openapi({
      description: "Who uploaded it, where the provider says (OpenSubtitles, SubDL, AnimeTosho)",
    }),
  })
  .openapi("SubtitleCandidate");

const OutcomeSchema = z
  .object({
    provider: z.enum(PROVIDER_NAMES),
    ok: z.boolean(),
    candidates: z.number().int().optional(),
    ms: z.number().optional(),
    skipped: z.boolean().optional(),
    reason: z.string().optional(),
  })
  .openapi("ProviderOutcome");

export const runExample = {
  runId: 3,
  trigger: "api",
  scope: {},
  status: "running",
  total: 120,
  done: 40,
  found: 31,
  notFound: 8,
  failed: 1,
  skipped: 0,
  current: "Breaking Bad S01 [de]",
  startedAt: "2026-11-24T10:00:00.000Z",
  finishedAt: null,
  transcribing: [{ itemId: 77, title: "Some Movie", language: "de", stage: "transcribing" }],
};

const startSearch = createRoute({
  method: "post",
  path: "/wanted/search",
  operationId: "startSearch",
  tags: ["Search"],
  summary: "Search providers for eligible wanted items",
  description:
    "Without a body: every item that is wanted or not found, whose backoff has passed and that has attempts left, oldest first (up to `search.itemsPerRun`). Items are claimed one by one, so runs started together never touch the same item. With no provider enabled (and Whisper off) it answers 409 and spends nothing.",
  request: { body: body(SearchRequestSchema, { seriesId: 1 }, false) },
  responses: {
    202: jsonResponse(z.object({ runId: z.number().int(), total: z.number().int() }), "The run started", {
      runId: 3,
      total: 120,
    }),
    ...problems(400, 401, 409, 415),
  },
});

const searchStatus = createRoute({
  method: "get",
  path: "/wanted/search",
  operationId: "getSearch",
  tags: ["Search"],
  summary: "The running search run, or else the last one",
  responses: { 200: jsonResponse(SearchRunSchema, "Progress", runExample), ...problems(401, 404) },
});

const cancelSearch = createRoute({
  method: "post",
  path: "/wanted/search/cancel",
  operationId: "cancelSearch",
  tags: ["Search"],
  summary: "Cancel running searches",
  description:
    "No new item is claimed; in-flight requests are aborted and their items return to what they were.",
  responses: {
    202: jsonResponse(z.object({ runIds: z.array(z.number().int()) }), "Cancellation requested", {
      runIds: [3],
    }),
    ...problems(401, 409),
  },
});

const interactive = createRoute({
  method: "post",
  path: "/wanted/{id}/search",
  operationId: "searchWantedItem",
  tags: ["Search"],
  summary: "Interactive search: every provider's candidates, scored",
  description:
    "Spends no attempt and changes nothing; pick one with POST /wanted/{id}/download. With no provider enabled it answers 409.",
  request: { params: IdParamSchema },
  responses: {
    200: jsonResponse(
      z.object({ candidates: z.array(CandidateSchema), outcomes: z.array(OutcomeSchema) }),
      "Candidates",
      {
        candidates: [
          {
            provider: "opensubtitles",
            id: "4467084",
            language: "de",
            release: "Breaking.Bad.S01E01.1080p.BluRay.x264-ROVERS",
            releaseNames: ["Breaking.Bad.S01E01.1080p.BluRay.x264-ROVERS"],
            format: "srt",
            hearingImpaired: false,
            forced: false,
            seasonPack: false,
            score: 653,
            breakdown: {
              "match:hash": 359,
              "match:imdb": 180,
              "match:season": 30,
              "match:episode": 30,
              "format:srt": 25,
            },
            matches: ["hash", "imdb", "season", "episode"],
            rejected: null,
            pageUrl: "https://www.opensubtitles.com/en/subtitles/4467084",
            uploader: "kitsune",
          },
        ],
        outcomes: [
          { provider: "opensubtitles", ok: true, candidates: 1, ms: 412 },
          {
            provider: "animetosho",
            ok: false,
            skipped: true,
            reason: "no AniDB episode id for this item",
          },
        ],
      },
    ),
    ...problems(400, 401, 404, 409),
  },
});

const DownloadRequestSchema = z
  .object({ provider: z.enum(PROVIDER_NAMES), candidateId: z.string().min(1) })
  .openapi("DownloadRequest");

const download = createRoute({
  method: "post",
  path: "/wanted/{id}/download",
  operationId: "downloadCandidate",
  tags: ["Search"],
  summary: "Download a candidate from the last interactive search of this item",
  request: {
    params: IdParamSchema,
    body: body(DownloadRequestSchema, { provider: "opensubtitles", candidateId: "4467084" }),
  },
  responses: {
    200: jsonResponse(
      z.object({ status: z.enum(["found", "resolved"]), path: z.string() }),
      "Saved (found), or a file of yours already there (resolved)",
      { status: "found", path: "/mnt/tv/Show/S01E01.de.srt" },
    ),
    ...problems(400, 401, 404, 409, 415, 503),
  },
});

const translateItem = createRoute({
  method: "post",
  path: "/wanted/{id}/translate",
  operationId: "translateWantedItem",
  tags: ["Search"],
  summary: "Translate a source-language subtitle into this item's language, now",
  description:
    "Searches the providers in `translation.sourceLanguages`, downloads the best, translates it through `translation.chain` (ASS styles, tags and signs kept; line count and timing exact) and saves it as this item's subtitle, marked machine-translated. Spends no attempt.",
  request: { params: IdParamSchema },
  responses: {
    200: jsonResponse(
      z.object({ status: z.enum(["found", "resolved"]), path: z.string() }),
      "Translated and saved (found), or a file of yours already there (resolved)",
      { status: "found", path: "/mnt/tv/Show/S01E01.de.srt" },
    ),
    ...problems(400, 401, 404, 409, 503),
  },
});

export const searchRouter = createRouter<SearchRouteDeps>()
  .openapi(startSearch, (c) => {
    const scope = c.req.valid("json") ?? {};
    const deps = c.get("deps");
    const refused = searchRefusal(deps.providers, deps.config);
    if (refused) throw new ApiError(409, refused);
    const { runId, total } = deps.searcher.start({ trigger: "api", scope });
    return c.json({ runId, total }, 202);
  })
  .openapi(searchStatus, (c) => {
    const status = c.get("deps").searcher.status();
    if (!status) throw new ApiError(404, "no search has run yet");
    return c.json(status, 200);
  })
  .openapi(cancelSearch, (c) => {
    const runIds = c.get("deps").searcher.cancel();
    if (runIds.length === 0) throw new ApiError(409, "no search is running");
    return c.json({ runIds }, 202);
  })
  .openapi(interactive, async (c) => {
    const { id } = c.req.valid("param");
    if (c.get("deps").providers.status().length === 0) throw new ApiError(409, NO_PROVIDER_ENABLED);
    const result = await c.get("deps").searcher.searchInteractive(id, c.req.raw.signal);
    if (!result) throw new ApiError(404, `wanted item ${id} does not exist`);
    return c.json(
      {
        candidates: result.candidates.map((s) => ({
          provider: s.candidate.provider,
          id: s.candidate.id,
          language: s.candidate.language,
          release: s.candidate.releaseNames[0] ?? null,
          releaseNames: s.candidate.releaseNames,
          format: s.candidate.format,
          hearingImpaired: s.candidate.hearingImpaired,
          forced: s.candidate.forced,
          seasonPack: s.candidate.seasonPack,
          score: s.score,
          breakdown: s.breakdown,
          matches: s.matches,
          rejected: s.rejected,
          pageUrl: s.candidate.pageUrl,
          uploader: s.candidate.uploader,
        })),
        outcomes: result.outcomes.map((o) =>
          o.ok ? o : { provider: o.provider, ok: false, skipped: o.skipped, reason: o.reason },
        ),
      },
      200,
    );
  })
  .openapi(translateItem, async (c) => {
    const { id } = c.req.valid("param");
    const result = await c.get("deps").searcher.translateNow(id, c.req.raw.signal);
    if (result.ok) return c.json({ status: result.outcome.status, path: result.outcome.path }, 200);
    if (result.reason === "unknown-item") throw new ApiError(404, `wanted item ${id} does not exist`);
    if (result.reason === "busy") throw new ApiError(409, `wanted item ${id} is being searched right now`);
    throw new ApiError(503, `no translation: ${result.detail}`);
  })
  .openapi(download, async (c) => {
    const { id } = c.req.valid("param");
    const { provider, candidateId } = c.req.valid("json");
    const result = await c.get("deps").searcher.downloadChosen(id, provider, candidateId, c.req.raw.signal);
    if (result.ok) return c.json({ status: result.outcome.status, path: result.outcome.path }, 200);
    if (result.reason === "unknown-item") throw new ApiError(404, `wanted item ${id} does not exist`);
    if (result.reason === "unknown-candidate") {
      throw new ApiError(
        404,
        `no candidate ${provider}/${candidateId} in the last interactive search of item ${id}; search first`,
      );
    }
    if (result.reason === "busy") throw new ApiError(409, `wanted item ${id} is being searched right now`);
    throw new ApiError(503, `the download failed: ${result.detail}`);
  });
