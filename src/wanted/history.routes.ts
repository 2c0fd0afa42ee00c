import { createRoute, z } from "@hono/zod-openapi";
import { ApiError, problems } from "../http/problem.ts";
import { createRouter } from "../http/router.ts";
import { PROVIDER_NAMES } from "../providers/types.ts";
import { addToBlacklist, listBlacklist, listHistory, removeFromBlacklist } from "./history-store.ts";
import { IdParamSchema } from "./wanted.schemas.ts";

const json = <T extends z.ZodType>(schema: T, description: string, example: unknown) => ({
  description,
  content: { "application/json": { schema, example } },
});

const historyExample = {
  id: 51,
  wantedItemId: 42,
  instance: "main",
  title: "Breaking Bad",
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
  createdAt: "2026-11-24T07:00:12.000Z",
};
const blacklistExample = {
  id: 3,
  provider: "opensubtitles",
  candidateId: "4467084",
  reason: "out of sync",
  createdAt: "2026-11-24T08:00:00.000Z",
};

export const HistoryEntrySchema = z
  .object({
    id: z.number().int(),
    wantedItemId: z.number().int().nullable(),
    instance: z.string(),
    title: z.string(),
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
        "downloaded, downloaded-manually, replaced (an earlier file of ours), translated, transcribed",
      example: "downloaded",
    }),
    machine: z
      .enum(["translated", "transcribed"])
      .nullable()
      .openapi({ description: "Set when the file is machine-translated or machine-transcribed" }),
    createdAt: z.string(),
  })
  .openapi("HistoryEntry");

const BlacklistEntrySchema = z
  .object({
    id: z.number().int(),
    provider: z.string(),
    candidateId: z.string(),
    reason: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi("BlacklistEntry");

const history = createRoute({
  method: "get",
  path: "/history",
  operationId: "listHistory",
  tags: ["Search"],
  summary: "Subtitles Subhound saved, newest first",
  request: {
    query: z.object({
      page: z.coerce.number().int().min(1).default(1),
      pageSize: z.coerce.number().int().min(1).max(500).default(50),
      provider: z.enum(PROVIDER_NAMES).optional(),
      wantedItemId: z.coerce.number().int().optional(),
    }),
  },
  responses: {
    200: json(
      z.object({
        items: z.array(HistoryEntrySchema),
        page: z.number().int(),
        pageSize: z.number().int(),
        total: z.number().int(),
      }),
      "A page of history",
      { items: [historyExample], page: 1, pageSize: 50, total: 1 },
    ),
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
    200: json(z.array(BlacklistEntrySchema), "Blacklisted candidates", [blacklistExample]),
    ...problems(401),
  },
});

const addBlacklist = createRoute({
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
    201: json(BlacklistEntrySchema, "Blacklisted (or already was)", blacklistExample),
    ...problems(400, 401, 415),
  },
});

const removeBlacklist = createRoute({
  method: "delete",
  path: "/blacklist/{id}",
  operationId: "deleteBlacklist",
  tags: ["Search"],
  summary: "Allow a blacklisted candidate again",
  request: { params: IdParamSchema },
  responses: { 204: { description: "Removed" }, ...problems(400, 401, 404) },
});

export const historyRouter = createRouter()
  .openapi(history, (c) => {
    const q = c.req.valid("query");
    const { items, total } = listHistory(
      c.get("deps").db.sqlite,
      {
        ...(q.provider ? { provider: q.provider } : {}),
        ...(q.wantedItemId !== undefined ? { wantedItemId: q.wantedItemId } : {}),
      },
      q,
    );
    const entries = items.map((entry) => ({
      ...entry,
      machine: entry.action === "translated" || entry.action === "transcribed" ? entry.action : null,
    }));
    return c.json({ items: entries, page: q.page, pageSize: q.pageSize, total }, 200);
  })
  .openapi(listBlacklistRoute, (c) => c.json(listBlacklist(c.get("deps").db.sqlite), 200))
  .openapi(addBlacklist, (c) => {
    const { provider, candidateId, reason } = c.req.valid("json");
    const { db, clock } = c.get("deps");
    const entry = addToBlacklist(db.sqlite, {
      provider,
      candidateId,
      reason: reason ?? null,
      createdAt: clock.now().toISOString(),
    });
    return c.json(entry, 201);
  })
  .openapi(removeBlacklist, (c) => {
    const { id } = c.req.valid("param");
    if (!removeFromBlacklist(c.get("deps").db.sqlite, id))
      throw new ApiError(404, `blacklist entry ${id} does not exist`);
    return c.body(null, 204);
  });
