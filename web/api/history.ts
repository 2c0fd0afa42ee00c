import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/preact-query";
import type { operations } from "../../generated/api-types.d.ts";
import { api, call, type Schemas } from "./client.ts";

export type HistoryEntry = Schemas["HistoryEntry"];
export type BlacklistEntry = Schemas["BlacklistEntry"];
export type HistoryQuery = NonNullable<operations["listHistory"]["parameters"]["query"]>;

export const historyKeys = {
  list: (query: HistoryQuery) => ["history", "list", query] as const,
  blacklist: ["blacklist"] as const,
};

export function useHistoryList(query: HistoryQuery, enabled = true) {
  return useQuery({
    queryKey: historyKeys.list(query),
    queryFn: ({ signal }) => call(api.GET("/api/v1/history", { params: { query }, signal })),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useBlacklist() {
  return useQuery({
    queryKey: historyKeys.blacklist,
    queryFn: ({ signal }) => call(api.GET("/api/v1/blacklist", { signal })),
  });
}

function useInvalidateBlacklist() {
  const client = useQueryClient();
  return () =>
    Promise.all([
      client.invalidateQueries({ queryKey: ["blacklist"] }),
      client.invalidateQueries({ queryKey: ["history"] }),
    ]);
}

export function useBlacklistDownload() {
  const invalidate = useInvalidateBlacklist();
  return useMutation({
    mutationFn: ({ id, reason }: { id: number; reason?: string }) =>
      call(
        api.POST("/api/v1/history/{id}/blacklist", {
          params: { path: { id } },
          body: reason ? { reason } : {},
        }),
      ),
    onSuccess: invalidate,
  });
}

export function useRemoveBlacklist() {
  const invalidate = useInvalidateBlacklist();
  return useMutation({
    mutationFn: (id: number) => call(api.DELETE("/api/v1/blacklist/{id}", { params: { path: { id } } })),
    onSuccess: invalidate,
  });
}

/** Remove all: the whole blacklist in one request; `all=true` is the API's confirmation. */
export function useClearBlacklist() {
  const invalidate = useInvalidateBlacklist();
  return useMutation({
    mutationFn: () => call(api.DELETE("/api/v1/blacklist", { params: { query: { all: "true" } } })),
    onSuccess: invalidate,
  });
}
