import { PROBLEM_TYPE, problemBody } from "./http/problem.ts";
import { checkRequestSize, raiseParserHeaderLimit } from "./http/request-limits.ts";
import type { Runtime } from "./server.ts";
import { MAX_RESTORE_UPLOAD_BYTES } from "./system/restore.ts";
import {
  createStopTracker,
  type DeadlineTimer,
  SHUTDOWN_DEADLINE_MS,
  type StopOutcome,
  type StopTracker,
  stopWithin,
} from "./system/shutdown-deadline.ts";

/** Puts a runtime on a socket: the one place Bun.serve is called, and the graceful stop. */

export interface RunningServer {
  url: string;
  port: number;
  /**
   * Stops accepting, lets in-flight requests finish within the configured bound, closes the DB. Past
   * the shutdown deadline it names what had not stopped, closes the database as it stands and
   * settles with `stopped: false`.
   */
  shutdown(reason?: string): Promise<StopOutcome>;
  /** The parts of a shutdown under way that have not stopped yet. */
  stillStopping(): string[];
}

export interface ServerOptions {
  /** The whole shutdown's bound (default SHUTDOWN_DEADLINE_MS). */
  shutdownDeadlineMs?: number;
  /** Starts the deadline's timer; tests fire it by hand. */
  deadlineTimer?: DeadlineTimer;
}

/** The address a local client uses: a wildcard host is reached through loopback, IPv6 in brackets. */
function reachableHost(host: string): string {
  if (host === "0.0.0.0" || host === "") return "127.0.0.1";
  if (host === "::") return "[::1]";
  return host.includes(":") ? `[${host}]` : host;
}

export function startServer(runtime: Runtime, options: ServerOptions = {}): RunningServer {
  const { config, log } = runtime.deps;
  raiseParserHeaderLimit();
  const server = Bun.serve({
    hostname: config.server.host,
    port: config.server.port,
    idleTimeout: 120,
    // Bun refuses bodies over 128 MiB by itself, before the app: an uploaded database backup may be
    // larger. Every other route keeps the app's own 16 MiB cap (http/router.ts).
    maxRequestBodySize: MAX_RESTORE_UPLOAD_BYTES + 1024 * 1024,
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

  let closing: Promise<StopOutcome> | undefined;
  let tracker: StopTracker | undefined;
  const deadlineMs = options.shutdownDeadlineMs ?? SHUTDOWN_DEADLINE_MS;
  const stopRequests = async (stop: StopTracker) => {
    const graceful = server.stop(false);
    const boundMs = stop.grace(config.server.shutdownTimeoutMs);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const bound = new Promise<"timeout">((r) => {
      timer = setTimeout(() => r("timeout"), boundMs);
    });
    const outcome = await Promise.race([graceful, bound]);
    clearTimeout(timer);
    if (outcome === "timeout") {
      log.warn("in-flight requests did not finish in time; closing them", { timeoutMs: boundMs });
      await server.stop(true);
    }
  };
  const shutdown = (reason = "shutdown") => {
    closing ??= (async () => {
      log.info("shutting down", { reason });
      const stop = createStopTracker({ deadlineMs });
      tracker = stop;
      // Open event streams (a browser tab) end now, not at the in-flight requests' bound.
      runtime.deps.events.close();
      const outcome = await stopWithin(
        async () => {
          await stop.part("http requests", () => stopRequests(stop));
          await runtime.close(stop);
        },
        stop,
        { deadlineMs, timer: options.deadlineTimer },
      );
      if (outcome.stopped) {
        log.info("stopped");
        return outcome;
      }
      log.error("shutdown deadline passed: exiting while these parts had not stopped", {
        deadlineMs,
        notStopped: outcome.unfinished,
      });
      runtime.abandon();
      return outcome;
    })();
    return closing;
  };
  return { url, port, shutdown, stillStopping: () => tracker?.unfinished() ?? [] };
}
