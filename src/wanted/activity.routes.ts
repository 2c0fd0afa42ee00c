import { createRoute, z } from "@hono/zod-openapi";
import { problems } from "../http/problem.ts";
import { createRouter } from "../http/router.ts";
import { ScanProgressSchema } from "./scan.schemas.ts";
import type { Scanner } from "./scanner.ts";
import { runExample, SearchRunSchema } from "./search.routes.ts";
import type { Searcher } from "./search.ts";

export interface ActivityRouteDeps {
  scanner: Scanner;
  searcher: Searcher;
}

const ActivitySchema = z
  .object({
    scan: ScanProgressSchema.nullable().openapi({
      description: "The running scan, else the last; null before the first",
    }),
    search: SearchRunSchema.nullable().openapi({
      description: "The running search run, else the last; null before the first",
    }),
  })
  .openapi("Activity");

const activity = createRoute({
  method: "get",
  path: "/activity",
  operationId: "getActivity",
  tags: ["Wanted"],
  summary: "The current (or last) scan and search in one answer",
  description:
    "What a dashboard shows; unlike GET /wanted/scan and GET /wanted/search it answers 200 with null before anything ran. Live updates of both arrive on /events.",
  responses: {
    200: {
      description: "Scan and search state",
      content: {
        "application/json": {
          schema: ActivitySchema,
          example: {
            scan: null,
            search: { ...runExample, transcribing: [] },
          },
        },
      },
    },
    ...problems(401),
  },
});

export const activityRouter = createRouter<ActivityRouteDeps>().openapi(activity, (c) => {
  const { scanner, searcher } = c.get("deps");
  return c.json({ scan: scanner.status() ?? null, search: searcher.status() ?? null }, 200);
});
