const TITLES: Record<string, string> = {
  "wanted-scan": "Library scan",
  "wanted-search": "Subtitle search",
  maintenance: "Maintenance",
};

export const taskTitle = (name: string) =>
  TITLES[name] ?? name.replace(/-/g, " ").replace(/^./, (c) => c.toUpperCase());

/** A run's summary in one line: "added 3 · resolved 1"; nested values and the duration (shown apart) are left out. */
export function summaryText(summary: unknown): string {
  if (summary === null || summary === undefined) return "";
  if (typeof summary !== "object") return String(summary);
  return Object.entries(summary as Record<string, unknown>)
    .filter(
      ([k, v]) =>
        k !== "durationMs" &&
        v !== null &&
        (typeof v === "number" || typeof v === "string" || typeof v === "boolean"),
    )
    .map(([k, v]) => `${k.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase()} ${v}`)
    .join(" · ");
}
