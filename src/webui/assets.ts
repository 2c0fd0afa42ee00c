import { sha256Text } from "../hash.ts";
import { BASE_PLACEHOLDER, buildWebBundle, type WebFile } from "./bundle.ts";
import { embeddedWebFiles } from "./embedded.ts";

export interface WebAsset {
  type: string;
  body: Uint8Array;
  gzip: Uint8Array;
  etag: string;
}

export type WebAssets = Map<string, WebAsset>;

/** Puts the base path into every file and compresses each once; they never change while running. */
export function prepareWebAssets(files: WebFile[], urlBase: string): WebAssets {
  const assets: WebAssets = new Map();
  for (const file of files) {
    const body = new TextEncoder().encode(file.text.replaceAll(BASE_PLACEHOLDER, urlBase));
    assets.set(file.path, {
      type: file.type,
      body,
      gzip: Bun.gzipSync(body, { level: 9 }),
      etag: `"${sha256Text(body, "base64url").slice(0, 22)}"`,
    });
  }
  return assets;
}

/** The embedded build inside the compiled binary; from source, a fresh bundle of `web/`. */
export async function loadWebAssets(urlBase: string): Promise<WebAssets> {
  return prepareWebAssets(embeddedWebFiles ?? (await buildWebBundle()), urlBase);
}
