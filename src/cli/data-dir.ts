import { existsSync, statSync } from "node:fs";
import { storedApiKey } from "../auth/api-key.ts";
import type { LoadedConfig } from "../config/load.ts";
import { databasePath, openDatabaseReadOnly } from "../db/client.ts";
import { acquireOwnerLock, type DataDirOwner, type OwnerLock } from "../db/owner-lock.ts";
import { restoreNotice } from "../db/restore-pending.ts";
import type { RemoteServer } from "./remote.ts";

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

/** The API key as the server knows it: configured, or stored on its first start. Only reads. */
export function readApiKey(loaded: LoadedConfig): string | null {
  if (loaded.config.auth.apiKey) return loaded.config.auth.apiKey;
  const path = databasePath(loaded.config);
  if (!existsSync(path)) return null;
  const handle = openDatabaseReadOnly(path);
  try {
    return storedApiKey(handle);
  } catch {
    // A database that was never migrated holds no key yet.
    return null;
  } finally {
    handle.close();
  }
}

export type DataDirClaim =
  | { ok: true; lock: OwnerLock }
  /** `server`: the running server to ask instead, when it listens and its key is readable. */
  | { ok: false; owner: DataDirOwner | null; message: string; server: RemoteServer | null };

/** The data dir's write lock for a CLI command, or who holds it. */
export function claimDataDir(loaded: LoadedConfig, command: "scan" | "search", io: Io): DataDirClaim {
  const owned = acquireOwnerLock(loaded.config.dataDir, { command });
  if (owned.ok) {
    // The server had staged a restore: this command's start put it in place, and says so.
    if (owned.lock.restored) io.stderr(restoreNotice(owned.lock.restored));
    return { ok: true, lock: owned.lock };
  }
  const url = owned.owner?.command === "serve" ? owned.owner.url : undefined;
  const apiKey = url ? readApiKey(loaded) : null;
  return {
    ok: false,
    owner: owned.owner,
    message: owned.message,
    server: url && apiKey ? { url, apiKey } : null,
  };
}

export function refuseBusy(io: Io, command: "scan" | "search", message: string): void {
  io.stderr(`cannot ${command}: ${message}; wait for it to finish`);
}
