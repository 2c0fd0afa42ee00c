import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/preact-query";
import type { operations } from "../../generated/api-types.d.ts";
import { api, call, type Schemas } from "./client.ts";
import { keys } from "./query-keys.ts";

export type WantedItem = Schemas["WantedItem"];
export type WantedItemDetail = Schemas["WantedItemDetail"];
export type WantedListQuery = NonNullable<operations["listWanted"]["parameters"]["query"]>;
export type SubtitleCandidate = Schemas["SubtitleCandidate"];
export type ProviderOutcome = Schemas["ProviderOutcome"];
export type BulkAction = Schemas["WantedBulkRequest"]["action"];

/** Keys under the "wanted" area, so scan and search events refresh them. */
export const wantedKeys = {
  list: (query: WantedListQuery) => ["wanted", "list", query] as const,
  item: (id: number) => ["wanted", "item", id] as const,
};

/** One page of the wanted list; the previous page stays on screen while the next loads. */
export function useWantedList(query: WantedListQuery) {
  return useQuery({
    queryKey: wantedKeys.list(query),
    queryFn: ({ signal }) => call(api.GET("/api/v1/wanted", { params: { query }, signal })),
    placeholderData: keepPreviousData,
  });
}

export function useWantedItem(id: number | null) {
  return useQuery({
    queryKey: wantedKeys.item(id ?? 0),
    queryFn: ({ signal }) =>
      call(api.GET("/api/v1/wanted/{id}", { params: { path: { id: id ?? 0 } }, signal })),
    enabled: id !== null,
  });
}

/**
 * What a change to an item or its file touches: the lists (the library pages' keys live under
 * "wanted" too), their counts and the history.
 */
export function useInvalidateWanted() {
  const client = useQueryClient();
  return () =>
    Promise.all([
      client.invalidateQueries({ queryKey: ["wanted"] }),
      client.invalidateQueries({ queryKey: ["history"] }),
      client.invalidateQueries({ queryKey: keys.activity }),
    ]);
}

export function useBulkAction() {
  const invalidate = useInvalidateWanted();
  return useMutation({
    mutationFn: (body: { ids: number[]; action: BulkAction }) =>
      call(api.POST("/api/v1/wanted/bulk", { body })),
    onSuccess: invalidate,
  });
}

/** Interactive search: providers are asked when it runs, so it is a mutation, never refetched by events. */
export function useInteractiveSearch() {
  return useMutation({
    mutationFn: (id: number) => call(api.POST("/api/v1/wanted/{id}/search", { params: { path: { id } } })),
  });
}

export function useDownloadCandidate() {
  const invalidate = useInvalidateWanted();
  return useMutation({
    mutationFn: ({
      id,
      provider,
      candidateId,
    }: {
      id: number;
      provider: SubtitleCandidate["provider"];
      candidateId: string;
    }) =>
      call(
        api.POST("/api/v1/wanted/{id}/download", {
          params: { path: { id } },
          body: { provider, candidateId },
        }),
      ),
    onSuccess: invalidate,
  });
}

export function useTranslateItem() {
  const invalidate = useInvalidateWanted();
  return useMutation({
    mutationFn: (id: number) => call(api.POST("/api/v1/wanted/{id}/translate", { params: { path: { id } } })),
    onSuccess: invalidate,
  });
}
