import type { Context } from "hono";
import { Hono } from "hono";
import { problemResponse } from "../http/problem.ts";
import { BROWSER_SECURITY_HEADERS } from "../http/security-headers.ts";
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

/** Whether `Accept-Encoding` takes gzip (RFC 9110 §12.5.3): named or `*`, with a weight above 0. */
function acceptsGzip(header: string | undefined): boolean {
  let gzip: number | undefined;
  let any: number | undefined;
  for (const part of (header ?? "").toLowerCase().split(",")) {
    const [coding, ...params] = part.split(";").map((s) => s.trim());
    const q = params.find((p) => p.startsWith("q="));
    const weight = q === undefined ? 1 : Number(q.slice(2));
    if (coding === "gzip" || coding === "x-gzip") gzip = weight;
    else if (coding === "*") any = weight;
  }
  return (gzip ?? any ?? 0) > 0;
}

/** `If-None-Match` by weak comparison (RFC 9110 §13.1.2): a list, `W/` tags (a proxy that re-encodes marks them weak) and `*`. */
function matchesEtag(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  if (header.trim() === "*") return true;
  return header.split(",").some((tag) => tag.trim().replace(/^W\//, "") === etag);
}

function send(c: Context, asset: WebAsset, cacheControl: string) {
  const headers: Record<string, string> = {
    "Content-Type": asset.type,
    "Cache-Control": cacheControl,
    ETag: asset.etag,
    Vary: "Accept-Encoding",
    ...BROWSER_SECURITY_HEADERS,
  };
  if (matchesEtag(c.req.header("if-none-match"), asset.etag)) return c.body(null, 304, headers);
  const gzip = acceptsGzip(c.req.header("accept-encoding"));
  if (gzip) headers["Content-Encoding"] = "gzip";
  const body = gzip ? asset.gzip : asset.body;
  // A HEAD answer has no body to measure: without this the server would say the file is empty.
  if (c.req.method === "HEAD")
    return c.body(null, 200, { ...headers, "Content-Length": String(body.length) });
  return c.body(body as Uint8Array<ArrayBuffer>, 200, headers);
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
