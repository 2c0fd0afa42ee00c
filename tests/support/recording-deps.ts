import type { ArrHttpDeps } from "../../src/library/arr-http.ts";
import type { RemoteDeps } from "../../src/net/remote.ts";

/** What the outside-HTTP clients (arr, translation, Whisper…) take as injected dependencies. */
export type OutsideDeps = ArrHttpDeps & RemoteDeps;

/** Deps whose sleep records the delay and returns at once, so retries and backoff run without waiting. */
export function recordingDeps(extra: OutsideDeps = {}): OutsideDeps & { sleeps: number[] } {
  const sleeps: number[] = [];
  return {
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    ...extra,
    sleeps,
  };
}
