import { BODY_CAPS, BodyTooLargeError, readCappedBytes } from "../net/capped-body.ts";
import { type ProviderContext, ProviderError, type ProviderErrorKind, type ProviderName } from "./types.ts";

/** A whole answer, read before the provider interprets it. */
export interface ProviderReply {
  status: number;
  headers: Headers;
  bytes: Uint8Array;
}

export function providerFailure(provider: ProviderName) {
  return (kind: ProviderErrorKind, message: string, status?: number) =>
    new ProviderError(provider, kind, message, status === undefined ? {} : { status });
}

/** What a failed exchange means: cancelled by us, timed out, or the provider is unreachable. */
export function transportError(
  provider: ProviderName,
  label: string,
  ctx: ProviderContext,
  e: unknown,
): ProviderError {
  if (e instanceof ProviderError) return e;
  const fail = providerFailure(provider);
  if (ctx.signal.aborted) return fail("aborted", "cancelled");
  if (e instanceof BodyTooLargeError) return fail("bad-response", `${label}: ${e.message}`);
  const name = e instanceof Error ? e.name : "";
  if (name === "TimeoutError" || name === "AbortError") return fail("timeout", "request timed out");
  return fail("unavailable", `cannot reach ${label}: ${e instanceof Error ? e.message : String(e)}`);
}

/**
 * One request through the context's rate-limited fetch, body read up to `maxBytes` (an API answer
 * by default; downloads pass their own cap); transport failures and oversized bodies become
 * ProviderErrors.
 */
export async function fetchReply(
  provider: ProviderName,
  label: string,
  ctx: ProviderContext,
  url: string,
  init: RequestInit = {},
  maxBytes: number = BODY_CAPS.providerApi,
): Promise<ProviderReply> {
  try {
    const response = await ctx.fetch(url, { ...init, signal: ctx.signal });
    return {
      status: response.status,
      headers: response.headers,
      bytes: await readCappedBytes(response, maxBytes, { signal: ctx.signal }),
    };
  } catch (e) {
    throw transportError(provider, label, ctx, e);
  }
}

/**
 * A 401/403 that is a web page came from something in front of the API (Cloudflare's "Just a
 * moment...", a proxy or firewall), which never looked at the key: calling it a refused key sends
 * the user to renew a key that works.
 */
export { isHtmlPage } from "../net/remote.ts";

/** What a 401/403 HTML page is, for the message: the host refused us before the API saw the request. */
export function blockedPageText(status: number, detail: string): string {
  const page = detail === "" ? "" : ` ("${detail}")`;
  return `refused by a firewall or bot check in front of the API, not by the API itself (HTTP ${status} with a web page${page}); the API key was not checked`;
}
