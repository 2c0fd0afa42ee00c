import { useMutation, useQuery, useQueryClient } from "@tanstack/preact-query";
import { api, call, type Schemas } from "./client.ts";
import { keys } from "./query-keys.ts";

export type TaskRun = Schemas["TaskRun"];

export function useTaskHistory(name: string, limit = 20) {
  return useQuery({
    queryKey: [...keys.tasks, "history", name, limit] as const,
    queryFn: ({ signal }) =>
      call(api.GET("/api/v1/tasks/{name}/history", { params: { path: { name }, query: { limit } }, signal })),
  });
}

export function useRunTask() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => call(api.POST("/api/v1/tasks/{name}/run", { params: { path: { name } } })),
    onSettled: () => client.invalidateQueries({ queryKey: keys.tasks }),
  });
}

export function useCancelTask() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (name: string) =>
      call(api.POST("/api/v1/tasks/{name}/cancel", { params: { path: { name } } })),
    onSettled: () => client.invalidateQueries({ queryKey: keys.tasks }),
  });
}
