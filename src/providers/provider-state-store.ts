import { eq, sql } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { providerState } from "../db/schema.ts";

/** A provider's quota pause, which outlives a restart (a provider that said "none left today" means it). */
export interface StoredPause {
  pausedUntil: string | null;
  reason: string | null;
}

/** The store of `provider_state`. */
export function createProviderStateStore(db: Db) {
  const load = db
    .select({ pausedUntil: providerState.pausedUntil, reason: providerState.pauseReason })
    .from(providerState)
    .where(eq(providerState.provider, sql.placeholder("provider")))
    .prepare();
  return {
    pause: (provider: string): StoredPause | null => load.get({ provider }) ?? null,
    savePause(provider: string, until: string | null, reason: string | null, now: string) {
      const fields = { pausedUntil: until, pauseReason: reason, updatedAt: now };
      db.insert(providerState)
        .values({ provider, ...fields })
        .onConflictDoUpdate({ target: providerState.provider, set: fields })
        .run();
    },
  };
}
