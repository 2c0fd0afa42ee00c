import { useInfiniteQuery, useQuery } from "@tanstack/preact-query";
import { api, call, type Schemas, urlBase } from "./client.ts";
import { keys } from "./query-keys.ts";

export type SystemStatus = Schemas["SystemStatus"];
export type LogEntry = Schemas["LogEntry"];
export type LogLevel = LogEntry["level"];
export type BackupFile = Schemas["BackupFile"];

export function useSystemStatus() {
  return useQuery({
    queryKey: keys.system,
    queryFn: ({ signal }) => call(api.GET("/api/v1/system/status", { signal })),
  });
}

export interface LogFilter {
  level: LogLevel;
  q: string;
}

const LOG_PAGE = 100;

/** Newest first; `fetchNextPage` loads older lines. While `follow` is on, the pages are refetched every few seconds. */
export function useLogs(filter: LogFilter, follow: boolean) {
  return useInfiniteQuery({
    queryKey: [...keys.system, "logs", filter.level, filter.q] as const,
    initialPageParam: undefined as number | undefined,
    queryFn: ({ pageParam, signal }) =>
      call(
        api.GET("/api/v1/system/logs", {
          params: {
            query: {
              level: filter.level,
              limit: LOG_PAGE,
              ...(pageParam ? { before: pageParam } : {}),
              ...(filter.q ? { q: filter.q } : {}),
            },
          },
          signal,
        }),
      ),
    getNextPageParam: (last) => last.nextBefore ?? undefined,
    refetchInterval: follow ? 5000 : false,
  });
}

export function useBackups() {
  return useQuery({
    queryKey: [...keys.system, "backups"] as const,
    queryFn: ({ signal }) => call(api.GET("/api/v1/system/backups", { signal })),
  });
}

/**
 * Download links (the browser saves the file; a fetch would hold the whole database in memory).
 * The session cookie authenticates them like any API call.
 */
export const backupNowUrl = () => `${urlBase}/api/v1/system/backup`;
export const namedBackupUrl = (name: string) =>
  `${urlBase}/api/v1/system/backups/${encodeURIComponent(name)}`;
