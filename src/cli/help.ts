import { buildInfo } from "../build-info.ts";
import { PROBE_HELP } from "./probe.ts";
import { SCAN_HELP } from "./scan.ts";
import { SEARCH_HELP } from "./search.ts";

export const HELP: Record<string, string> = {
  main: `Subhound ${buildInfo.version}: finds missing subtitles in your Sonarr/Radarr library and fetches them.

Usage: subhound [command] [options]

Commands:
  serve         run the server (default)
  scan          scan the library now (or: scan --path DIR --lang en,de, no config needed)
  search        search providers for wanted items now and save what is found
  probe         print the subtitle streams inside video files
  healthcheck   exit 0 if the local server answers its liveness probe, 1 otherwise
  config        print the effective configuration, secrets redacted
  api-key       print the API key clients must send
  openapi       print the OpenAPI 3.1 document
  version       print version, commit and build date

The data dir is found as the server finds it (SUBHOUND_DATA_DIR, --config, ./data); only serve
creates it. Exit codes: 0 done, 1 failed, 2 usage or configuration error.

Options (every command):
  --config PATH   config file (default: config.toml in the data dir)
  -h, --help      help for a command, e.g. subhound serve --help

Settings come from defaults < config.toml < SUBHOUND_* environment variables; see the README.`,
  serve: `Usage: subhound serve [--config PATH]

Creates the data dir if needed, opens (and migrates) <dataDir>/subhound.db, then serves the API on
server.host:server.port (default 0.0.0.0:6868). One server per data dir: a second one is refused,
naming the running one. A library never scanned is scanned at once. SIGTERM/SIGINT stop it
gracefully; SIGHUP reloads the configuration.`,
  healthcheck: `Usage: subhound healthcheck [--config PATH] [--url URL] [--timeout MS]

Calls GET /api/v1/health on the local server (from the config's port and urlBase, or --url)
and exits 0 when it answers 200, 1 otherwise. For systemd, Docker and Uptime Kuma push checks.`,
  config: `Usage: subhound config [--config PATH]

Prints the effective configuration as JSON, with every secret replaced by ***.
Exits 2 with a message naming the key when the configuration is invalid.`,
  "api-key": `Usage: subhound api-key [--config PATH]

Prints the API key: auth.apiKey when configured, otherwise the one the server generated on its
first start. It finds the data dir as the server does (SUBHOUND_DATA_DIR, --config, ./data), says
which on stderr, and only reads: it works beside a running server and never creates a key.`,
  openapi: `Usage: subhound openapi

Prints the OpenAPI 3.1 document generated from the routes (default configuration).`,
  version: "Usage: subhound version\n\nPrints version, commit and build date.",
  scan: SCAN_HELP,
  search: SEARCH_HELP,
  probe: PROBE_HELP,
};
