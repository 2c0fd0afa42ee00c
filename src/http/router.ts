import { OpenAPIHono, type RouteConfig } from "@hono/zod-openapi";
import type { MiddlewareHandler } from "hono";
import { BodyTooLargeError, formatBytes, readCappedBytes } from "../net/capped-body.ts";
import { ApiError, problemResponse, problems } from "./problem.ts";
import { MAX_BODY_BYTES } from "./request-limits.ts";

/**
 * What a handler finds in its context: the dependencies its router declared, and the request id.
 * Each router names only what it uses; the app, at the top, passes one object satisfying them all.
 */
export interface RouteEnv<Deps> {
  Variables: { deps: Deps; requestId: string };
}

/**
 * Every router shares the hook that turns zod validation failures into 400 problem+json, and the
 * rules of a route that takes a body (`withBodyRules`).
 */
export function createRouter<Deps>() {
  const router = new OpenAPIHono<RouteEnv<Deps>>({
    defaultHook: (result, c) => {
      if (result.success) return;
      const errors = result.error.issues.map((i) => ({
        path: i.path.map(String).join(".") || "(root)",
        message: i.message,
      }));
      const detail = errors.map((e) => `${e.path}: ${e.message}`).join("; ");
      return problemResponse(c, 400, detail, { errors });
    },
  });
  const register = router.openapi.bind(router);
  router.openapi = ((route, handler, hook) =>
    register(withBodyRules(route), handler, hook)) as typeof router.openapi;
  return router;
}

/**
 * A route that takes a body refuses one of another media type (415) and one over MAX_BODY_BYTES
 * (413), both named in its responses. A route that declares its own 413 reads and caps its body itself.
 */
function withBodyRules<R extends RouteConfig>(route: R): R {
  const content = route.request?.body?.content;
  if (!content) return route;
  const ownLimit = "413" in route.responses;
  const own = route.middleware ? [route.middleware].flat() : [];
  return {
    ...route,
    middleware: [...(ownLimit ? [] : [limitBody]), acceptOnly(Object.keys(content)), ...own],
    responses: { ...bodyProblems, ...route.responses },
  };
}

const bodyProblems = {
  ...problems(415),
  413: { ...problems(413)[413], description: `The body is larger than ${formatBytes(MAX_BODY_BYTES)}` },
};

/** A declared length over the cap is refused unread; a body without one is read up to the cap. */
const limitBody: MiddlewareHandler = async (c, next) => {
  const raw = c.req.raw;
  if (raw.body === null) return next();
  const tooLarge = () =>
    new ApiError(413, `the body is larger than ${formatBytes(MAX_BODY_BYTES)}, the most a request may send`);
  const declared = raw.headers.get("content-length");
  if (declared !== null && !raw.headers.has("transfer-encoding")) {
    if (Number(declared) > MAX_BODY_BYTES) throw tooLarge();
    return next();
  }
  let bytes: Uint8Array;
  try {
    bytes = await readCappedBytes(new Response(raw.body), MAX_BODY_BYTES, { signal: raw.signal });
  } catch (error) {
    if (error instanceof BodyTooLargeError) throw tooLarge();
    throw new ApiError(400, `the body could not be read: ${(error as Error).message}`);
  }
  c.req.raw = new Request(raw, { body: bytes });
  return next();
};

const JSON_TYPE = /^application\/([a-z-.]+\+)?json$/;

/** Whether a body sent as `essence` (its type without parameters) is one of `declared`. */
function accepts(declared: string, essence: string): boolean {
  if (JSON_TYPE.test(declared)) return JSON_TYPE.test(essence);
  if (declared === "multipart/form-data")
    return essence === "multipart/form-data" || essence === "application/x-www-form-urlencoded";
  return essence === declared;
}

/** 415 naming the type the route takes; a body sent without a type is left to the validator. */
const acceptOnly =
  (declared: string[]): MiddlewareHandler =>
  async (c, next) => {
    const sent = c.req.header("content-type");
    if (sent === undefined) return next();
    const essence = sent.split(";")[0]!.trim().toLowerCase();
    if (declared.some((type) => accepts(type, essence))) return next();
    throw new ApiError(
      415,
      `this endpoint takes ${declared.join(" or ")}; the body was sent as ${essence || "an empty Content-Type"}`,
    );
  };
