import type { Config } from "./schema.ts";

/*
 * A reload copies the live keys into the one config object every subsystem holds (server.ts
 * `applyLive`): the object stays, its contents change. What is worked out from a config once (its
 * secrets, its profiles) is kept per object and version, and `configChanged` moves the version.
 */
const versions = new WeakMap<Config, number>();

export function configChanged(config: Config): void {
  versions.set(config, (versions.get(config) ?? 0) + 1);
}

/** `build(config)`, worked out once per config object and version. */
export function perConfig<T>(build: (config: Config) => T): (config: Config) => T {
  const kept = new WeakMap<Config, { version: number; value: T }>();
  return (config) => {
    const version = versions.get(config) ?? 0;
    let entry = kept.get(config);
    if (!entry || entry.version !== version) {
      entry = { version, value: build(config) };
      kept.set(config, entry);
    }
    return entry.value;
  };
}
