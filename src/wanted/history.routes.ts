import { createRoute, z } from "@hono/zod-openapi";
import type { Clock } from "../clock.ts";
import type { DbHandle } from "../db/client.ts";
import { jsonResponse } from "../http/json-response.ts";
import { pageOf, pageQuery } from "../http/paging.ts";
import { ApiError, problems } from "../http/problem.ts";
import { createRouter } from "../http/router.ts";
import { PROVIDER_NAMES } from "../providers/types.ts";
import {
  addBlacklist,
  clearBlacklist,
  getHistoryEntry,
  listBlacklist,
  listHistory,
  removeBlacklist,
} from "./history-store.ts";
import { IdParamSchema } from "./wanted.schemas.ts";

export interface HistoryRouteDeps {
  db: DbHandle;
  clock: Clock;
}

const historyExample = {
  id: 51,
  wantedItemId: 42,
  instance: "main",
  title: "Breaking Bad",
  season: 1,
  episodes: [1],
  language: "de",
  variant: "full",
  provider: "opensubtitles",
  candidateId: "4467084",
  release: "Breaking.Bad.S01E01.1080p.BluRay.x264-ROVERS",
  score: 653,
  breakdown: { "match:hash": 359, "match:imdb": 180, "format:srt": 25 },
  format: "srt",
  encoding: "windows-1252",
  path: "/mnt/tv/Breaking Bad/Season 01/Breaking Bad - S01E01 - Pilot Bluray-1080p.de.srt",
  sha256: "9f2c4d0e1b7a6c5d8e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d",
  size: 41873,
  action: "downloaded",
  machine: null,
  blacklistId: null,
  replaces: null,
  createdAt: "2026-11-24T07:00:12.000Z",
};
const blacklistExample = {
  id: 3,
  provider: "opensubtitles",
  candidateId: "4467084",
  reason: "out of sync",
  title: "Breaking Bad",
  season: 1,
  episodes: [1],
  language: "de",
  release: "Breaking.Bad.S01E01.1080p.BluRay.x264-ROVERS",
  createdAt: "2026-11-24T08:00:00.000Z",
};

export const HistoryEntrySchema = z
  .object({
    id: z.number().int(),
    wantedItemId: z.number().int().nullable(),
    instance: z.string(),
    title: z
      .string()
      .openapi({ description: "The series or movie; `season` and `episodes` say which episode" }),
    season: z.number().int().nullable().openapi({ description: "Null for a movie" }),
    episodes: z.array(z.number().int()).openapi({ description: "The episodes of the file; [] for a movie" }),
    language: z.string(),
    variant: z.string(),
    provider: z.string(),
    candidateId: z.string(),
    release: z.string().nullable(),
    score: z.number().int(),
    breakdown: z.record(z.string(), z.number()),
    format: z.string(),
    encoding: z.string().nullable(),
    path: z.string(),
    sha256: z.string(),
    size: z.number().int().nullable().openapi({
      description:
        "Bytes written. With sha256, what proves the file is still Subhound's: a file at `path` with other content is the user's and is never replaced. Null for entries recorded before sizes were.",
    }),
    action: z.string().openapi({
      description:
        "downloaded, downloaded-manually, replaced (an earlier file of ours), translated, transcribed, uploaded (by you, provider `upload`), extracted (an embedded stream saved as a sidecar), deleted (Subhound's file, removed on request; the path is no longer Subhound's), upgraded (a better-scoring download replaced an earlier one of ours, see `replaces`), synced (retimed by POST /subtitles/sync), fixed (POST /subtitles/fix), restored (a sync or fix undone), imported (a subtitle Bazarr made, taken over by `subhound import-bazarr`: its provider and score as Bazarr recorded them, created at Bazarr's time)",
      example: "downloaded",
    }),
    machine: z
      .enum(["translated", "transcribed"])
      .nullable()
      .openapi({ description: "Set when the file is machine-translated or machine-transcribed" }),
    blacklistId: z
      .number()
      .int()
      .nullable()
      .openapi({ description: "The blacklist entry of this provider + candidate, if it is blacklisted" }),
    replaces: z
      .object({ id: z.number().int(), provider: z.string(), score: z.number().int() })
      .nullable()
      .openapi({
        description:
          "For an `upgraded` entry: the earlier download of the item it replaced (its history id, provider and score)",
      }),
    createdAt: z.string(),
  })
  .openapi("HistoryEntry");

const BlacklistEntrySchema = z
  .object({
    id: z.number().int(),
    provider: z.string(),
    candidateId: z.string(),
    reason: z.string().nullable(),
    title: z
      .string()
      .nullable()
      .openapi({ description: "What it was last downloaded for, if history knows" }),
    season: z.number().int().nullable().openapi({ description: "The episode it was last downloaded for" }),
    episodes: z.array(z.number().int()),
    language: z.string().nullable(),
    release: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi("BlacklistEntry");

const ISO_INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})?)?$/;

/**
 * `2026-11-01` (midnight UTC) or `2026-11-01T10:00[:00[.000]][Z|±hh:mm]` (UTC without an offset) as
 * an ISO instant; null for anything else. Date.parse alone took `1` for 2001, `2026-02-31` for
 * 3 March and a time without an offset in the server's own time zone.
 */
function parseIsoInstant(text: string): string | null {
  const m = ISO_INSTANT.exec(text.toUpperCase());
  if (!m) return null;
  const [, year, month, day, hour, minute, second, offset] = m;
  const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  if (date.getUTCMonth() !== Number(month) - 1 || date.getUTCDate() !== Number(day)) return null;
  if (hour === undefined) return date.toISOString();
  if (Number(hour) > 23 || Number(minute) > 59 || Number(second ?? 0) > 59) return null;
  const at = Date.parse(offset ? text.toUpperCase() : `${text.toUpperCase()}Z`);
  return Number.isNaN(at) ? null : new Date(at).toISOString();
}

const isoInstant = z
  .string()
  .refine(
    (s) => parseIsoInstant(s) !== null,
    "expected an ISO 8601 date (2026-11-01) or date-time (2026-11-01T10:00:00Z)",
  )
  .transform((s) => parseIsoInstant(s)!);

const history = createRoute({
  method: "get",
  path: "/history",
  operationId: "listHistory",
  tags: ["Search"],
  summary: "Subtitles Subhound saved, newest first",
  request: {
    query: z.object({
      ...pageQuery,
      provider: z.string().min(1).optional().openapi({
        description: "A provider name, `embedded` / `whisper` for what the fallbacks made, or `upload`",
        example: "opensubtitles",
      }),
      wantedItemId: z.coerce.number().int().optional(),
      language: z.string().min(1).optional().openapi({ example: "de" }),
      instance: z.string().min(1).optional(),
      action: z
        .enum([
          "downloaded",
          "downloaded-manually",
          "replaced",
          "upgraded",
          "translated",
          "transcribed",
          "uploaded",
          "extracted",
          "deleted",
          "synced",
          "fixed",
          "restored",
          "imported",
        ])
        .optional(),
      q: z
        .string()
        .min(1)
        .optional()
        .openapi({ description: "Substring of the title, release name or path" }),
      from: isoInstant.optional().openapi({
        description:
          "Saved at or after this instant (ISO 8601; a bare date is midnight UTC, a time without an offset is UTC)",
        example: "2026-11-01",
      }),
      to: isoInstant.optional().openapi({
        description: "Saved before this instant (exclusive; for a whole last day, give the next day)",
        example: "2026-12-01",
      }),
    }),
  },
  responses: {
    200: jsonResponse(pageOf(HistoryEntrySchema), "A page of history", {
      items: [historyExample],
      page: 1,
      pageSize: 50,
      total: 1,
    }),
    ...problems(400, 401),
  },
});

const listBlacklistRoute = createRoute({
  method: "get",
  path: "/blacklist",
  operationId: "listBlacklist",
  tags: ["Search"],
  summary: "Candidates that are never chosen again",
  responses: {
    200: jsonResponse(z.array(BlacklistEntrySchema), "Blacklisted candidates", [blacklistExample]),
    ...problems(401),
  },
});

const addBlacklistRoute = createRoute({
  method: "post",
  path: "/blacklist",
  operationId: "addBlacklist",
  tags: ["Search"],
  summary: "Never choose this candidate again",
  request: {
    body: {
      required: true,
      content: {
        "application/json": {
          schema: z
            .object({
              provider: z.enum(PROVIDER_NAMES),
              candidateId: z.string().min(1),
              reason: z.string().max(500).optional(),
            })
            .openapi("BlacklistInput"),
          example: { provider: "opensubtitles", candidateId: "4467084", reason: "out of sync" },
        },
      },
    },
  },
  responses: {
    201: jsonResponse(BlacklistEntrySchema, "Blacklisted (or already was)", blacklistExample),
    ...problems(400, 401, 415),
  },
});

const blacklistFromHistory = createRoute({
  method: "post",
  path: "/history/{id}/blacklist",
  operationId: "blacklistHistoryEntry",
  tags: ["Search"],
  summary: "Never choose this download's candidate again",
  description:
    "Blacklists the provider + candidate a history entry was downloaded from (as POST /blacklist with them). The saved file stays; search the item again (or pick another candidate interactively) to replace it.",
  request: {
    params: IdParamSchema,
    body: {
      required: false,
      content: {
        "application/json": {
          schema: z
            .object({ reason: z.string().max(500).optional() })
            .strict()
            .openapi("HistoryBlacklistInput"),
          example: { reason: "out of sync" },
        },
      },
    },
  },
  responses: {
    201: jsonResponse(BlacklistEntrySchema, "Blacklisted (or already was)", blacklistExample),
    ...problems(400, 401, 404, 409, 415),
  },
});

const removeBlacklistRoute = createRoute({
  method: "delete",
  path: "/blacklist/{id}",
  operationId: "deleteBlacklist",
  tags: ["Search"],
  summary: "Allow a blacklisted candidate again",
  request: { params: IdParamSchema },
  responses: { 204: { description: "Removed" }, ...problems(400, 401, 404) },
});

const clearBlacklistRoute = createRoute({
  method: "delete",
  path: "/blacklist",
  operationId: "clearBlacklist",
  tags: ["Search"],
  summary: "Allow every blacklisted candidate again",
  description:
    "Removes every blacklist entry in one go. `all=true` is required, so a DELETE sent here by mistake (a client that dropped the id) removes nothing: it answers 400.",
  request: {
    query: z.object({
      all: z.literal("true").openapi({
        description: "Must be `true`: the confirmation that the whole blacklist goes",
        example: "true",
      }),
    }),
  },
  responses: {
    200: jsonResponse(
      z
        .object({ removed: z.number().int().openapi({ description: "How many entries were removed" }) })
        .openapi("BlacklistCleared"),
      "Removed",
      { removed: 12 },
    ),
    ...problems(400, 401),
  },
});

const PROVIDERS = new Set<string>(PROVIDER_NAMES);

export const historyRouter = createRouter<HistoryRouteDeps>()
  .openapi(history, (c) => {
    const q = c.req.valid("query");
    const { items, total } = listHistory(c.get("deps").db.db, q);
    return c.json({ items, page: q.page, pageSize: q.pageSize, total }, 200);
  })
  .openapi(listBlacklistRoute, (c) => c.json(listBlacklist(c.get("deps").db.db), 200))
  .openapi(addBlacklistRoute, (c) => {
    const { provider, candidateId, reason } = c.req.valid("json");
    const { db, clock } = c.get("deps");
    const entry = addBlacklist(
      db.db,
      { provider, candidateId, reason: reason ?? null },
      clock.now().toISOString(),
    );
    return c.json(entry, 201);
  })
  .openapi(blacklistFromHistory, (c) => {
    const { id } = c.req.valid("param");
    const { db, clock } = c.get("deps");
    const entry = getHistoryEntry(db.db, id);
    if (!entry) throw new ApiError(404, `history entry ${id} does not exist`);
    if (!PROVIDERS.has(entry.provider)) {
      throw new ApiError(
        409,
        `history entry ${id} was made by ${entry.provider}, not downloaded from a provider: nothing to blacklist`,
      );
    }
    const reason = c.req.valid("json")?.reason ?? null;
    const added = addBlacklist(
      db.db,
      { provider: entry.provider, candidateId: entry.candidateId, reason },
      clock.now().toISOString(),
    );
    return c.json(added, 201);
  })
  .openapi(clearBlacklistRoute, (c) => c.json({ removed: clearBlacklist(c.get("deps").db.db) }, 200))
  .openapi(removeBlacklistRoute, (c) => {
    const { id } = c.req.valid("param");
    if (!removeBlacklist(c.get("deps").db.db, id))
      throw new ApiError(404, `blacklist entry ${id} does not exist`);
    return c.body(null, 204);
  });
