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
