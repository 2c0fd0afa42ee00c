import { expect, test } from "bun:test";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const ROOT = join(import.meta.dir, "../..");

function folders(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name);
}

/** What git ignores at the top (node_modules/, dist/…) is no part of the layout. */
function ignoredFolders(): Set<string> {
  const lines = readFileSync(join(ROOT, ".gitignore"), "utf8").split("\n");
  return new Set([".git", ...lines.filter((l) => l.endsWith("/")).map((l) => l.slice(0, -1))]);
}

function layoutSection(): string {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  const start = readme.indexOf("### Layout\n");
  expect(start).toBeGreaterThan(0);
  const end = readme.indexOf("\n#", start + 1);
  return readme.slice(start, end < 0 ? undefined : end);
}

test("the README's layout names every folder of src/ and of the repository, one line each", () => {
  const section = layoutSection();
  const ignored = ignoredFolders();
  const expected = [
    ...folders(join(ROOT, "src")).map((f) => `src/${f}/`),
    ...folders(ROOT)
      .filter((f) => !ignored.has(f) && f !== "src")
      .map((f) => `${f}/`),
  ];
  const lines = section.split("\n").filter((l) => l.startsWith("- `"));
  const named = lines.map((l) => l.slice(3, l.indexOf("`", 3)));
  expect(expected.filter((f) => !named.includes(f))).toEqual([]);
  expect(named.filter((f) => named.indexOf(f) !== named.lastIndexOf(f))).toEqual([]);
});
