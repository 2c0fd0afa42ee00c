import { OpenAPIHono } from "@hono/zod-openapi";
import { problemResponse } from "./problem.ts";

/**
 * What a handler finds in its context: the dependencies its router declared, and the request id.
 * Each router names only what it uses; the app, at the top, passes one object satisfying them all.
 */
export interface RouteEnv<Deps> {
  Variables: { deps: Deps; requestId: string };
}

/** Every router shares the hook that turns zod validation failures into 400 problem+json. */
export function createRouter<Deps>() {
  return new OpenAPIHono<RouteEnv<Deps>>({
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
}
