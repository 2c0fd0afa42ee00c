import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig } from "../../src/config/load.ts";
import { openDatabase } from "../../src/db/client.ts";
import { silentLogger } from "../../src/log.ts";
import { createRuntime, type Runtime } from "../../src/server.ts";
import { type Json, jsonOf, request } from "../support/runtime.ts";

export const API_KEY = "settings-test-key-0123456789";

export interface SettingsRuntime {
  runtime: Runtime;
  dataDir: string;
  configFile: string;
  env: Record<string, string>;
  close(): Promise<void>;
}

/**
 * A runtime started the way `serve` starts one: config.toml in a temp data dir read by the loader,
 * an environment of its own, reload reading the same file.
 */
export function settingsRuntime(
  toml: string | null,
  env: Record<string, string> = {},
  options: { apiKeyInEnv?: boolean } = {},
): SettingsRuntime {
  const dataDir = mkdtempSync(join(tmpdir(), "subhound-settings-"));
  const configFile = join(dataDir, "config.toml");
  if (toml !== null) writeFileSync(configFile, toml);
  const fullEnv: Record<string, string> = {
    SUBHOUND_DATA_DIR: dataDir,
    ...(options.apiKeyInEnv === false ? {} : { SUBHOUND_API_KEY: API_KEY }),
    ...env,
  };
  const { config } = loadConfig({ env: fullEnv, cwd: dataDir });
  const runtime = createRuntime(config, {
    log: silentLogger,
    db: openDatabase({ path: ":memory:" }),
    env: fullEnv,
    cwd: dataDir,
  });
  return {
    runtime,
    dataDir,
    configFile,
    env: fullEnv,
    async close() {
      await runtime.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function getSettings(rt: Runtime, key = API_KEY): Promise<Json> {
  const res = await request(rt, "/api/v1/settings", { key });
  if (res.status !== 200) throw new Error(`GET /settings: ${res.status} ${await res.text()}`);
  return jsonOf(res);
}

export function putSettings(rt: Runtime, body: unknown, key = API_KEY) {
  return request(rt, "/api/v1/settings", {
    key,
    method: "PUT",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
}
