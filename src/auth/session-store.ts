import { and, eq, lt, ne } from "drizzle-orm";
import type { DbHandle } from "../db/client.ts";
import { uiSessions } from "../db/schema.ts";

/** A signed-in browser; only the SHA-256 of its cookie token is stored. */
export type UiSession = typeof uiSessions.$inferSelect;

export function insertSession(handle: DbHandle, session: UiSession): void {
  handle.db.insert(uiSessions).values(session).run();
}

export function findSession(handle: DbHandle, tokenHash: string): UiSession | undefined {
  return handle.db.select().from(uiSessions).where(eq(uiSessions.tokenHash, tokenHash)).get();
}

/** Slides the session's end forward on use. */
export function touchSession(
  handle: DbHandle,
  tokenHash: string,
  lastSeenAt: string,
  expiresAt: string,
): void {
  handle.db
    .update(uiSessions)
    .set({ lastSeenAt, expiresAt })
    .where(eq(uiSessions.tokenHash, tokenHash))
    .run();
}

export function deleteSession(handle: DbHandle, tokenHash: string): void {
  handle.db.delete(uiSessions).where(eq(uiSessions.tokenHash, tokenHash)).run();
}

/** Removes sessions that ended before `now` (ISO). */
export function deleteExpiredSessions(handle: DbHandle, now: string): void {
  handle.db.delete(uiSessions).where(lt(uiSessions.expiresAt, now)).run();
}

/** Ends every session of `username` but the one given (a password change signs the others out). */
export function deleteOtherSessions(
  handle: DbHandle,
  username: string,
  keepTokenHash: string | null,
): number {
  const where = keepTokenHash
    ? and(eq(uiSessions.username, username), ne(uiSessions.tokenHash, keepTokenHash))
    : eq(uiSessions.username, username);
  return handle.db.delete(uiSessions).where(where).returning({ tokenHash: uiSessions.tokenHash }).all()
    .length;
}
