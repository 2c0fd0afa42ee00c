import { describe, expect, test } from "bun:test";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { LAYERS, layerOf, unitOf, upwardImports } from "./layers.ts";

const SRC = join(import.meta.dir, "../../src");

function sourceFiles(): { path: string; text: string }[] {
  return (readdirSync(SRC, { recursive: true }) as string[])
    .map((p) => p.split("\\").join("/"))
    .filter((p) => /\.tsx?$/.test(p))
    .sort()
    .map((path) => ({ path, text: readFileSync(join(SRC, path), "utf8") }));
}

describe("layers", () => {
  test("every folder and root file of src/ has a layer, and only one", () => {
    const unplaced = [...new Set(sourceFiles().map((f) => unitOf(f.path)))].filter((u) => layerOf(u) < 0);
    expect(unplaced).toEqual([]);
    const units = LAYERS.flatMap((l) => l.units);
    expect(units.length).toBe(new Set(units).size);
  });

  test("no import in src/ runs up a layer", () => {
    expect(upwardImports(sourceFiles())).toEqual([]);
  });

  test("the check sees every kind of import, types included, and ignores comments and strings", () => {
    const text = [
      'import type { Profile } from "../wanted/profile.ts";',
      'export { x } from "../jobs/x.ts";',
      'const m = require("../app.ts") as typeof import("../server.ts");',
      'let s: import("../cli/scan.ts").ScanArgs;',
      '// import { c } from "../main.ts";',
      "const t = \"import { d } from '../health/detailed.ts'\";",
      'import { fine } from "../media/languages.ts";',
      'import { same } from "./types.ts";',
    ].join("\n");
    expect(upwardImports([{ path: "providers/scoring.ts", text }])).toEqual([
      "src/providers/scoring.ts (sources and tools) imports src/wanted/profile.ts (wanted list)",
      "src/providers/scoring.ts (sources and tools) imports src/jobs/x.ts (background work)",
      "src/providers/scoring.ts (sources and tools) imports src/app.ts (composition)",
      "src/providers/scoring.ts (sources and tools) imports src/server.ts (composition)",
      "src/providers/scoring.ts (sources and tools) imports src/cli/scan.ts (entry points)",
    ]);
  });
});

test("docs/ARCHITECTURE.md lists the same layers in the same order", () => {
  const doc = readFileSync(join(import.meta.dir, "../../docs/ARCHITECTURE.md"), "utf8");
  const rows = doc
    .split("\n")
    .filter((l) => /^\| \d+ \|/.test(l))
    .map((l) => {
      const [, , name, units] = l.split("|").map((c) => c.trim());
      return { name, units: [...(units ?? "").matchAll(/`([^`]+)`/g)].map((m) => m[1]) };
    });
  expect(rows).toEqual(LAYERS.map((l) => ({ name: l.name, units: [...l.units] })));
});
