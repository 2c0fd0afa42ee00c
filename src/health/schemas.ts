import { z } from "@hono/zod-openapi";
import { CheckFailedSchema, checkBase, type HealthCheck } from "./check.ts";
import { DEFAULT_CRITICAL, HEALTH_CHECK_NAMES, HEALTH_CHECKS } from "./checks.ts";

type RegisteredCheck = (typeof HEALTH_CHECKS)[number];
type DetailsOf<C> = C extends HealthCheck<string, infer Details> ? Details : never;

type SubsystemsShape = {
  [C in RegisteredCheck as C["name"]]: z.ZodUnion<
    [z.ZodObject<typeof checkBase & DetailsOf<C>>, typeof CheckFailedSchema]
  >;
};

// fromEntries forgets which name holds which schema; the mapped type restores it.
const subsystemsShape = Object.fromEntries(
  HEALTH_CHECKS.map((check) => [
    check.name,
    z.union([z.object({ ...checkBase, ...check.details }), CheckFailedSchema]),
  ]),
) as SubsystemsShape;

export const HealthSubsystemsSchema = z.object(subsystemsShape).openapi({
  description: "One report per check; a timed-out or failed check has only `healthy: false` and `message`.",
});

export const DetailedHealthSchema = z
  .object({
    status: z.enum(["healthy", "degraded"]),
    checkedAt: z.string().openapi({ example: "2026-11-24T10:00:00.000Z" }),
    critical: z
      .array(z.enum(HEALTH_CHECK_NAMES))
      .openapi({ description: "Subsystems that make the status degraded" }),
    subsystems: HealthSubsystemsSchema,
  })
  .openapi("DetailedHealth");

/** The report as served; each subsystem is its check's report, or `CheckFailed` when it threw or timed out. */
export type DetailedHealthBody = z.infer<typeof DetailedHealthSchema>;
export type HealthResults = DetailedHealthBody["subsystems"];

const healthyExample: DetailedHealthBody = {
  status: "healthy",
  checkedAt: "2026-11-24T10:00:00.000Z",
  critical: [...DEFAULT_CRITICAL],
  subsystems: Object.fromEntries(HEALTH_CHECKS.map((check) => [check.name, check.example])) as HealthResults,
};

/** The examples of the spec: every check's own example, and the same with a critical one timed out. */
export const detailedHealthExamples = {
  healthy: healthyExample,
  degraded: {
    ...healthyExample,
    status: "degraded",
    subsystems: {
      ...healthyExample.subsystems,
      arr_connectivity: { healthy: false, message: "timed out after 5000 ms" },
    },
  } satisfies DetailedHealthBody,
};
