import type { MiddlewareHandler } from "hono";
import { problemResponse } from "../http/problem.ts";
import type { RouteEnv } from "../http/router.ts";
import { keysMatch, presentedKey } from "./api-key.ts";
import { isSameOrigin } from "./origin.ts";
import type { UiAuth } from "./ui-auth.ts";

export const CROSS_ORIGIN_DETAIL =
  "This request came from another site (its Origin or Referer does not match this server); open the Subhound UI itself to make changes";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export interface ApiGuardOptions {
  auth: UiAuth;
  /** Paths (below urlBase) that need neither key nor session. */
  isOpen: (path: string) => boolean;
  urlBase: string;
}

/**
 * The API accepts an API key (unchanged for API clients), a UI session cookie or, when
 * `auth.localBypass` is on, a local address. A browser's state change must come from our own pages.
 */
export function apiGuard<E extends RouteEnv<{ apiKey: string }>>({
  auth,
  isOpen,
  urlBase,
}: ApiGuardOptions): MiddlewareHandler<E> {
  return async (c, next) => {
    const path = c.req.path.slice(urlBase.length);
    if (isOpen(path)) return next();
    const key = presentedKey(c.req.raw.headers, new URL(c.req.url));
    if (key !== undefined) {
      if (!keysMatch(key, c.get("deps").apiKey)) return problemResponse(c, 401, "The API key is not valid");
      return next();
    }
    if (auth.signedIn(c) === null && !auth.bypasses(c))
      return problemResponse(
        c,
        401,
        "Sign in to the web UI, or send the API key in the X-Api-Key header or the apikey query parameter",
      );
    if (!SAFE_METHODS.has(c.req.method) && !isSameOrigin(c.req.raw))
      return problemResponse(c, 403, CROSS_ORIGIN_DETAIL);
    return next();
  };
}
