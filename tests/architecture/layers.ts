import { dirname, join, normalize } from "node:path";
import ts from "typescript";

/**
 * The layers of `src/`, lowest first. A module may import from its own layer or a lower one, never a
 * higher one (types included). Each entry is a folder under `src/` or a file at its root (without
 * extension). docs/ARCHITECTURE.md shows the same table and says why this order.
 */
export const LAYERS: readonly { name: string; units: readonly string[] }[] = [
  {
    name: "base",
    units: [
      "bytes",
      "clock",
      "build-info",
      "concurrency",
      "event-loop",
      "gc-pacer",
      "jit-tier",
      "process-alive",
      "stderr",
      "hash",
      "worker-url",
      "worker-once",
      "types",
      "api-types",
    ],
  },
  { name: "infrastructure", units: ["net", "db"] },
  { name: "media knowledge", units: ["media"] },
  { name: "configuration", units: ["config", "log", "log-buffer"] },
  { name: "web plumbing", units: ["http", "events"] },
  {
    name: "sources and tools",
    units: [
      "library",
      "mediaservers",
      "providers",
      "subtitles",
      "translation",
      "whisper",
      "profiles",
      "auth",
      "runs",
      "webui",
    ],
  },
  { name: "fallbacks", units: ["fallbacks"] },
  { name: "wanted list", units: ["wanted", "browse", "import"] },
  { name: "subtitle sync", units: ["sync"] },
  { name: "background work", units: ["jobs", "webhooks", "notifications", "postprocess"] },
  { name: "health", units: ["health"] },
  { name: "settings", units: ["settings"] },
  { name: "composition", units: ["app", "api-routes", "server", "listen", "system"] },
  { name: "entry points", units: ["cli", "main"] },
];

/** The top-level unit of a path relative to `src/`: its folder, or its file name without extensions. */
export function unitOf(pathInSrc: string): string {
  const [first, ...rest] = pathInSrc.split("/");
  return rest.length > 0 ? first! : first!.split(".")[0]!;
}

export function layerOf(unit: string): number {
  return LAYERS.findIndex((layer) => layer.units.includes(unit));
}

/** Every relative specifier a source names: static, type-only, re-exports, `import()`, `require()`. */
export function relativeImports(text: string): string[] {
  return ts
    .preProcessFile(text, true, true)
    .importedFiles.map((f) => f.fileName)
    .filter((s) => s.startsWith("."));
}

/** One line per import that runs up a layer; `files` are paths relative to `src/` with their text. */
export function upwardImports(files: readonly { path: string; text: string }[]): string[] {
  const offenders: string[] = [];
  for (const { path, text } of files) {
    const from = layerOf(unitOf(path));
    for (const specifier of relativeImports(text)) {
      const target = normalize(join(dirname(path), specifier))
        .split("\\")
        .join("/");
      if (target.startsWith("..")) continue; // package.json and the like: outside the layers
      const to = layerOf(unitOf(target));
      if (to > from)
        offenders.push(`src/${path} (${LAYERS[from]?.name}) imports src/${target} (${LAYERS[to]?.name})`);
    }
  }
  return offenders;
}
