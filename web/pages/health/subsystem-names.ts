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
