import { expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

const SRC = join(import.meta.dir, "../../src");
/** Value imports and re-exports evaluated at load; `import type` and `await import()` are not. */
const STATIC_IMPORT = /^(?:import|export)\s+(?!type\b)[^;]*?\bfrom\s+"(\.[^"]+)"/gm;

function staticallyLoaded(entry: string): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const m of readFileSync(file, "utf8").matchAll(STATIC_IMPORT)) visit(resolve(dirname(file), m[1]!));
  };
  visit(join(SRC, entry));
  return new Set([...seen].map((f) => f.slice(SRC.length + 1)));
}

test("the walk follows value imports and skips type-only and dynamic ones", () => {
  const loaded = staticallyLoaded("main.ts");
  expect(loaded.has("cli/command.ts")).toBe(true);
  expect(loaded.has("cli/data-dir.ts")).toBe(false);
  expect(staticallyLoaded("cli/serve.ts").has("server.ts")).toBe(true);
});

// A command that hands its work to the running server, or only prints, must not load the
// server's module graph (0.1-0.2 s of start-up): it is loaded on demand where a local run needs it.
test.each([
  "main.ts",
  "cli/version.ts",
  "cli/healthcheck.ts",
  "cli/api-key.ts",
  "cli/scan.ts",
  "cli/search.ts",
])("%s starts without loading the server", (entry) => {
  const loaded = staticallyLoaded(entry);
  expect(["server.ts", "app.ts"].filter((f) => loaded.has(f))).toEqual([]);
});

// A local scan opens the database and runs the scanner: the HTTP app, its routes, the jobs,
// providers and notifications are the server's, and most of its start-up time and memory.
test("a local scan loads the scanner without the server's app, routes, jobs, providers or notifications", () => {
  const loaded = [...staticallyLoaded("cli/scan-runtime.ts")];
  expect(loaded).toContain("wanted/scanner.ts");
  const serverOnly =
    /^(server|app)\.ts$|\.routes\.ts$|^(http|jobs|notifications|webui|health)\/|^providers\/(index|registry)\.ts$/;
  expect(loaded.filter((f) => serverOnly.test(f))).toEqual([]);
});

// Most scans extract nothing: the library editor and the media servers load with the first extraction.
test("a local scan loads the extraction machinery only when it extracts", () => {
  const loaded = staticallyLoaded("cli/scan-runtime.ts");
  expect(
    ["browse/library-editor.ts", "mediaservers/manager.ts", "wanted/subtitle-tools.ts"].filter((f) =>
      loaded.has(f),
    ),
  ).toEqual([]);
});
