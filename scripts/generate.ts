/**
 * Regenerates every generated file in one step: `npm run generate` (after a route, schema or config change).
 *   openapi.json              the OpenAPI document, from the routes (`subhound openapi`)
 *   generated/api-types.d.ts  the API's types for the web UI's client, from that document
 *   src/db/migrations/*.sql   a new migration when src/db/schema.ts changed (drizzle-kit; `--name x` names it)
 *   generated/migrations.ts   the migration list embedded in the binary, from drizzle's journal
 *   README.md                 the configuration reference, from the config schema
 *   generated/iso6393.txt    the ISO 639-3 table as JSON: parsed in ~7 ms where requiring the package's
 *                             module (a 780 KB object literal) took 100–200 ms of every CLI start
 *   generated/iso639-common.txt  its languages with an ISO 639-1 or 639-2 code: all that start-up and
 *                             scans look up, so the full table stays unread (3.5 MiB of heap less)
 * `npm run generate -- --check` writes nothing and exits 1, naming the stale files, when any differs
 * from what would be generated; tests/generated-files.test.ts runs the same check in `npm test`.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import type { Language } from "iso-639-3";
import { isCommonLanguage } from "../src/media/language-tables.ts";
import { updateReadme } from "./config-docs.ts";
import {
  generateMigrationSql,
  MIGRATION_INDEX_PATH,
  missingMigrationFiles,
  renderMigrationIndex,
} from "./migration-index.ts";
import { renderApiTypes, SPEC_PATH, TYPES_PATH } from "./openapi-types.ts";

export const ROOT = join(import.meta.dir, "..");
const ISO6393_PATH = join("generated", "iso6393.txt");
const ISO639_COMMON_PATH = join("generated", "iso639-common.txt");

/** One language per line, so a package update shows as a readable diff. */
function renderLanguages(languages: readonly Language[]): string {
  return `[\n${languages.map((language) => JSON.stringify(language)).join(",\n")}\n]\n`;
}

function iso6393(): readonly Language[] {
  return (require("iso-639-3") as typeof import("iso-639-3")).iso6393;
}

/** One generated file: its path from the repository root and the text it should hold. */
export interface GeneratedFile {
  path: string;
  text: string;
}

/**
 * The spec as `subhound openapi > openapi.json` writes it, run from source with the bun that runs this
 * script. Into a file, not a pipe: the CLI exits right after writing, which can cut a piped stdout short.
 */
function renderSpec(root: string): string {
  const scratch = mkdtempSync(join(tmpdir(), "subhound-spec-"));
  try {
    const out = join(scratch, "openapi.json");
    const proc = Bun.spawnSync([process.execPath, join(root, "src", "main.ts"), "openapi"], {
      cwd: root,
      stdin: "ignore",
      stdout: Bun.file(out),
      stderr: "pipe",
    });
    if (proc.exitCode !== 0) throw new Error(`subhound openapi failed: ${proc.stderr.toString()}`);
    return readFileSync(out, "utf8");
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * What every generated file should hold, rendered from the sources under `root`, in dependency order:
 * `onRendered` sees each file before the next is rendered (the spec loads the app, which imports the
 * migration list; the types come from the spec).
 */
export async function renderGenerated(
  root = ROOT,
  onRendered: (file: GeneratedFile) => void = () => {},
): Promise<GeneratedFile[]> {
  const files: GeneratedFile[] = [];
  const add = (file: GeneratedFile) => {
    files.push(file);
    onRendered(file);
    return file.text;
  };
  add({ path: ISO6393_PATH, text: renderLanguages(iso6393()) });
  add({ path: ISO639_COMMON_PATH, text: renderLanguages(iso6393().filter(isCommonLanguage)) });
  add({ path: MIGRATION_INDEX_PATH, text: renderMigrationIndex(root) });
  const spec = add({ path: SPEC_PATH, text: renderSpec(root) });
  add({ path: TYPES_PATH, text: await renderApiTypes(spec, root) });
  add({ path: "README.md", text: updateReadme(readFileSync(join(root, "README.md"), "utf8")) });
  return files;
}

/** Paths (from `root`) whose file is missing or differs from what was rendered. */
export function staleFiles(files: GeneratedFile[], root = ROOT): string[] {
  return files
    .filter((f) => {
      const path = join(root, f.path);
      return !existsSync(path) || readFileSync(path, "utf8") !== f.text;
    })
    .map((f) => f.path);
}

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { check: { type: "boolean", default: false }, name: { type: "string" } },
    allowPositionals: false,
  });
  if (values.check) {
    const stale = [...missingMigrationFiles(ROOT), ...staleFiles(await renderGenerated())];
    if (stale.length === 0) {
      console.log("every generated file is up to date");
      return 0;
    }
    console.error(`stale generated files (run \`npm run generate\`):\n  ${stale.join("\n  ")}`);
    return 1;
  }
  // First the SQL, so that the embedded list rendered next includes a migration it adds.
  generateMigrationSql(ROOT, values.name ? [`--name=${values.name}`] : []);
  let written = 0;
  await renderGenerated(ROOT, (file) => {
    if (staleFiles([file]).length === 0) return;
    writeFileSync(join(ROOT, file.path), file.text);
    console.log(`wrote ${file.path}`);
    written++;
  });
  if (written === 0) console.log("every generated file was already up to date");
  return 0;
}

if (import.meta.main) process.exitCode = await main(process.argv.slice(2));
