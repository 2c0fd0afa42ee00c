export function instanceConfig(
  url: string,
  apiKey: string,
  extra: Partial<{ name: string; retries: number; timeoutMs: number }> = {},
) {
  return {
    name: extra.name ?? "main",
    url,
    apiKey,
    timeoutMs: extra.timeoutMs ?? 15_000,
    retries: extra.retries ?? 3,
  };
}
