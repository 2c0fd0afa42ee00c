import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/preact-query";
import { api, call, type Schemas, urlBase } from "./client.ts";
import { keys } from "./query-keys.ts";

export type SystemStatus = Schemas["SystemStatus"];
export type LogEntry = Schemas["LogEntry"];
export type LogLevel = LogEntry["level"];
export type BackupFile = Schemas["BackupFile"];
export type Supervisor = Schemas["Supervisor"];
export type RestoreStaged = Schemas["RestoreStaged"];

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

/** Stops the server for its supervisor to start it again; what follows is `waitForRestart`. */
export function useRestart() {
  return useMutation({
    meta: { quiet: true },
    mutationFn: () => call(api.POST("/api/v1/system/restart")),
  });
}

/** What a restore starts from: one of the maintenance job's backups, or a file from this computer. */
export type RestoreSource = { kind: "backup"; name: string } | { kind: "upload"; file: File };

/** Checks and stages a backup, restarting to apply it when asked; refusals show in the dialog. */
export function useRestore() {
  const client = useQueryClient();
  return useMutation({
    meta: { quiet: true },
    mutationFn: ({ source, restart }: { source: RestoreSource; restart: boolean }) =>
      source.kind === "backup"
        ? call(
            api.POST("/api/v1/system/backups/{name}/restore", {
              params: { path: { name: source.name } },
              body: { restart },
            }),
          )
        : call(
            api.POST("/api/v1/system/restore", {
              params: { query: restart ? { restart: "true" } : {} },
              // The file itself is the body, streamed by the browser, never read into memory here.
              body: source.file as unknown as string,
              bodySerializer: (file) => file,
              headers: { "Content-Type": "application/octet-stream" },
            }),
          ),
    onSuccess: () => void client.invalidateQueries({ queryKey: keys.system }),
  });
}

/** Forgets a staged restore: the next start keeps the database in use. */
export function useCancelRestore() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => call(api.DELETE("/api/v1/system/restore")),
    onSuccess: () => void client.invalidateQueries({ queryKey: keys.system }),
  });
}

/** The liveness answer, or null while nothing answers (a server restarting). */
export async function fetchLiveness(): Promise<{ time: string; uptimeSeconds: number } | null> {
  try {
    return await call(api.GET("/api/v1/health"));
  } catch {
    return null;
  }
}
