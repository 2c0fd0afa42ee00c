import { z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { redactUrlUserinfo } from "../config/redact.ts";

/** RFC 9457 problem details: the one error shape every non-2xx response uses. */
export const ProblemSchema = z
  .object({
    type: z.string().openapi({ example: "about:blank" }),
    title: z.string().openapi({ example: "Not Found" }),
    status: z.number().int().openapi({ example: 404 }),
    detail: z.string().optional().openapi({ example: "No route matches GET /api/v1/nope" }),
    instance: z.string().optional().openapi({ example: "/api/v1/nope" }),
    requestId: z.string().optional(),
    runningScanId: z
      .number()
      .int()
      .optional()
      .openapi({ description: "On 409: the scan that is already running" }),
    errors: z
      .array(z.object({ path: z.string(), message: z.string() }))
      .optional()
      .openapi({ description: "Validation failures, one per offending field" }),
  })
  .openapi("Problem");
export type Problem = z.infer<typeof ProblemSchema>;

export const PROBLEM_TYPE = "application/problem+json";

const TITLES: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  409: "Conflict",
  413: "Payload Too Large",
  414: "URI Too Long",
  415: "Unsupported Media Type",
  422: "Unprocessable Content",
  429: "Too Many Requests",
  431: "Request Header Fields Too Large",
  500: "Internal Server Error",
  503: "Service Unavailable",
};

export function problemBody(status: number, detail?: string, extra: Partial<Problem> = {}): Problem {
  return {
    type: "about:blank",
    title: TITLES[status] ?? "Error",
    status,
    // Details quote outside errors, which may carry a configured URL's userinfo.
    ...(detail ? { detail: redactUrlUserinfo(detail) } : {}),
    ...extra,
  };
}

export function problemResponse(
  c: Context,
  status: ContentfulStatusCode,
  detail?: string,
  extra?: Partial<Problem>,
) {
  const requestId = c.get("requestId" as never) as string | undefined;
  const body = problemBody(status, detail, {
    instance: c.req.path,
    ...(requestId ? { requestId } : {}),
    ...extra,
  });
  return c.json(body, status, { "Content-Type": PROBLEM_TYPE });
}

/** Thrown from handlers; `onError` renders it as problem+json. */
export class ApiError extends HTTPException {
  constructor(
    status: ContentfulStatusCode,
    readonly detail: string,
    readonly extra: Partial<Problem> = {},
  ) {
    super(status, { message: detail });
  }
}

const descriptions: Record<number, string> = {
  400: "The request is malformed or fails validation",
  401: "Missing or wrong API key",
  403: "A browser request from another site (cross-origin) was refused",
  404: "No such resource",
  409: "Conflicts with work already running",
  413: "The body is larger than the endpoint accepts",
  415: "The body is not sent as the media type the endpoint takes (its request body names it)",
  422: "The request was read but refused: values that fail validation (`errors` names each key), or content that is not a usable subtitle",
  429: "Too many attempts; wait for Retry-After seconds",
  500: "Unexpected server error",
  503: "A dependency is unavailable",
};

/** Declares problem+json responses in a route, e.g. `...problems(400, 401, 404)`. */
export function problems<const S extends readonly (keyof typeof descriptions)[]>(...statuses: S) {
  const out = {} as Record<
    S[number],
    { description: string; content: Record<string, { schema: typeof ProblemSchema }> }
  >;
  for (const s of statuses) {
    (out as Record<number, unknown>)[s] = {
      description: descriptions[s]!,
      content: { [PROBLEM_TYPE]: { schema: ProblemSchema } },
    };
  }
  return out;
}
