import type { Database } from "bun:sqlite";

/** A provider's quota pause, which outlives a restart (a provider that said "none left today" means it). */
export interface StoredPause {
  pausedUntil: string | null;
  reason: string | null;
}

/** The store of `provider_state`. */
export function createProviderStateStore(sqlite: Database) {
  const load = sqlite.query<StoredPause, [string]>(
    "SELECT paused_until AS pausedUntil, pause_reason AS reason FROM provider_state WHERE provider = ?",
  );
  const save = sqlite.query<unknown, [string, string | null, string | null, string]>(
    `INSERT INTO provider_state (provider, paused_until, pause_reason, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (provider) DO UPDATE SET paused_until = excluded.paused_until, pause_reason = excluded.pause_reason,
       updated_at = excluded.updated_at`,
  );
  return {
    pause: (provider: string): StoredPause | null => load.get(provider),
    savePause(provider: string, until: string | null, reason: string | null, now: string) {
      save.run(provider, until, reason, now);
    },
  };
}
