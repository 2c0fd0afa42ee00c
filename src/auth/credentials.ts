import type { Clock } from "../clock.ts";
import type { Config } from "../config/schema.ts";
import { insertSettingsIfAbsent, readSetting, writeSetting } from "../db/app-settings.ts";
import type { DbHandle } from "../db/client.ts";

const USERNAME_SETTING = "uiUsername";
const PASSWORD_HASH_SETTING = "uiPasswordHash";

/** OWASP's argon2id floor (19 MiB, 2 passes): Bun's default 64 MiB per login is a lot for a small box. */
const HASH_OPTIONS = { algorithm: "argon2id", memoryCost: 19_456, timeCost: 2 } as const;

export function hashPassword(password: string): Promise<string> {
  return Bun.password.hash(password, HASH_OPTIONS);
}

export interface UiCredentials {
  /** Who may sign in, or null while nobody is set up (the UI then shows the one-time setup form). */
  username(): string | null;
  /** True only for the right username with the right password; always spends one hash verification. */
  verify(username: string, password: string): Promise<boolean>;
  /** Stores the first login; false when one exists already (config or an earlier setup). */
  setup(username: string, password: string): Promise<boolean>;
  /** Where the login lives: the config (file or environment), the database (setup form), or nowhere yet. */
  source(): "config" | "database" | null;
  /** Replaces the stored password hash of a login made with the setup form. */
  replaceStoredHash(hash: string): void;
}

/** The config's `auth.username`/`auth.password` win; otherwise the login stored by the setup form. */
export function createUiCredentials(config: Config, handle: DbHandle, clock: Clock): UiCredentials {
  // Read on every call: a reload (the settings page, SIGHUP) may set or change the configured login.
  const isConfigured = () => config.auth.username !== undefined && config.auth.password !== undefined;
  let configHash: { password: string; hash: Promise<string> } | undefined;
  // A plain configured password is hashed once, so every comparison is an argon2id verification.
  const configuredHash = () => {
    const password = config.auth.password!;
    if (configHash?.password !== password)
      configHash = {
        password,
        hash: password.startsWith("$argon2") ? Promise.resolve(password) : hashPassword(password),
      };
    return configHash.hash;
  };
  const stored = () => {
    const username = readSetting(handle, USERNAME_SETTING);
    const hash = readSetting(handle, PASSWORD_HASH_SETTING);
    return username && hash ? { username, hash } : null;
  };
  // Compared against when nobody matches, so a wrong username costs as much as a wrong password.
  let decoy: Promise<string> | undefined;
  return {
    username: () => (isConfigured() ? config.auth.username! : (stored()?.username ?? null)),
    source: () => (isConfigured() ? "config" : stored() ? "database" : null),
    replaceStoredHash: (hash) => writeSetting(handle, PASSWORD_HASH_SETTING, hash, clock.now()),
    async verify(username, password) {
      const login = isConfigured()
        ? { username: config.auth.username!, hash: await configuredHash() }
        : stored();
      decoy ??= hashPassword("not-the-password");
      const hash = login?.hash ?? (await decoy);
      const passwordOk = await Bun.password.verify(password, hash).catch(() => false);
      return login !== null && passwordOk && login.username === username;
    },
    async setup(username, password) {
      if (isConfigured() || stored()) return false;
      const hash = await hashPassword(password);
      return insertSettingsIfAbsent(
        handle,
        { [USERNAME_SETTING]: username, [PASSWORD_HASH_SETTING]: hash },
        clock.now(),
      );
    },
  };
}
