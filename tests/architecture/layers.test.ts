import { describe, expect, test } from "bun:test";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, normalize, relative } from "node:path";
import ts from "typescript";
import { LAYERS, layerOf, unitOf } from "./layers.ts";

const SRC = join(import.meta.dir, "../../src");

function sourceFiles(): string[] {
  return (readdirSync(SRC, { recursive: true }) as string[])
    .map((p) => p.split("\\").join("/"))
    .filter((p) => /\.tsx?$/.test(p))
    .sort();
}

/** Every relative specifier a file names: static, type-only, re-exports, `import()`, `require()`. */
function importsOf(file: string): string[] {
  const text = readFileSync(join(SRC, file), "utf8");
  return ts
    .preProcessFile(text, true, true)
    .importedFiles.map((f) => f.fileName)
    .filter((s) => s.startsWith("."));
}

describe("layers", () => {
  test("every folder and root file of src/ has a layer", () => {
    const unplaced = [...new Set(sourceFiles().map(unitOf))].filter((u) => layerOf(u) < 0);
    expect(unplaced).toEqual([]);
  });

  test("no layer is named twice", () => {
    const units = LAYERS.flatMap((l) => l.units);
    expect(units.length).toBe(new Set(units).size);
  });

  test("no import runs up a layer", () => {
    const offenders: string[] = [];
    for (const file of sourceFiles()) {
      const from = unitOf(file);
      for (const specifier of importsOf(file)) {
        const target = normalize(relative(SRC, join(SRC, dirname(file), specifier)))
          .split("\\")
          .join("/");
        if (target.startsWith("..")) continue; // package.json and the like: outside the layers
        const to = unitOf(target);
        if (layerOf(to) > layerOf(from))
          offenders.push(
            `src/${file} (${LAYERS[layerOf(from)]?.name}) imports src/${target} (${LAYERS[layerOf(to)]?.name})`,
          );
      }
    }
    expect(offenders).toEqual([]);
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
