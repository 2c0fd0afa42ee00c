import { MutationCache, QueryCache, QueryClient } from "@tanstack/preact-query";
import { showToast } from "../components/toast.tsx";
import { ApiProblem } from "./client.ts";
import { keys } from "./query-keys.ts";

/** The problem's detail in a toast; a 401 means the session ended, so the login screen comes back. */
function report(client: () => QueryClient, error: unknown, what: string) {
  if (error instanceof ApiProblem && error.status === 401) {
    void client().invalidateQueries({ queryKey: keys.auth });
    return;
  }
  const problem = error instanceof ApiProblem ? error.problem : undefined;
  showToast({
    kind: "error",
    title: problem ? `${what}: ${problem.title}` : what,
    detail: problem?.detail ?? (error instanceof Error ? error.message : String(error)),
  });
}

export function createQueryClient(): QueryClient {
  const client: QueryClient = new QueryClient({
    queryCache: new QueryCache({
      onError: (error, query) => {
        if (query.meta?.quiet) return;
        report(() => client, error, "Could not load data");
      },
    }),
    mutationCache: new MutationCache({
      onError: (error, _vars, _ctx, mutation) => {
        if (mutation.meta?.quiet) return;
        report(() => client, error, "That did not work");
      },
    }),
    defaultOptions: {
      queries: {
        staleTime: 10_000,
        // Client errors will not heal by asking again; network and 5xx get two more tries.
        retry: (count, error) =>
          count < 2 && !(error instanceof ApiProblem && error.status >= 400 && error.status < 500),
      },
    },
  });
  return client;
}
