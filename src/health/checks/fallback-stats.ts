import { z } from "@hono/zod-openapi";

/** What one fallback (translation, transcription) did since start. */
export const FallbackStatsSchema = z.object({
  count: z.number().int(),
  failures: z.number().int(),
  meanMs: z.number().int().nullable(),
});
