import type { Context, MiddlewareHandler } from "hono";

/**
 * The last guard on what the API sends: a JSON answer that carries a secret (a provider's error
 * quoting a URL with its password, a remote echoing a key) gets it replaced by `***`. Sources
 * redact too; this catches what one of them misses. Streams (SSE) scrub per event instead.
 */
export function scrubJsonResponses(scrubberOf: (c: Context) => (text: string) => string): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const ownResponse = c.res;
    const type = ownResponse.headers.get("content-type") ?? "";
    if (!/^application\/(problem\+)?json/.test(type) || ownResponse.body === null) return;
    const text = await ownResponse.text();
    const scrubbed = scrubberOf(c)(text);
    c.res = new Response(scrubbed, { status: ownResponse.status, headers: ownResponse.headers });
    if (scrubbed !== text) c.res.headers.delete("content-length");
  };
}
