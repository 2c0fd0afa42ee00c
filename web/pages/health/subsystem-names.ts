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
};

export const subsystemTitle = (name: string) => SUBSYSTEM_TITLES[name] ?? name.replaceAll("_", " ");
