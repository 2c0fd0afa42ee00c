import { useMutation, useQueryClient } from "@tanstack/preact-query";
import { api, call, type Schemas } from "./client.ts";
import { keys } from "./query-keys.ts";

export type ProviderTestResult = Schemas["ProviderTestResult"];

/** The Test button: one real request to the provider; its answer (ok or not) is the result. */
export function useTestProvider() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (name: string) =>
      call(api.POST("/api/v1/providers/{name}/test", { params: { path: { name } } })),
    // A test changes the breaker, the last error and the reported quota.
    onSettled: () => client.invalidateQueries({ queryKey: keys.providers }),
  });
}

/** Resume now: lifts the provider's quota pause and closes its breaker (not its rate limit). */
export function useResumeProvider() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (name: string) =>
      call(api.POST("/api/v1/providers/{name}/resume", { params: { path: { name } } })),
    onSettled: () => client.invalidateQueries({ queryKey: keys.providers }),
  });
}
