import { expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";

const root = join(import.meta.dir, "..", "..");

interface Media {
  schema?: Schema;
  example?: unknown;
  examples?: unknown;
}
interface Schema {
  $ref?: string;
  example?: unknown;
  examples?: unknown;
}
interface Operation {
  operationId?: string;
  tags?: string[];
  responses: Record<string, { content?: Record<string, Media> }>;
}
interface Spec {
  tags: { name: string }[];
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}
const spec = JSON.parse(readFileSync(join(root, "openapi.json"), "utf8")) as Spec;
const METHODS = ["get", "put", "post", "patch", "delete", "head", "options", "trace"];
const operations = Object.entries(spec.paths).flatMap(([path, item]) =>
  Object.entries(item)
    .filter(([method]) => METHODS.includes(method))
    .map(([method, op]) => ({ where: `${method.toUpperCase()} ${path}`, op })),
);

/**
 * Operations whose success response has neither an example nor a schema with examples yet. The list can
 * only shrink: an entry that gains an example fails the test until it is removed from here.
 */
const WITHOUT_SUCCESS_EXAMPLE = new Set<string>([]);
/** Error statuses whose body is deliberately not a problem: the readiness report is also sent with 503. */
const NOT_PROBLEMS = new Set(["getDetailedHealth 503"]);

function resolve(schema: Schema | undefined): Schema | undefined {
  let s = schema;
  while (s?.$ref) s = spec.components.schemas[s.$ref.replace("#/components/schemas/", "")];
  return s;
}

test("redocly lint (recommended ruleset, redocly.yaml) finds no error in openapi.json", () => {
  const run = Bun.spawnSync([process.execPath, "x", "redocly", "lint", "openapi.json", "--format=json"], {
    cwd: root,
    stdout: "pipe",
    stderr: "pipe",
  });
  const out = run.stdout.toString();
  const report = JSON.parse(out.slice(out.indexOf("{"))) as {
    totals: { errors: number; warnings: number };
    problems: { ruleId: string; severity: string; message: string; location: { pointer?: string }[] }[];
  };
  const warnings = report.problems.filter((p) => p.severity === "warn");
  console.log(
    `redocly: ${report.totals.errors} errors, ${report.totals.warnings} warnings${warnings
      .map((w) => `\n  ${w.ruleId} at ${w.location[0]?.pointer}: ${w.message}`)
      .join("")}`,
  );
  expect(report.problems.filter((p) => p.severity === "error")).toEqual([]);
  // An example that no longer fits its schema misleads a reader of the docs as much as an error would.
  expect(
    warnings.filter((w) => w.ruleId === "no-invalid-media-type-examples").map((w) => w.location[0]?.pointer),
  ).toEqual([]);
  expect(report.totals.errors).toBe(0);
  expect(run.exitCode).toBe(0);
});

test("every operation has a unique operationId, a tag the spec declares and a documented success", () => {
  const ids = operations.map(({ op }) => op.operationId);
  expect(ids.filter((id) => !id || !/^[a-z][A-Za-z]+$/.test(id))).toEqual([]);
  expect(new Set(ids).size).toBe(ids.length);
  const tags = new Set(spec.tags.map((t) => t.name));
  for (const { where, op } of operations) {
    expect({ where, tags: op.tags?.filter((t) => tags.has(t)).length ?? 0 }).not.toEqual({ where, tags: 0 });
    expect({ where, success: Object.keys(op.responses).some((s) => /^2\d\d$/.test(s)) }).toEqual({
      where,
      success: true,
    });
  }
});

test("every success response with a body carries an example (in the media type or its schema)", () => {
  const lacking: string[] = [];
  for (const { op } of operations) {
    const bodies = Object.entries(op.responses)
      .filter(([status, r]) => /^2\d\d$/.test(status) && r.content)
      .flatMap(([, r]) => Object.values(r.content!));
    const documented = bodies.some((media) => {
      const schema = resolve(media.schema);
      return (
        media.example !== undefined ||
        media.examples !== undefined ||
        schema?.example !== undefined ||
        schema?.examples !== undefined
      );
    });
    if (bodies.length > 0 && !documented) lacking.push(op.operationId!);
  }
  expect(lacking.sort()).toEqual([...WITHOUT_SUCCESS_EXAMPLE].sort());
});

test("every declared 4xx and 5xx answers application/problem+json with the Problem schema", () => {
  const wrong: string[] = [];
  for (const { op } of operations) {
    for (const [status, response] of Object.entries(op.responses)) {
      if (!/^[45]\d\d$/.test(status) || NOT_PROBLEMS.has(`${op.operationId} ${status}`)) continue;
      const problem = response.content?.["application/problem+json"];
      if (problem?.schema?.$ref !== "#/components/schemas/Problem") wrong.push(`${op.operationId} ${status}`);
    }
  }
  expect(wrong).toEqual([]);
  // Every operation behind the API key says so; only the liveness probe and the web UI's sign-in
  // endpoints are open (login itself answers 401 to a wrong password).
  const without401 = operations.filter(({ op }) => !op.responses["401"]).map(({ op }) => op.operationId);
  expect(without401.sort()).toEqual(["getAuthState", "getHealth", "logout", "setupLogin"]);
});
