/**
 * The types of the HTTP API (`paths`, `components`, `operations`) that the web UI's client and the
 * tests use, rendered from the OpenAPI document with openapi-typescript. `scripts/generate.ts` writes them.
 */
import { join } from "node:path";
import openapiTS, { astToString } from "openapi-typescript";

export const SPEC_PATH = "openapi.json";
export const TYPES_PATH = join("generated", "api-types.d.ts");

const HEADER = `/**
 * Types of the Subhound HTTP API, generated from openapi.json by scripts/generate.ts.
 * Do not edit: run \`npm run generate\`.
 */

`;

/** The d.ts text for `specText` (an OpenAPI document as JSON), as `root`'s Biome formats it. */
export async function renderApiTypes(specText: string, root: string): Promise<string> {
  const ast = await openapiTS(JSON.parse(specText), { alphabetize: false, exportType: false });
  return formatted(HEADER + astToString(ast), root);
}

/** Biome-formatted, so the file passes `npm run lint` exactly as generated. */
function formatted(source: string, root: string): string {
  const biome = Bun.spawnSync(
    [join(root, "node_modules", ".bin", "biome"), "format", `--stdin-file-path=${join(root, TYPES_PATH)}`],
    { cwd: root, stdin: new TextEncoder().encode(source), stderr: "pipe" },
  );
  if (biome.exitCode !== 0) throw new Error(`biome format failed: ${biome.stderr.toString()}`);
  return biome.stdout.toString();
}
