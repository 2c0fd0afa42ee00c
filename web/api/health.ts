import { useMutation, useQuery, useQueryClient } from "@tanstack/preact-query";
import { api, call, type Schemas } from "./client.ts";
import { keys } from "./query-keys.ts";

export type DetailedHealth = Schemas["DetailedHealth"];

/** A degraded server answers 503 with the same report, which is still the answer. */
const fetchHealth = (fresh: boolean, signal?: AbortSignal) =>
  call(
    api.GET("/api/v1/health/detailed", { params: { query: fresh ? { fresh: "true" } : {} }, signal }),
    [503],
  ) as Promise<DetailedHealth>;

/** How often an open page asks for the report again. */
export const HEALTH_POLL_MS = 60_000;

/** The detailed report as the server last cached it (for `health.cacheSeconds`). */
export function useDetailedHealth() {
  return useQuery({
    queryKey: keys.health,
    queryFn: ({ signal }) => fetchHealth(false, signal),
    staleTime: 30_000,
    // An open Health page or dashboard follows a Sonarr that went away or came back; the server
    // reuses a report for `health.cacheSeconds` (30), and a hidden tab does not poll.
    refetchInterval: HEALTH_POLL_MS,
  });
}

/** Runs every check again now (bypassing the server's cache) and shows the new report. */
export function useRefreshHealth() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => fetchHealth(true),
    onSuccess: (report) => client.setQueryData(keys.health, report),
  });
}
