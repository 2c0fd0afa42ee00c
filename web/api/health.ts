import { useQuery, useQueryClient } from "@tanstack/preact-query";
import { api, call, type Schemas } from "./client.ts";
import { keys } from "./query-keys.ts";

export type DetailedHealth = Schemas["DetailedHealth"];

/** The detailed report; a degraded server answers 503 with the same report, which is still the answer. */
export function useDetailedHealth() {
  return useQuery({
    queryKey: keys.health,
    queryFn: ({ signal }) =>
      call(api.GET("/api/v1/health/detailed", { signal }), [503]) as Promise<DetailedHealth>,
    staleTime: 30_000,
  });
}

export function useRefreshHealth() {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: keys.health });
}
