import { expect, test } from "bun:test";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const root = join(import.meta.dir, "..", "..");

test("every worker the code starts by URL is an entrypoint of the compiled binary", () => {
  const compile = readFileSync(join(root, "scripts", "compile.ts"), "utf8");
  const named = new Set<string>();
  for (const entry of readdirSync(join(root, "src"), { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith(".ts")) continue;
    const text = readFileSync(join(entry.parentPath, entry.name), "utf8");
    for (const m of text.matchAll(/workerUrl(?:Of)?\(import\.meta\.url, "([^"]+)"\)/g)) named.add(m[1]!);
  }
  // The scan writer, the list pages, subtitle preparation and backups at least.
  expect(named).toContain("wanted/scan-write-worker.ts");
  expect(named.size).toBeGreaterThanOrEqual(4);
  for (const path of named) {
    const [dir, file] = [path.split("/").slice(0, -1), path.split("/").pop()!];
    expect(compile).toContain(`join(root, "src", ${[...dir, file].map((p) => `"${p}"`).join(", ")})`);
  }
});
