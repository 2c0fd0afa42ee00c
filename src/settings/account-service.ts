import { newApiKey, storeApiKey } from "../auth/api-key.ts";
import { hashPassword, type UiCredentials } from "../auth/credentials.ts";
import type { Clock } from "../clock.ts";
import type { DbHandle } from "../db/client.ts";
import type { SettingsService } from "./settings-service.ts";

/** Where a credential lives: set by a variable (read-only here), in config.toml, or in the database. */
export type CredentialSource = { kind: "env"; variable: string } | { kind: "file" } | { kind: "database" };

export type AccountOutcome<T extends object = Record<never, never>> =
  | ({ ok: true } & T)
  | { ok: false; status: 409 | 422; detail: string };

export interface AccountServiceOptions {
  settings: SettingsService;
  db: DbHandle;
  clock: Clock;
  /** The key the API accepts now; `set` makes a new one the only valid key at once. */
  apiKey: { get(): string; set(key: string): void };
}

/** Changing the login's password and the API key, wherever each is kept. */
export function createAccountService(options: AccountServiceOptions) {
  const { settings, db, clock } = options;
  const sourceOf = (key: "apiKey" | "password"): CredentialSource => {
    const variable =
      settings.envVariable(`auth.${key}`) ??
      (key === "password" ? settings.envVariable("auth.username") : undefined);
    if (variable) return { kind: "env", variable };
    return settings.fileHas(["auth", key]) ? { kind: "file" } : { kind: "database" };
  };
  const failed = (detail: string) => ({ ok: false as const, status: 422 as const, detail });

  return {
    apiKey: () => ({ apiKey: options.apiKey.get(), source: sourceOf("apiKey") }),

    regenerateApiKey(): AccountOutcome<{ apiKey: string }> {
      const source = sourceOf("apiKey");
      if (source.kind === "env")
        return {
          ok: false,
          status: 409,
          detail: `the API key is set by ${source.variable}; change it there`,
        };
      const apiKey = newApiKey();
      if (source.kind === "file") {
        const saved = settings.saveKey(["auth", "apiKey"], apiKey);
        if (!saved.ok) return failed(saved.detail);
      } else storeApiKey(db, apiKey, clock);
      options.apiKey.set(apiKey);
      return { ok: true, apiKey };
    },

    async changePassword(credentials: UiCredentials, next: string): Promise<AccountOutcome> {
      const source = sourceOf("password");
      if (source.kind === "env")
        return { ok: false, status: 409, detail: `the login is set by ${source.variable}; change it there` };
      const hash = await hashPassword(next);
      if (credentials.source() === "config") {
        const saved = settings.saveKey(["auth", "password"], hash);
        if (!saved.ok) return failed(saved.detail);
      } else credentials.replaceStoredHash(hash);
      return { ok: true };
    },
  };
}

export type AccountService = ReturnType<typeof createAccountService>;
