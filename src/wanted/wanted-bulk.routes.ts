import { createRoute } from "@hono/zod-openapi";
import type { Clock } from "../clock.ts";
import type { DbHandle } from "../db/client.ts";
import { problems } from "../http/problem.ts";
import { createRouter } from "../http/router.ts";
import type { Searcher } from "./search.ts";
import { existingWantedIds, setIgnored } from "./store/index.ts";
import { WantedBulkResultSchema, WantedBulkSchema } from "./wanted.schemas.ts";

export interface WantedBulkRouteDeps {
  db: DbHandle;
  clock: Clock;
  searcher: Searcher;
}

const bulk = createRoute({
  method: "post",
  path: "/wanted/bulk",
  operationId: "bulkWantedAction",
  tags: ["Wanted"],
  summary: "Search, ignore or un-ignore many items at once",
  description:
    "The single-item paths applied to a list: `search` starts one search run over the items (as `POST /wanted/search` with `ids`: backoff and attempt limits do not apply; ignored, resolved and busy items are left out), `ignore`/`unignore` do what `PATCH /wanted/{id}` with `ignored` does. Answers with counts; ids that name no item are listed, not an error.",
  request: {
    body: {
      required: true,
      content: {
        "application/json": { schema: WantedBulkSchema, example: { ids: [42, 43, 44], action: "ignore" } },
      },
    },
  },
  responses: {
    200: {
      description: "What changed",
      content: {
        "application/json": {
          schema: WantedBulkResultSchema,
          example: { action: "ignore", requested: 3, changed: 2, unchanged: 1, missing: [], runId: null },
        },
      },
    },
    ...problems(400, 401, 415),
  },
});

export const wantedBulkRouter = createRouter<WantedBulkRouteDeps>().openapi(bulk, (c) => {
  const { ids, action } = c.req.valid("json");
  const { db, clock, searcher } = c.get("deps");
  const unique = [...new Set(ids)];
  const existing = existingWantedIds(db.db, unique);
  const known = new Set(existing);
  const missing = unique.filter((id) => !known.has(id));
  let changed = 0;
  let runId: number | null = null;
  if (existing.length > 0) {
    if (action === "search") {
      const started = searcher.start({ trigger: "api", scope: { ids: existing } });
      runId = started.runId;
      changed = started.total;
    } else {
      changed = setIgnored(db.db, existing, action === "ignore", clock.now().toISOString()).length;
    }
  }
  return c.json(
    { action, requested: unique.length, changed, unchanged: existing.length - changed, missing, runId },
    200,
  );
});
