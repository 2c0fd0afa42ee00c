import type { Context } from "hono";
import { Hono } from "hono";
import { problemResponse } from "../http/problem.ts";
import type { WebAsset, WebAssets } from "./assets.ts";

export interface WebUiOptions {
  urlBase: string;
  /** Called once, on the first UI request: an API-only server never spends the memory. */
  load: () => Promise<WebAssets>;
}

const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  // uPlot and Preact set element styles from script; no stylesheet comes from elsewhere.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'self'",
].join("; ");

/** Paths the UI must never answer: the API and the docs keep their own 404s. */
const NOT_UI = /^\/(api|docs|openapi\.json)(\/|$)/;

function send(c: Context, asset: WebAsset, cacheControl: string) {
  const headers: Record<string, string> = {
    "Content-Type": asset.type,
    "Cache-Control": cacheControl,
    ETag: asset.etag,
    Vary: "Accept-Encoding",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "SAMEORIGIN",
    "Referrer-Policy": "same-origin",
  };
  if (c.req.header("if-none-match") === asset.etag) return c.body(null, 304, headers);
  const gzip = /\bgzip\b/.test(c.req.header("accept-encoding") ?? "");
  if (gzip) headers["Content-Encoding"] = "gzip";
  if (c.req.method === "HEAD") return c.body(null, 200, headers);
  return c.body((gzip ? asset.gzip : asset.body) as Uint8Array<ArrayBuffer>, 200, headers);
}

/**
 * The single-page app: hashed files under /assets (cached for a year), and index.html for every
 * other path that names no file, so each page's URL loads directly.
 */
export function webUiRouter({ urlBase, load }: WebUiOptions) {
  const router = new Hono();
  let assets: Promise<WebAssets> | undefined;
  router.on(["GET", "HEAD"], "*", async (c, next) => {
    const path = c.req.path.slice(urlBase.length) || "/";
    if (NOT_UI.test(path)) return next();
    assets ??= load().catch((e) => {
      assets = undefined;
      throw e;
    });
    const files = await assets;
    if (path.startsWith("/assets/")) {
      const asset = files.get(path.slice(1));
      if (!asset) return problemResponse(c, 404, `No UI file ${path}`);
      return send(c, asset, "public, max-age=31536000, immutable");
    }
    // A name with an extension asks for a file (favicon.ico, robots.txt): none of those is the app.
    if (/\.[a-z0-9]+$/i.test(path)) return next();
    // Everything comes from this server: an injected script or a foreign form target has nowhere to go.
    c.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    return send(c, files.get("index.html")!, "no-cache");
  });
  return router;
}
