import { eq, inArray } from "drizzle-orm";
import type { DbHandle } from "./client.ts";
import { appSettings } from "./schema.ts";

/** The store of `app_settings`: small values the server creates for itself (API key, UI login). */
export function readSetting(handle: DbHandle, key: string): string | undefined {
  return handle.db.select().from(appSettings).where(eq(appSettings.key, key)).get()?.value;
}

/**
 * Writes every value only if none of the keys exists yet, in one transaction; returns whether it wrote.
 * First-start values (a generated key, the one-time UI login) must never replace what another request stored.
 */
export function insertSettingsIfAbsent(handle: DbHandle, values: Record<string, string>, now: Date): boolean {
  const keys = Object.keys(values);
  return handle.db.transaction((tx) => {
    for (const key of keys)
      if (tx.select().from(appSettings).where(eq(appSettings.key, key)).get()) return false;
    const updatedAt = now.toISOString();
    tx.insert(appSettings)
      .values(keys.map((key) => ({ key, value: values[key]!, updatedAt })))
      .run();
    return true;
  });
}

/** Sets one value, replacing what was there. */
export function writeSetting(handle: DbHandle, key: string, value: string, now: Date): void {
  const updatedAt = now.toISOString();
  handle.db
    .insert(appSettings)
    .values({ key, value, updatedAt })
    .onConflictDoUpdate({ target: appSettings.key, set: { value, updatedAt } })
    .run();
}

/** Removes the values (those that exist). */
export function deleteSettings(handle: DbHandle, keys: readonly string[]): void {
  if (keys.length === 0) return;
  handle.db
    .delete(appSettings)
    .where(inArray(appSettings.key, [...keys]))
    .run();
}
