import { configSchema } from "../../src/config/schema.ts";
import type { RemoteDeps } from "../../src/net/remote.ts";

/** Deps whose sleep records the delay and returns at once. */
export function recordingDeps(extra: RemoteDeps = {}): RemoteDeps & { sleeps: number[] } {
  const sleeps: number[] = [];
  return {
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    ...extra,
    sleeps,
  };
}

export function translationConfig(input: Record<string, unknown> = {}) {
  return configSchema.parse({ translation: input }).translation;
}

export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (e) {
    return e;
  }
  throw new Error("expected the promise to reject");
}

export function numbered(count: number, prefix = "line"): string[] {
  return Array.from({ length: count }, (_, i) => `${prefix} ${i + 1}`);
}
