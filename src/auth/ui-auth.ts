import type { Context } from "hono";
import type { AppDeps } from "../http/context.ts";
import { isLocalAddress, isLocalRequest, socketAddress } from "./client-address.ts";
import { createUiCredentials, type UiCredentials } from "./credentials.ts";
import { createLoginLimiter, type LoginLimiter } from "./login-limiter.ts";
import { createSessionManager, type SessionManager } from "./sessions.ts";

/** Everything the web UI's login needs, built once per app. */
export interface UiAuth {
  credentials: UiCredentials;
  sessions: SessionManager;
  limiter: LoginLimiter;
  /** Whether `auth.localBypass` lets this request in without a session. */
  bypasses(c: Context): boolean;
  /** The key failed logins are counted under: the visitor, also behind a local reverse proxy. */
  clientKey(c: Context): string;
}

export function createUiAuth(deps: AppDeps): UiAuth {
  const { config, db, clock } = deps;
  return {
    credentials: createUiCredentials(config, db, clock),
    sessions: createSessionManager({
      db,
      clock,
      sessionDays: config.auth.sessionDays,
      cookiePath: config.server.urlBase || "/",
    }),
    limiter: createLoginLimiter({ clock }),
    bypasses: (c) => config.auth.localBypass && isLocalRequest(c),
    clientKey(c) {
      const peer = socketAddress(c) ?? "unknown";
      // A proxy on our own network appends the visitor last; anything before it may be made up.
      const forwarded = c.req.header("x-forwarded-for")?.split(",").at(-1)?.trim();
      return forwarded && (peer === "unknown" || isLocalAddress(peer)) ? forwarded : peer;
    },
  };
}
