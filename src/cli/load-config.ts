import { ConfigError, keyOrigin, type LoadedConfig, loadConfig } from "../config/load.ts";
import type { Io } from "./data-dir.ts";

/**
 * Loading the configuration, for the commands that need it; apart from command.ts so that `version`
 * and `--help` do not load the config schema (zod and every section's fields).
 */

/** The configuration, or null after saying on stderr which key is wrong (the command exits 2). */
export function loadOrReport(configPath: string | undefined, io: Io): LoadedConfig | null {
  try {
    return loadConfig({ configPath });
  } catch (e) {
    if (e instanceof ConfigError) {
      io.stderr(`invalid configuration: ${e.message}`);
      return null;
    }
    throw e;
  }
}

/**
 * The checks the schema cannot make (`health.critical` and `health.timeouts` name checks of the
 * health registry, which sits above the config layer): false after saying on stderr which key is
 * wrong and where it came from, as loadOrReport does. `serve` refuses to start on them, and
 * `config` says so too instead of printing a configuration the server would refuse.
 */
export async function checkRegistryNames(loaded: LoadedConfig, io: Io): Promise<boolean> {
  // Loaded on demand: the registry imports every health check.
  const { resolveHealthSettings } = await import("../health/settings.ts");
  try {
    resolveHealthSettings(loaded.config.health);
    return true;
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    const key = e.message.slice(0, e.message.indexOf(":"));
    io.stderr(`invalid configuration: ${e.message}${keyOrigin(key, process.env, loaded.configFile)}`);
    return false;
  }
}
