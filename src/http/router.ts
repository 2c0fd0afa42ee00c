import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "./context.ts";
import { problemResponse } from "./problem.ts";

/** Every router shares the hook that turns zod validation failures into 400 problem+json. */
export function createRouter() {
  return new OpenAPIHono<AppEnv>({
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
