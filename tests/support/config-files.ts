import { afterEach, expect } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConfigError, type LoadedConfig, loadConfig } from "../../src/config/load.ts";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** The configuration a config.toml of `toml` gives with `env`, in a data dir of its own (removed after the test). */
export function loadToml(toml: string, env: Record<string, string> = {}): LoadedConfig {
  const dir = mkdtempSync(join(tmpdir(), "subhound-config-file-"));
  dirs.push(dir);
  writeFileSync(join(dir, "config.toml"), toml);
  return loadConfig({ env: { SUBHOUND_DATA_DIR: dir, ...env }, cwd: dir });
}

/** The message of the ConfigError `load` throws; fails the test when it loads or throws anything else. */
export function configErrorOf(load: () => unknown): string {
  try {
    load();
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message;
  }
  throw new Error("expected a ConfigError: the config loaded");
}

/** Just the configuration of `loadToml`. */
export function configFromToml(toml: string, env: Record<string, string> = {}): LoadedConfig["config"] {
  return loadToml(toml, env).config;
}
