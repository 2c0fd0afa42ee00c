import { ProviderError } from "../../src/providers/types.ts";

/** What `promise` rejects with; fails the test when it resolves instead. */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (e) {
    return e;
  }
  throw new Error("expected the promise to reject");
}

/** The ProviderError `promise` rejects with; fails the test on any other outcome. */
export async function providerRejection(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await rejection(promise);
  if (error instanceof ProviderError) return error;
  throw new Error(`expected a ProviderError, got ${String(error)}`, { cause: error });
}
