/**
 * Generates `src/api-types.d.ts` (the `paths`, `components` and `operations` types of the HTTP API)
 * from the committed `openapi.json` with openapi-typescript: `bun scripts/openapi-types.ts [--check]`.
 * The output is formatted with Biome. `--check` writes nothing and exits 1 when the committed file differs from what would be generated.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import openapiTS, { astToString } from "openapi-typescript";

const root = join(import.meta.dir, "..");
export const SPEC_PATH = join(root, "openapi.json");
export const TYPES_PATH = join(root, "src", "api-types.d.ts");

const HEADER = `/**
 * Types of the Subhound HTTP API, generated from openapi.json by scripts/openapi-types.ts.
 * Do not edit: run \`bun scripts/openapi-types.ts\` after \`bun run openapi\`.
 */

`;

/** The d.ts text for `specText` (an OpenAPI document as JSON). */
export async function generateApiTypes(specText: string = readFileSync(SPEC_PATH, "utf8")): Promise<string> {
  const ast = await openapiTS(JSON.parse(specText), { alphabetize: false, exportType: false });
  return formatted(HEADER + astToString(ast));
}

/** Biome-formatted, so the committed file passes `biome check` exactly as generated. */
function formatted(source: string): string {
  const biome = Bun.spawnSync(
    [join(root, "node_modules", ".bin", "biome"), "format", `--stdin-file-path=${TYPES_PATH}`],
    { cwd: root, stdin: new TextEncoder().encode(source), stderr: "pipe" },
  );
  if (biome.exitCode !== 0) throw new Error(`biome format failed: ${biome.stderr.toString()}`);
  return biome.stdout.toString();
}

if (import.meta.main) {
  const check = process.argv.includes("--check");
  const generated = await generateApiTypes();
  if (check) {
    if (readFileSync(TYPES_PATH, "utf8") !== generated) {
      console.error("src/api-types.d.ts is out of date: run `bun scripts/openapi-types.ts`");
      process.exit(1);
    }
  } else {
    writeFileSync(TYPES_PATH, generated);
    console.log(`wrote ${TYPES_PATH}`);
  }
}
