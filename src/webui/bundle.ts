import { join } from "node:path";

/** One file of the built UI, path relative to the UI root (`index.html`, `assets/index-1a2b3c.js`). */
export interface WebFile {
  path: string;
  type: string;
  text: string;
}

/** Replaced by `server.urlBase` when the files are served: the bundle is built once for every base. */
export const BASE_PLACEHOLDER = "/__SUBHOUND_BASE__";

export const WEB_ENTRY = join(import.meta.dir, "..", "..", "web", "index.html");

/** Bundles `web/` (HTML entry → hashed JS and CSS) in memory with Bun's bundler. */
export async function buildWebBundle(entry = WEB_ENTRY): Promise<WebFile[]> {
  const result = await Bun.build({
    entrypoints: [entry],
    minify: true,
    splitting: true,
    sourcemap: "none",
    target: "browser",
    publicPath: `${BASE_PLACEHOLDER}/assets/`,
    naming: { entry: "[name]-[hash].[ext]", chunk: "[name]-[hash].[ext]", asset: "[name]-[hash].[ext]" },
    define: { "process.env.NODE_ENV": JSON.stringify("production") },
  });
  if (!result.success) throw new AggregateError(result.logs, "the web UI failed to build");
  return Promise.all(
    result.outputs.map(async (o) => {
      const name = o.path.replace(/^\.\//, "");
      return {
        path: name.endsWith(".html") ? "index.html" : `assets/${name}`,
        type: o.type,
        text: await o.text(),
      };
    }),
  );
}
