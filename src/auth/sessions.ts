import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { Clock } from "../clock.ts";
import type { DbHandle } from "../db/client.ts";
import { randomBytes, sha256Text } from "../hash.ts";
import { socketAddress } from "./client-address.ts";
import { cameOverHttps } from "./origin.ts";
import {
  deleteExpiredSessions,
  deleteOtherSessions,
  deleteSession,
  findSession,
  insertSession,
  touchSession,
} from "./session-store.ts";

export const SESSION_COOKIE = "subhound_session";
/** Writing lastSeenAt on every request would cost a write per poll; once a minute is precise enough. */
const TOUCH_EVERY_MS = 60_000;

export interface SessionManagerOptions {
  db: DbHandle;
  clock: Clock;
  sessionDays: number;
  /** The cookie's Path: the UI and API share it. */
  cookiePath: string;
}

export interface SessionManager {
  /** The username of a valid session cookie, sliding its end forward; null otherwise. */
  current(c: Context): string | null;
  start(c: Context, username: string): void;
  end(c: Context): void;
  /** Ends every other session of `username`; returns how many. */
  endOthers(c: Context, username: string): number;
}

const hashToken = (token: string) => sha256Text(token);

export function createSessionManager({
  db,
  clock,
  sessionDays,
  cookiePath,
}: SessionManagerOptions): SessionManager {
  const lifetimeMs = sessionDays * 86_400_000;
  const cookieOptions = (c: Context) => ({
    path: cookiePath,
    httpOnly: true,
    sameSite: "Lax" as const,
    secure: cameOverHttps(c.req.raw),
  });
  return {
    current(c) {
      const token = getCookie(c, SESSION_COOKIE);
      if (!token || token.length > 128) return null;
      const tokenHash = hashToken(token);
      const session = findSession(db, tokenHash);
      if (!session) return null;
      const now = clock.now();
      if (Date.parse(session.expiresAt) <= now.getTime()) {
        deleteSession(db, tokenHash);
        return null;
      }
      if (now.getTime() - Date.parse(session.lastSeenAt) >= TOUCH_EVERY_MS) {
        touchSession(db, tokenHash, now.toISOString(), new Date(now.getTime() + lifetimeMs).toISOString());
        setCookie(c, SESSION_COOKIE, token, { ...cookieOptions(c), maxAge: Math.floor(lifetimeMs / 1000) });
      }
      return session.username;
    },
    start(c, username) {
      const now = clock.now();
      deleteExpiredSessions(db, now.toISOString());
      const token = randomBytes(32).toString("base64url");
      insertSession(db, {
        tokenHash: hashToken(token),
        username,
        createdAt: now.toISOString(),
        lastSeenAt: now.toISOString(),
        expiresAt: new Date(now.getTime() + lifetimeMs).toISOString(),
        userAgent: c.req.header("user-agent")?.slice(0, 300) ?? null,
        address: socketAddress(c) ?? null,
      });
      setCookie(c, SESSION_COOKIE, token, { ...cookieOptions(c), maxAge: Math.floor(lifetimeMs / 1000) });
    },
    endOthers(c, username) {
      const token = getCookie(c, SESSION_COOKIE);
      return deleteOtherSessions(db, username, token ? hashToken(token) : null);
    },
    end(c) {
      const token = getCookie(c, SESSION_COOKIE);
      if (token) deleteSession(db, hashToken(token));
      deleteCookie(c, SESSION_COOKIE, cookieOptions(c));
    },
  };
}
