import { sentenceCase } from "../../app/format.ts";

/** How each subsystem of the detailed health report is named in the UI. */
export const SUBSYSTEM_TITLES: Record<string, string> = {
  database: "Database",
  ollama: "Ollama",
  providers: "Subtitle providers",
  disk_config: "Disk: data folder",
  disk_media: "Disk: media folders",
  memory: "Memory",
  translation_backends: "Translation backends",
  media_servers: "Media servers",
  whisper_backends: "Whisper backends",
  arr_connectivity: "Sonarr / Radarr",
  scheduler: "Scheduler",
  subtitle_sync: "Subtitle sync",
};

/** A subsystem this UI does not know yet (a newer server) still reads as a title: `foo_bar` → "Foo bar". */
export const subsystemTitle = (name: string) =>
  SUBSYSTEM_TITLES[name] ?? sentenceCase(name.replaceAll("_", " "));

/** Where a broken subsystem is fixed: the page (or Settings section) its message points to. */
export const SUBSYSTEM_FIXES: Record<string, { href: string; label: string }> = {
  database: { href: "/system", label: "System → Restore a backup" },
  providers: { href: "/settings/providers", label: "Settings → Providers" },
  arr_connectivity: { href: "/settings/library", label: "Settings → Library sources" },
  ollama: { href: "/settings/translation", label: "Settings → Translation & Whisper" },
  translation_backends: { href: "/settings/translation", label: "Settings → Translation & Whisper" },
  whisper_backends: { href: "/settings/translation", label: "Settings → Translation & Whisper" },
  media_servers: { href: "/settings/media-servers", label: "Settings → Media servers" },
  scheduler: { href: "/tasks", label: "Tasks" },
};

/** A disk check's report (or one path of it) that measured too little free space, not a mount that failed. */
const lowOnSpace = (report: unknown) => {
  const r = report as { healthy?: boolean; freePercent?: number | null };
  return r.healthy === false && typeof r.freePercent === "number";
};

/**
 * What to do about a broken subsystem that no page of this UI fixes (the disk threshold is not in
 * Settings); null when there is nothing to add to its message.
 */
export function subsystemAdvice(name: string, report: Record<string, unknown>): string | null {
  if (name === "disk_config" && lowOnSpace(report))
    return "Free space on this disk (the data folder's backups folder holds old database backups), or lower disk.minFreePercent in config.toml.";
  if (name === "disk_media" && Array.isArray(report.paths) && report.paths.some(lowOnSpace))
    return "Free space on the folders named above, or lower disk.minFreePercent in config.toml.";
  return null;
}
