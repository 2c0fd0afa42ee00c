import { useMutation, useQuery, useQueryClient } from "@tanstack/preact-query";
import { api, call, type Schemas } from "./client.ts";
import { keys } from "./query-keys.ts";

export type WantedSummary = Schemas["WantedSummary"];
export type ProviderStatus = Schemas["ProviderStatus"];
export type HistoryEntry = Schemas["HistoryEntry"];
export type Task = Schemas["Task"];

export function useWantedSummary() {
  return useQuery({
    queryKey: keys.wantedSummary,
    queryFn: ({ signal }) => call(api.GET("/api/v1/wanted/summary", { signal })),
  });
}

/** The running (else the last) scan and search; each null before the first ever. */
export function useActivity() {
  return useQuery({
    queryKey: keys.activity,
    queryFn: ({ signal }) => call(api.GET("/api/v1/activity", { signal })),
  });
}

export function useProviders() {
  return useQuery({
    queryKey: keys.providers,
    queryFn: ({ signal }) => call(api.GET("/api/v1/providers", { signal })),
  });
}

export function useTasks() {
  return useQuery({
    queryKey: keys.tasks,
    queryFn: ({ signal }) => call(api.GET("/api/v1/tasks", { signal })),
  });
}

export function useRecentHistory(pageSize = 8) {
  return useQuery({
    queryKey: keys.recentHistory(pageSize),
    queryFn: ({ signal }) =>
      call(api.GET("/api/v1/history", { params: { query: { page: 1, pageSize } }, signal })),
  });
}

export function useDownloadsPerDay(days = 30) {
  return useQuery({
    queryKey: keys.downloadsPerDay(days),
    queryFn: ({ signal }) => call(api.GET("/api/v1/history/daily", { params: { query: { days } }, signal })),
  });
}

export function useSystemStatus() {
  return useQuery({
    queryKey: keys.system,
    queryFn: ({ signal }) => call(api.GET("/api/v1/system/status", { signal })),
    staleTime: 60_000,
  });
}

/** Whether the running config has a library source (Sonarr, Radarr or a folder); undefined while loading. */
export function useHasLibrarySource(): boolean | undefined {
  const running = useSystemStatus().data?.config as
    | { sonarr?: unknown[]; radarr?: unknown[]; standalone?: { roots?: string[] } }
    | undefined;
  if (!running) return undefined;
  return (
    (running.sonarr?.length ?? 0) > 0 ||
    (running.radarr?.length ?? 0) > 0 ||
    (running.standalone?.roots?.length ?? 0) > 0
  );
}

export function useStartScan() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => call(api.POST("/api/v1/wanted/scan", { body: {} })),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.activity }),
  });
}

export function useStartSearch() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => call(api.POST("/api/v1/wanted/search", { body: {} })),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.activity }),
  });
}
