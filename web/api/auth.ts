import { type QueryClient, useMutation, useQuery, useQueryClient } from "@tanstack/preact-query";
import { api, call, type Schemas } from "./client.ts";
import { keys } from "./query-keys.ts";

export type AuthState = Schemas["AuthState"];
export interface Credentials {
  username: string;
  password: string;
}

export function useAuthState() {
  return useQuery({
    queryKey: keys.auth,
    queryFn: ({ signal }) => call(api.GET("/api/v1/auth/state", { signal })),
    staleTime: 60_000,
  });
}

/** Sign-in errors are shown in the form itself, not as toasts. */
function useAuthMutation(send: (credentials: Credentials) => Promise<AuthState>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: send,
    meta: { quiet: true },
    onSuccess: (state) => settleAuth(client, state),
  });
}

/**
 * The answer of a sign-in, setup or sign-out is the auth state now: a state fetch still on its way
 * was asked before it and would put the old state back, so it is cancelled first. Whatever else was
 * cached belonged to the state before.
 */
async function settleAuth(client: QueryClient, state: AuthState): Promise<void> {
  await client.cancelQueries({ queryKey: keys.auth });
  client.removeQueries({ predicate: (q) => q.queryKey[0] !== "auth" });
  client.setQueryData(keys.auth, state);
}

export const useLogin = () => useAuthMutation((body) => call(api.POST("/api/v1/auth/login", { body })));

export const useSetup = () => useAuthMutation((body) => call(api.POST("/api/v1/auth/setup", { body })));

export function useLogout() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => call(api.POST("/api/v1/auth/logout")),
    onSuccess: (state) => settleAuth(client, state),
  });
}
