import { sentenceCase } from "../../app/format.ts";

const TITLES: Record<string, string> = {
  "wanted-scan": "Library scan",
  "wanted-search": "Subtitle search",
  "subtitle-upgrade": "Subtitle upgrades",
  maintenance: "Maintenance",
};

export const taskTitle = (name: string) => TITLES[name] ?? sentenceCase(name.replace(/-/g, " "));

const STARTED_BY: Record<string, string> = {
  manual: "started with Run now",
  api: "started from the web UI or the API",
  webhook: "started by a webhook",
  cli: "started from the command line",
};

/** Who started a task's last run, when it was not its schedule: "started by a webhook". */
export const startedBy = (trigger: string | null) => (trigger ? (STARTED_BY[trigger] ?? null) : null);

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

const basename = (path: string) => path.slice(path.lastIndexOf("/") + 1);

/**
 * The lines a run lists beside its counts: a subtitle-upgrade run's upgrades, files left alone and
 * failures; a scan's warnings per library; whether maintenance wrote its backup.
 */
export function summaryNotes(summary: unknown): string[] {
  if (summary === null || typeof summary !== "object") return [];
  const { upgrades, leftAloneFiles, failures, warnings, backup } = summary as {
    upgrades?: {
      title: string;
      from: { score: number; machine?: "translated" | "transcribed" | null };
      to: { provider: string; score: number };
    }[];
    leftAloneFiles?: { path: string; reason: string }[];
    failures?: { title: string; reason: string }[];
    warnings?: Record<string, string>;
    backup?: { path?: string; skipped?: string };
  };
  return [
    ...(upgrades ?? []).map((u) =>
      u.from.machine
        ? `Replaced the ${u.from.machine === "translated" ? "machine translation" : "Whisper transcript"} of ${u.title} with a real subtitle: score ${u.to.score} (${u.to.provider})`
        : `Upgraded ${u.title}: score ${u.from.score} → ${u.to.score} (${u.to.provider})`,
    ),
    ...(leftAloneFiles ?? []).map((f) => `Left alone ${basename(f.path)}: ${f.reason}`),
    ...(failures ?? []).map((f) => `Failed ${f.title}: ${f.reason}`),
    ...Object.values(warnings ?? {}),
    ...(backup?.path ? [`Backup written: ${basename(backup.path)}`] : []),
    ...(backup?.skipped ? [`Backup skipped: ${backup.skipped}`] : []),
  ];
}

/**
 * What went wrong in a run that still finished: a scan ends "succeeded" when a Sonarr or Radarr
 * listing failed (that library was left as it was), and says why per library in `errors`.
 */
export function summaryErrors(summary: unknown): string[] {
  if (summary === null || typeof summary !== "object") return [];
  const { errors } = summary as { errors?: Record<string, string> };
  return Object.values(errors ?? {});
}
