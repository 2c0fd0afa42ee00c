import type { MiddlewareHandler } from "hono";

/**
 * What every answer a browser may render carries: no MIME sniffing, no framing by another site (the
 * UI and the docs act with the signed-in user's session or key), and no Referer beyond this origin
 * (a page opened with `?apikey=` must not hand the key to a site it links to).
 */
export const BROWSER_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "X-Content-Type-Options": "nosniff",
  "X-Frame-Options": "SAMEORIGIN",
  "Referrer-Policy": "same-origin",
};

/**
 * For `/api/*`: the same headers, and no copy of an answer kept by the browser or a caching proxy
 * in front (answers are per user and may hold the API key or settings). A route that chose its
 * own caching (the event stream) keeps it.
 *
 * @example app.use("/api/*", apiResponseHeaders);
 */
export const apiResponseHeaders: MiddlewareHandler = async (c, next) => {
  await next();
  const add = (headers: Headers) => {
    for (const [name, value] of Object.entries(BROWSER_SECURITY_HEADERS))
      if (!headers.has(name)) headers.set(name, value);
    if (!headers.has("Cache-Control")) headers.set("Cache-Control", "no-store");
  };
  try {
    add(c.res.headers);
  } catch {
    // Response.redirect() and fetch() answers have immutable headers: copy the answer first.
    c.res = new Response(c.res.body, c.res);
    add(c.res.headers);
  }
};
