import type { ArrHttpDeps } from "../../src/library/arr-http.ts";

/** Deps whose sleep records the delay and returns at once. */
export function recordingDeps(extra: ArrHttpDeps = {}): ArrHttpDeps & { sleeps: number[] } {
  const sleeps: number[] = [];
  return {
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    ...extra,
    sleeps,
  };
}

export function instanceConfig(
  url: string,
  apiKey: string,
  extra: Partial<{ name: string; retries: number; timeoutMs: number }> = {},
) {
  return {
    name: extra.name ?? "main",
    url,
    apiKey,
    timeoutMs: extra.timeoutMs ?? 15_000,
    retries: extra.retries ?? 3,
  };
}
