import type { Context } from "hono";
import { getCookie } from "hono/cookie";
import type { Clock } from "../clock.ts";
import type { DbHandle } from "../db/client.ts";
import { sha256Text } from "../hash.ts";
import { keysMatch, presentedKey } from "./api-key.ts";
import { findSession } from "./session-store.ts";
import { SESSION_COOKIE } from "./sessions.ts";

/**
 * Whether the credentials that opened a live stream still hold: an API key that was regenerated,
 * or a UI session that ended (logout, password change, expiry), ends the stream. A local-bypass
 * stream has neither and is left alone. `deps.apiKey` is read at each check (regeneration replaces it).
 */
export function streamCredentialCheck(
  deps: { apiKey: string; db: DbHandle; clock: Clock },
  c: Context,
): () => boolean {
  const request = c.req.raw;
  const key = presentedKey(request.headers, new URL(request.url));
  if (key !== undefined) return () => keysMatch(key, deps.apiKey);
  const sessionToken = getCookie(c, SESSION_COOKIE);
  if (!sessionToken || sessionToken.length > 128) return () => true;
  const tokenHash = sha256Text(sessionToken);
  const valid = () => {
    const session = findSession(deps.db, tokenHash);
    return session !== undefined && Date.parse(session.expiresAt) > deps.clock.now().getTime();
  };
  // Not signed in with this cookie when the stream opened: a local-bypass visitor.
  if (!valid()) return () => true;
  // A scan sends many events a second: the session is looked up at most once a second.
  let checkedAt = deps.clock.now().getTime();
  let lastResult = true;
  return () => {
    const now = deps.clock.now().getTime();
    if (now - checkedAt >= 1000) {
      checkedAt = now;
      lastResult = valid();
    }
    return lastResult;
  };
}
