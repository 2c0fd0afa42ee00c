import { statSync } from "node:fs";
import type { LoadedConfig } from "../config/load.ts";
import { acquireOwnerLock, type OwnerLock } from "../db/owner-lock.ts";

export interface Io {
  stdout(s: string): void;
  stderr(s: string): void;
}

/**
 * Says on stderr which data dir a command uses, found as the service finds it
 * (SUBHOUND_DATA_DIR, the config file, or ./data), and refuses one that does not exist:
 * only `serve` creates a data dir, so a command run from the wrong folder cannot start a new one.
 */
export function useExistingDataDir(loaded: LoadedConfig, io: Io): boolean {
  const dir = loaded.config.dataDir;
  let isDir = false;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    isDir = false;
  }
  if (!isDir) {
    io.stderr(
      `no Subhound data dir at ${dir} (${loaded.dataDirSource}). Run the command where the service runs, or set SUBHOUND_DATA_DIR or --config as the service has them; \`subhound serve\` creates a new data dir.`,
    );
    return false;
  }
  io.stderr(`data dir: ${dir} (${loaded.dataDirSource})`);
  return true;
}

/** The data dir's write lock for a CLI command; null (after saying who holds it) when a server or another command does. */
export function ownDataDir(loaded: LoadedConfig, command: "scan" | "search", io: Io): OwnerLock | null {
  const owned = acquireOwnerLock(loaded.config.dataDir, { command });
  if (owned.ok) return owned.lock;
  const hint = owned.owner?.url
    ? command === "scan"
      ? `; start the scan there instead: POST ${owned.owner.url}/api/v1/wanted/scan`
      : `; start the search there instead: POST ${owned.owner.url}/api/v1/wanted/search`
    : "; wait for it to finish";
  io.stderr(`cannot ${command}: ${owned.message}${hint}`);
  return null;
}
