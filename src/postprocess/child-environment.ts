import { PLACEHOLDER_NAMES, type PlaceholderValues, placeholderVariable } from "./placeholders.ts";

/**
 * What a post-processing command inherits of Subhound's environment: where programs are, the home
 * folder, the locale and the time zone. Nothing else: Subhound's own variables hold its API key and
 * the keys and passwords of everything it talks to.
 */
const INHERITED = ["PATH", "HOME", "LANG", "LC_ALL", "TZ"] as const;
const FALLBACK_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

export function childEnvironment(
  parent: Record<string, string | undefined>,
  values: PlaceholderValues,
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of INHERITED) {
    const value = parent[name];
    if (value !== undefined && value !== "") env[name] = value;
  }
  env.PATH ??= FALLBACK_PATH;
  for (const name of PLACEHOLDER_NAMES) env[placeholderVariable(name)] = values[name];
  return env;
}
