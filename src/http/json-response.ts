import type { z } from "@hono/zod-openapi";

/** A JSON response for `createRoute`. Success responses carry an example: the docs and a contract test show it. */
export const jsonResponse = <T extends z.ZodType>(schema: T, description: string, example?: unknown) => ({
  description,
  content: { "application/json": { schema, ...(example === undefined ? {} : { example }) } },
});
