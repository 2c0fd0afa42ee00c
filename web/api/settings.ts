import { useMutation, useQuery, useQueryClient } from "@tanstack/preact-query";
import { api, call, type Schemas } from "./client.ts";
import { keys } from "./query-keys.ts";

export type SettingsDocument = Schemas["SettingsDocument"];
export type SettingsSave = Schemas["SettingsSave"];
export type ArrTest = Schemas["ArrTest"];
export type ArrTestResult = Schemas["ArrTestResult"];
export type ApiKeyView = Schemas["ApiKeyView"];

/** `enabled` false: not loaded (the dashboard asks only while its first-run guide shows). */
export function useSettings(enabled = true) {
  return useQuery({
    queryKey: keys.settings,
    queryFn: ({ signal }) => call(api.GET("/api/v1/settings", { signal })),
    staleTime: 30_000,
    enabled,
  });
}

/**
 * Saves and applies; a 422's field errors are shown beside the fields, so the error is not toasted.
 * What a save changes shows everywhere: providers, health, the status page.
 */
export function useSaveSettings() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: SettingsSave) => call(api.PUT("/api/v1/settings", { body })),
    meta: { quiet: true },
    onSuccess: (saved) => {
      client.setQueryData(keys.settings, saved.settings);
      for (const key of [keys.providers, keys.system, keys.health, keys.tasks, keys.activity])
        void client.invalidateQueries({ queryKey: key });
    },
  });
}

export function useTestArr() {
  return useMutation({
    mutationFn: (body: ArrTest) => call(api.POST("/api/v1/settings/arr/test", { body })),
  });
}

export function useApiKey(enabled: boolean) {
  return useQuery({
    queryKey: keys.apiKey,
    queryFn: ({ signal }) => call(api.GET("/api/v1/auth/api-key", { signal })),
    enabled,
    staleTime: Number.POSITIVE_INFINITY,
  });
}

export function useRegenerateApiKey() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => call(api.POST("/api/v1/auth/api-key/regenerate")),
    onSuccess: (view) => client.setQueryData(keys.apiKey, view),
  });
}

/** A wrong current password is shown in the form. */
export function useChangePassword() {
  return useMutation({
    mutationFn: (body: Schemas["PasswordChange"]) => call(api.POST("/api/v1/auth/password", { body })),
    meta: { quiet: true },
  });
}

export type FolderTestResult = Schemas["FolderTestResult"];

export function useTestFolder() {
  return useMutation({
    mutationFn: (path: string) => call(api.POST("/api/v1/settings/folder/test", { body: { path } })),
  });
}

export type MediaServerTest = Schemas["MediaServerTest"];
export type MediaServerTestResult = Schemas["MediaServerTestResult"];

export function useTestMediaServer() {
  return useMutation({
    mutationFn: (body: MediaServerTest) => call(api.POST("/api/v1/settings/mediaserver/test", { body })),
  });
}

export type NotificationTestResult = Schemas["NotificationTestResult"];

/** A saved notifier's test, through the running notifier; a 404 (not running yet) is shown in its card. */
export function useTestNotifier() {
  return useMutation({
    mutationFn: (name: string) =>
      call(api.POST("/api/v1/notifications/{name}/test", { params: { path: { name } } })),
    meta: { quiet: true },
  });
}
