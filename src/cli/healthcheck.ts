import { argsOrExit, type Command, readArgs } from "./command.ts";
import { loadOrReport } from "./load-config.ts";

export const HEALTHCHECK_HELP = `Usage: subhound healthcheck [--config PATH] [--url URL] [--timeout MS]

Calls GET /api/v1/health on the local server (from the config's port and urlBase, or --url)
and exits 0 when it answers 200 within --timeout (default 5000 ms), 1 otherwise, 2 on a usage or
configuration error. For systemd, Docker and Uptime Kuma push checks.`;

export const healthcheckCommand: Command = async (argv, io) => {
  const args = argsOrExit(
    io,
    HEALTHCHECK_HELP,
    readArgs(argv, { url: { type: "string" }, timeout: { type: "string" } }),
  );
  if (typeof args === "number") return args;
  const timeoutMs = args.timeout === undefined ? 5000 : Number(args.timeout);
  if (!Number.isInteger(timeoutMs) || timeoutMs < 1) {
    io.stderr(
      `--timeout takes milliseconds (a whole number from 1), got "${args.timeout}"\n\n${HEALTHCHECK_HELP}`,
    );
    return 2;
  }
  const loaded = loadOrReport(args.config, io);
  if (!loaded) return 2;
  const { server } = loaded.config;
  if (args.url === undefined && server.port === 0) {
    // Port 0 lets the server pick a free port at start: nothing here says which one it got.
    io.stderr(
      `server.port is 0, so the server listens on a port it picked at start (its log's "listening" line says which): pass --url http://HOST:PORT${server.urlBase}/api/v1/health, or set server.port\n\n${HEALTHCHECK_HELP}`,
    );
    return 2;
  }
  const host = server.host === "0.0.0.0" || server.host === "::" ? "127.0.0.1" : server.host;
  const target =
    args.url ??
    `http://${host.includes(":") ? `[${host}]` : host}:${server.port}${server.urlBase}/api/v1/health`;
  try {
    const res = await fetch(target, { signal: AbortSignal.timeout(timeoutMs) });
    if (res.status === 200) {
      io.stdout(`healthy: ${target}`);
      return 0;
    }
    io.stderr(`unhealthy: ${target} answered ${res.status}`);
  } catch (e) {
    io.stderr(`unhealthy: ${target}: ${(e as Error).message}`);
  }
  return 1;
};
