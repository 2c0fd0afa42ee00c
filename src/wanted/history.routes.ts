import { createRoute, z } from "@hono/zod-openapi";
import { ApiError, problems } from "../http/problem.ts";
import { createRouter } from "../http/router.ts";
import { PROVIDER_NAMES } from "../providers/types.ts";
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

const listBlacklist = createRoute({
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

interface HistoryRow {
  id: number;
  wanted_item_id: number | null;
  instance: string;
  title: string;
  language: string;
  variant: string;
  provider: string;
  candidate_id: string;
  release: string | null;
  score: number;
  score_json: string;
  format: string;
  encoding: string | null;
  path: string;
  sha256: string;
  action: string;
  created_at: string;
}

interface BlacklistRow {
  id: number;
  provider: string;
  candidate_id: string;
  reason: string | null;
  created_at: string;
}

const blacklistView = (r: BlacklistRow) => ({
  id: r.id,
  provider: r.provider,
  candidateId: r.candidate_id,
  reason: r.reason,
  createdAt: r.created_at,
});

export const historyRouter = createRouter()
  .openapi(history, (c) => {
    const q = c.req.valid("query");
    const where: string[] = [];
    const params: (string | number)[] = [];
    if (q.provider) {
      where.push("provider = ?");
      params.push(q.provider);
    }
    if (q.wantedItemId !== undefined) {
      where.push("wanted_item_id = ?");
      params.push(q.wantedItemId);
    }
    const whereSql = where.length ? `WHERE ${where.join(" AND ")}` : "";
    const { sqlite } = c.get("deps").db;
    const total = sqlite
      .query<{ n: number }, (string | number)[]>(`SELECT count(*) AS n FROM subtitle_history ${whereSql}`)
      .get(...params)!.n;
    const rows = sqlite
      .query<HistoryRow, (string | number)[]>(
        `SELECT * FROM subtitle_history ${whereSql} ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?`,
      )
      .all(...params, q.pageSize, (q.page - 1) * q.pageSize);
    const items = rows.map((r) => ({
      id: r.id,
      wantedItemId: r.wanted_item_id,
      instance: r.instance,
      title: r.title,
      language: r.language,
      variant: r.variant,
      provider: r.provider,
      candidateId: r.candidate_id,
      release: r.release,
      score: r.score,
      breakdown: JSON.parse(r.score_json) as Record<string, number>,
      format: r.format,
      encoding: r.encoding,
      path: r.path,
      sha256: r.sha256,
      action: r.action,
      machine: r.action === "translated" || r.action === "transcribed" ? r.action : null,
      createdAt: r.created_at,
    }));
    return c.json({ items, page: q.page, pageSize: q.pageSize, total }, 200);
  })
  .openapi(listBlacklist, (c) => {
    const rows = c
      .get("deps")
      .db.sqlite.query<BlacklistRow, []>("SELECT * FROM blacklist ORDER BY id DESC")
      .all();
    return c.json(rows.map(blacklistView), 200);
  })
  .openapi(addBlacklist, (c) => {
    const { provider, candidateId, reason } = c.req.valid("json");
    const { db, clock } = c.get("deps");
    const row = db.sqlite
      .query<BlacklistRow, [string, string, string | null, string]>(
        `INSERT INTO blacklist (provider, candidate_id, reason, created_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (provider, candidate_id) DO UPDATE SET reason = coalesce(excluded.reason, blacklist.reason)
         RETURNING *`,
      )
      .get(provider, candidateId, reason ?? null, clock.now().toISOString())!;
    return c.json(blacklistView(row), 201);
  })
  .openapi(removeBlacklist, (c) => {
    const { id } = c.req.valid("param");
    const changes = c.get("deps").db.sqlite.query("DELETE FROM blacklist WHERE id = ?").run(id).changes;
    if (changes === 0) throw new ApiError(404, `blacklist entry ${id} does not exist`);
    return c.body(null, 204);
  });
