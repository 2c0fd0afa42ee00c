import { PROBLEM_TYPE, problemBody } from "./http/problem.ts";
import { checkRequestSize, raiseParserHeaderLimit } from "./http/request-limits.ts";
import type { Runtime } from "./server.ts";

/** Puts a runtime on a socket: the one place Bun.serve is called, and the graceful stop. */

export interface RunningServer {
  url: string;
  port: number;
  /** Stops accepting, lets in-flight requests finish within the configured bound, closes the DB. */
  shutdown(reason?: string): Promise<void>;
}

/** The address a local client uses: a wildcard host is reached through loopback, IPv6 in brackets. */
function reachableHost(host: string): string {
  if (host === "0.0.0.0" || host === "") return "127.0.0.1";
  if (host === "::") return "[::1]";
  return host.includes(":") ? `[${host}]` : host;
}

export function startServer(runtime: Runtime): RunningServer {
  const { config, log } = runtime.deps;
  raiseParserHeaderLimit();
  const server = Bun.serve({
    hostname: config.server.host,
    port: config.server.port,
    idleTimeout: 120,
    // The server goes along: the UI's local-bypass check reads the peer address from it.
    fetch: (request, server) => checkRequestSize(request) ?? runtime.app.fetch(request, server),
    error(err) {
      log.error("request failed outside the app", { error: err });
      return new Response(
        JSON.stringify(problemBody(500, "The server hit an unexpected error; details are in its log")),
        { status: 500, headers: { "Content-Type": PROBLEM_TYPE } },
      );
    },
  });
  const port = server.port ?? config.server.port;
  const url = `http://${reachableHost(config.server.host)}:${port}${config.server.urlBase}`;
  log.info("listening", {
    url,
    listen: `${config.server.host.includes(":") ? `[${config.server.host}]` : config.server.host}:${port}`,
    urlBase: config.server.urlBase,
    dataDir: config.dataDir,
    version: runtime.deps.build.version,
  });

  let closing: Promise<void> | undefined;
  const shutdown = (reason = "shutdown") => {
    closing ??= (async () => {
      log.info("shutting down", { reason });
      const graceful = server.stop(false);
      const bound = new Promise<"timeout">((r) =>
        setTimeout(() => r("timeout"), config.server.shutdownTimeoutMs),
      );
      if ((await Promise.race([graceful, bound])) === "timeout") {
        log.warn("in-flight requests did not finish in time; closing them", {
          timeoutMs: config.server.shutdownTimeoutMs,
        });
        await server.stop(true);
      }
      await runtime.close();
      log.info("stopped");
    })();
    return closing;
  };
  return { url, port, shutdown };
}
