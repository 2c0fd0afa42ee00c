import type { Config } from "../config/schema.ts";
import { type ArrHttpDeps, createRadarrClient, createSonarrClient } from "../library/index.ts";

export interface ArrTestInput {
  kind: "sonarr" | "radarr";
  url: string;
  /** Typed anew; otherwise the stored key of entry `id`. */
  apiKey?: string | undefined;
  /** The entry's `id` in the settings document, when it is one already saved. */
  id?: string | undefined;
  name?: string | undefined;
}

export interface ArrTestResult {
  ok: boolean;
  message: string;
  version: string | null;
}

const APP_NAMES = { sonarr: "Sonarr", radarr: "Radarr" } as const;
const TEST_TIMEOUT_MS = 10_000;

/**
 * The Test button of a Sonarr/Radarr instance as typed in the page: one `GET /system/status`.
 * A key not retyped is the stored one (it never comes back); the answer never carries it.
 */
export async function testArrInstance(
  input: ArrTestInput,
  configured: Pick<Config, "sonarr" | "radarr">,
  deps: ArrHttpDeps,
  signal: AbortSignal,
): Promise<ArrTestResult> {
  const stored = input.id !== undefined ? configured[input.kind][Number(input.id)] : undefined;
  const apiKey = input.apiKey || stored?.apiKey;
  if (!apiKey)
    return { ok: false, message: "an API key is needed (Settings → General in the app)", version: null };
  let url = input.url.trim().replace(/\/+$/, "");
  // A URL shown as http://***@host keeps the credentials stored with it.
  const storedUserinfo = stored ? /^[a-z]+:\/\/([^/?#]*)@/i.exec(stored.url)?.[1] : undefined;
  if (/^[a-z]+:\/\/\*\*\*@/i.test(url) && storedUserinfo) url = url.replace("***@", `${storedUserinfo}@`);
  if (!/^https?:\/\/[^/]/i.test(url) || !URL.canParse(url))
    return { ok: false, message: "expected an http(s) URL such as http://sonarr:8989", version: null };
  const instance = { name: input.name || input.kind, url, apiKey, timeoutMs: TEST_TIMEOUT_MS, retries: 0 };
  const client =
    input.kind === "sonarr" ? createSonarrClient({ instance, deps }) : createRadarrClient({ instance, deps });
  const status = await client.systemStatus(signal);
  if (!status.ok) return { ok: false, message: status.error.message, version: null };
  const { appName, version } = status.value;
  if (appName && appName.toLowerCase() !== input.kind)
    return {
      ok: false,
      message: `this is ${appName} ${version}, not ${APP_NAMES[input.kind]}`,
      version,
    };
  return { ok: true, message: `${appName ?? APP_NAMES[input.kind]} ${version} answered`, version };
}
