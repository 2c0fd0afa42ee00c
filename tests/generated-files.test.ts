import { afterAll, beforeAll, expect, test } from "bun:test";
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { type GeneratedFile, renderGenerated, staleFiles } from "../scripts/generate.ts";
import { missingMigrationFiles } from "../scripts/migration-index.ts";

const ROOT = join(import.meta.dir, "..");

// Rendered once: the spec comes from running `subhound openapi` from source.
let files: GeneratedFile[] = [];
let scratch = "";
beforeAll(async () => {
  files = await renderGenerated();
  scratch = mkdtempSync(join(tmpdir(), "subhound-generated-"));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

test("every generated file is what `npm run generate` would write", () => {
  expect(files.map((f) => f.path).sort()).toEqual(
    [
      "README.md",
      "generated/api-types.d.ts",
      "generated/iso639-common.txt",
      "generated/iso6393.txt",
      "generated/migrations.ts",
      "openapi.json",
    ].sort(),
  );
  expect(staleFiles(files), "stale: run `npm run generate`").toEqual([]);
});

test("src/db/schema.ts has no change without its migration", () => {
  expect(missingMigrationFiles(ROOT), "run `npm run generate`").toEqual([]);
});

test("a schema change without its migration is reported, and the migrations folder is left alone", () => {
  const root = join(scratch, "schema-change");
  mkdirSync(join(root, "src", "db"), { recursive: true });
  symlinkSync(join(ROOT, "node_modules"), join(root, "node_modules"));
  cpSync(join(ROOT, "src", "db", "migrations"), join(root, "src", "db", "migrations"), { recursive: true });
  const schema = readFileSync(join(ROOT, "src", "db", "schema.ts"), "utf8");
  writeFileSync(
    join(root, "src", "db", "schema.ts"),
    `${schema}\nexport const extra = sqliteTable("extra", { id: integer().primaryKey() });\n`,
  );
  const before = readdirSync(join(root, "src", "db", "migrations"), { recursive: true }).sort();
  const missing = missingMigrationFiles(root);
  expect(missing.filter((f) => f.endsWith(".sql"))).toEqual([
    expect.stringMatching(/^src\/db\/migrations\/\d{4}_\w+\.sql$/),
  ]);
  expect(readdirSync(join(root, "src", "db", "migrations"), { recursive: true }).sort()).toEqual(before);
});

test("the check names a file that differs or is missing, and only that one", () => {
  for (const file of files) {
    mkdirSync(dirname(join(scratch, file.path)), { recursive: true });
    writeFileSync(join(scratch, file.path), file.text);
  }
  expect(staleFiles(files, scratch)).toEqual([]);
  writeFileSync(join(scratch, "openapi.json"), `${files.find((f) => f.path === "openapi.json")!.text} `);
  rmSync(join(scratch, "generated", "migrations.ts"));
  expect(staleFiles(files, scratch).sort()).toEqual(["generated/migrations.ts", "openapi.json"]);
});
