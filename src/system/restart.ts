import { existsSync, readFileSync } from "node:fs";

/**
 * A restart is a graceful stop (the one SIGTERM makes) and an exit with EX_TEMPFAIL, "start me
 * again": not 0, so systemd's `Restart=on-failure` and Docker's `on-failure`, `always` and
 * `unless-stopped` policies start the process again. deploy/subhound.service also names it in
 * `RestartForceExitStatus=`. Without a supervisor the process just ends.
 */
export const RESTART_EXIT_CODE = 75;

/** What starts Subhound again after it exits for a restart, as far as the process can tell. */
export type Supervisor = "systemd" | "container";

export interface SupervisorProbe {
  env: Record<string, string | undefined>;
  exists(path: string): boolean;
  /** The command name of the parent process (`/proc/<ppid>/comm`), or null where unknown. */
  parentCommand(): string | null;
}

const realProbe: SupervisorProbe = {
  env: process.env,
  exists: existsSync,
  parentCommand() {
    try {
      return readFileSync(`/proc/${process.ppid}/comm`, "utf8").trim();
    } catch {
      return null;
    }
  },
};

/**
 * systemd sets INVOCATION_ID (v232+) for every process of a unit it runs, but a shell opened from a
 * service (a terminal app that is a user service) inherits it too: the parent must be systemd itself
 * (PID 1, or the user's systemd instance). Docker creates `/.dockerenv`, Podman `/run/.containerenv`.
 */
export function detectSupervisor(probe: SupervisorProbe = realProbe): Supervisor | null {
  if (probe.env.INVOCATION_ID && probe.parentCommand() === "systemd") return "systemd";
  if (probe.exists("/.dockerenv") || probe.exists("/run/.containerenv")) return "container";
  return null;
}

/** What a restart's caller is told happens next. */
export function restartWords(supervisor: Supervisor | null): string {
  switch (supervisor) {
    case "systemd":
      return "Subhound runs as a systemd service: it stops as it does for `systemctl stop`, exits with status 75, and systemd starts it again (the unit Subhound ships restarts on that status).";
    case "container":
      return "Subhound runs in a container: it stops and exits with status 75; the container starts again if its restart policy says so (on-failure, always or unless-stopped). With no restart policy, start the container again yourself.";
    default:
      return "Subhound does not seem to run as a service or in a container: it stops, and nothing starts it again. Start it again yourself.";
  }
}

export type RestartAnswer = { ok: true } | { ok: false; reason: string };

/** The restart of a running `serve`, given to the routes that start one. */
export interface RestartControl {
  readonly supervisor: Supervisor | null;
  /** Starts the graceful stop after which the process exits with RESTART_EXIT_CODE. */
  request(reason: string): RestartAnswer;
}

/**
 * `stop` is what a first SIGTERM calls (serve's own handler): a restart is that same stop. Once a
 * stop is under way (a signal, or a restart asked before) another restart is refused.
 */
export function createRestartControl(options: {
  supervisor: Supervisor | null;
  stopping(): boolean;
  stop(reason: string): void;
}): RestartControl & { readonly requested: boolean } {
  let requested = false;
  return {
    supervisor: options.supervisor,
    get requested() {
      return requested;
    },
    request(reason) {
      if (requested || options.stopping()) return { ok: false, reason: "Subhound is already stopping" };
      requested = true;
      options.stop(reason);
      return { ok: true };
    },
  };
}
