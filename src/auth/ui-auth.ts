import type { Context } from "hono";
import type { Clock } from "../clock.ts";
import type { Config } from "../config/schema.ts";
import type { DbHandle } from "../db/client.ts";
import { isLocalAddress, isLocalRequest, isPrivateHostName, socketAddress } from "./client-address.ts";
import { createUiCredentials, type UiCredentials } from "./credentials.ts";
import { createLoginLimiter, type LoginLimiter } from "./login-limiter.ts";
import { createSessionManager, type SessionManager } from "./sessions.ts";

/** Everything the web UI's login needs, built once per app. */
export interface UiAuth {
  credentials: UiCredentials;
  sessions: SessionManager;
  limiter: LoginLimiter;
  /** Who a valid session cookie belongs to, if that is still the login (a renamed login ends old sessions). */
  signedIn(c: Context): string | null;
  /** Whether `auth.localBypass` lets this request in without a session (a local visitor, a private host name). */
  bypasses(c: Context): boolean;
  /** The key failed logins are counted under: the visitor, also behind a local reverse proxy. */
  clientKey(c: Context): string;
}

export function createUiAuth(deps: { config: Config; db: DbHandle; clock: Clock }): UiAuth {
  const { config, db, clock } = deps;
  const credentials = createUiCredentials(config, db, clock);
  const sessions = createSessionManager({
    db,
    clock,
    sessionDays: config.auth.sessionDays,
    cookiePath: config.server.urlBase || "/",
  });
  return {
    credentials,
    sessions,
    limiter: createLoginLimiter({ clock }),
    signedIn(c) {
      const username = sessions.current(c);
      return username !== null && username === credentials.username() ? username : null;
    },
    // The Host check: a public name that resolves to us is a DNS-rebinding page, not the owner.
    bypasses: (c) =>
      config.auth.localBypass &&
      isLocalRequest(c) &&
      isPrivateHostName(c.req.header("host") ?? new URL(c.req.url).host),
    clientKey(c) {
      const peer = socketAddress(c) ?? "unknown";
      // A proxy on our own network appends the visitor last; anything before it may be made up.
      const forwarded = c.req.header("x-forwarded-for")?.split(",").at(-1)?.trim();
      return forwarded && (peer === "unknown" || isLocalAddress(peer)) ? forwarded : peer;
    },
  };
}
