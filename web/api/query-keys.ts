/**
 * Every query key starts with the area it reads, so one SSE event invalidates a whole area:
 * ["wanted", …], ["history", …], ["blacklist", …], ["providers", …], ["tasks", …], ["health", …],
 * ["activity"] (scan and search), ["system"], ["auth"], ["settings"].
 */
export const keys = {
  auth: ["auth"] as const,
  apiKey: ["settings", "api-key"] as const,
  settings: ["settings", "document"] as const,
  system: ["system"] as const,
  health: ["health", "detailed"] as const,
  wantedSummary: ["wanted", "summary"] as const,
  activity: ["activity"] as const,
  providers: ["providers"] as const,
  tasks: ["tasks"] as const,
  recentHistory: (pageSize: number) => ["history", "recent", pageSize] as const,
  downloadsPerDay: (days: number) => ["history", "daily", days] as const,
};

export type Area =
  | "auth"
  | "system"
  | "health"
  | "wanted"
  | "history"
  | "blacklist"
  | "providers"
  | "tasks"
  | "activity"
  | "settings";
