import { useMutation, useQuery } from "@tanstack/preact-query";
import { useEffect, useRef } from "preact/hooks";
import { api, call, type Schemas } from "./client.ts";
import { useInvalidateWanted } from "./wanted.ts";

export type SubtitleSync = Schemas["SubtitleSync"];
export type SyncReference = Schemas["SyncReference"];
export type SubtitleFixInput = Schemas["SubtitleFixInput"];

/** Under "history": a saved file's syncs change with its history. */
export const syncKeys = {
  ofFile: (path: string) => ["history", "syncs", path] as const,
};

const POLL_MS = 700;

/**
 * Every sync and fix of one subtitle file, newest first; polled while one of them runs (syncs have
 * no event of their own). When one finishes, the history and the library lists are refreshed.
 */
export function useFileSyncs(path: string) {
  const invalidate = useInvalidateWanted();
  const query = useQuery({
    queryKey: syncKeys.ofFile(path),
    queryFn: ({ signal }) =>
      call(api.GET("/api/v1/subtitles/sync", { params: { query: { path, pageSize: 20 } }, signal })),
    refetchInterval: (q) => (q.state.data?.items.some((s) => s.status === "running") ? POLL_MS : false),
  });
  const running = query.data?.items.some((s) => s.status === "running") ?? false;
  const wasRunning = useRef(running);
  useEffect(() => {
    if (wasRunning.current && !running) void invalidate();
    wasRunning.current = running;
  }, [running]);
  return query;
}

function useSyncMutation<T>(fn: (input: T) => Promise<SubtitleSync>) {
  const invalidate = useInvalidateWanted();
  return useMutation({ meta: { quiet: true }, mutationFn: fn, onSuccess: invalidate });
}

/** Queues a sync to the audio or a reference; its record comes back at once, still running. */
export function useStartSync() {
  return useSyncMutation(({ historyId, reference }: { historyId: number; reference: SyncReference }) =>
    call(api.POST("/api/v1/subtitles/sync", { body: { historyId, reference } })),
  );
}

/** Applies fixes (and a shift or framerate conversion) now. */
export function useFixSubtitle() {
  return useSyncMutation((body: SubtitleFixInput) => call(api.POST("/api/v1/subtitles/fix", { body })));
}

export function useRestoreSync() {
  return useSyncMutation((id: number) =>
    call(api.POST("/api/v1/subtitles/sync/{id}/restore", { params: { path: { id } } })),
  );
}

export function useCancelSync() {
  const invalidate = useInvalidateWanted();
  return useMutation({
    mutationFn: (id: number) => call(api.DELETE("/api/v1/subtitles/sync/{id}", { params: { path: { id } } })),
    onSuccess: invalidate,
  });
}
