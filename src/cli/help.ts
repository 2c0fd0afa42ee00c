import { buildInfo } from "../build-info.ts";

export const MAIN_HELP = `Subhound ${buildInfo.version}: finds missing subtitles in your Sonarr/Radarr library and fetches them.

Usage: subhound [command] [options]

Commands:
  serve         run the server (default)
  scan          scan the library now (or: scan --path DIR --lang en,de, no config needed)
  search        search providers for wanted items now and save what is found
  probe         print the subtitle streams inside video files
  healthcheck   exit 0 if the local server answers its liveness probe, 1 otherwise
  config        print the effective configuration, secrets redacted
  api-key       print the API key clients must send
  import-bazarr take over Bazarr's subtitles, profiles and blacklist (a dry run unless --apply)
  openapi       print the OpenAPI 3.1 document
  version       print version, commit and build date

The data dir is found as the server finds it (SUBHOUND_DATA_DIR, --config, ./data); only serve
creates it. Exit codes: 0 done, 1 failed, 2 usage or configuration error.

Options:
  --config PATH   config file (default: config.toml in the data dir); every command but
                  openapi and version reads it
  -h, --help      help for a command, e.g. subhound serve --help
  --version       same as subhound version

Settings come from defaults < config.toml < SUBHOUND_* environment variables; see the README.`;
