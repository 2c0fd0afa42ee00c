import { onlineManager } from "@tanstack/preact-query";
import { useEffect, useRef, useState } from "preact/hooks";
import { ApiProblem } from "../../api/client.ts";
import { fetchLiveness, type Supervisor, useRestart, useSystemStatus } from "../../api/system.ts";
import { Dialog } from "../../components/dialog.tsx";
import { Icon } from "../../components/icon.tsx";
import { waitForRestart } from "./restart-wait.ts";

/** How long the page waits for Subhound to answer again before it says so (systemd waits 5 s to start it). */
export const RESTART_DEADLINE_MS = 90_000;

/** What starts Subhound again after it stops, in the words a confirmation shows. */
export function supervisorWords(supervisor: Supervisor): string {
  switch (supervisor) {
    case "systemd":
      return "Subhound runs as a systemd service: systemd starts it again a few seconds after it stops.";
    case "container":
      return "Subhound runs in a container: it starts again if the container has a restart policy (unless-stopped, always or on-failure). Without one, start the container again yourself.";
    default:
      return "If Subhound does not run as a service or in a container, start it again yourself: nothing else will.";
  }
}

export type RestartPhase = "idle" | "waiting" | "late";

/**
 * After a restart was asked: waits for a new process to answer and then reloads the page. Queries
 * are paused meanwhile (offline), so the page does not fill with errors while nothing answers.
 */
export function useRestartWait(before: string | undefined) {
  const [phase, setPhase] = useState<RestartPhase>("idle");
  const stop = useRef<AbortController | null>(null);
  useEffect(() => () => stop.current?.abort(), []);
  const wait = () => {
    if (!before) return;
    stop.current?.abort();
    const controller = new AbortController();
    stop.current = controller;
    setPhase("waiting");
    onlineManager.setOnline(false);
    void waitForRestart({
      before,
      deadlineMs: RESTART_DEADLINE_MS,
      liveness: fetchLiveness,
      signal: controller.signal,
    }).then((outcome) => {
      if (outcome === "back") window.location.reload();
      else if (outcome === "late") setPhase("late");
    });
  };
  return { phase, wait };
}

/** Covers the page while Subhound restarts; says so plainly when it does not come back. */
export function RestartingScreen({
  phase,
  supervisor,
  what = "Restarting…",
  onKeepWaiting,
}: {
  phase: RestartPhase;
  supervisor: Supervisor;
  what?: string;
  onKeepWaiting: () => void;
}) {
  if (phase === "idle") return null;
  return (
    <div class="dialog-backdrop">
      <div
        class="dialog restarting"
        role="alertdialog"
        aria-modal="true"
        aria-labelledby="restarting-title"
        aria-busy={phase === "waiting"}
      >
        {phase === "waiting" ? (
          <>
            <h2 id="restarting-title">{what}</h2>
            <p role="status">
              Waiting for Subhound to answer again; this page reloads by itself once it does.
            </p>
          </>
        ) : (
          <>
            <h2 id="restarting-title">Subhound has not come back</h2>
            <p role="alert">
              It has not answered for {RESTART_DEADLINE_MS / 1000} seconds. {supervisorWords(supervisor)} Its
              log (<code>journalctl -u subhound</code> under systemd) says why a start failed.
            </p>
            <div class="dialog-actions">
              <button type="button" class="button" onClick={() => window.location.reload()}>
                Reload
              </button>
              <button type="button" class="button primary" onClick={onKeepWaiting}>
                Keep waiting
              </button>
            </div>
          </>
        )}
      </div>
    </div>
  );
}

/**
 * Restart (confirmed first): the server stops gracefully and exits for its supervisor to start it
 * again; the page waits and reloads. Shown only where the server can restart itself.
 */
export function RestartButton({ label = "Restart", primary }: { label?: string; primary?: boolean }) {
  const status = useSystemStatus();
  const restart = useRestart();
  const [confirming, setConfirming] = useState(false);
  const { phase, wait } = useRestartWait(status.data?.startedAt);
  if (!status.data?.canRestart) return null;
  const supervisor = status.data.supervisor;
  const problem = restart.error instanceof ApiProblem ? restart.error.problem : null;
  const close = () => {
    restart.reset();
    setConfirming(false);
  };
  return (
    <>
      <button
        type="button"
        class={primary ? "button primary small" : "button small"}
        onClick={() => setConfirming(true)}
      >
        <Icon name="refresh" size={16} />
        {label}
      </button>
      {confirming && phase === "idle" && (
        <Dialog
          title="Restart Subhound?"
          onClose={close}
          actions={
            <>
              <button type="button" class="button" onClick={close}>
                Cancel
              </button>
              <button
                type="button"
                class="button primary"
                disabled={restart.isPending}
                onClick={() => restart.mutate(undefined, { onSuccess: wait })}
              >
                {restart.isPending ? "Restarting…" : "Restart"}
              </button>
            </>
          }
        >
          <p>
            Subhound stops as it does for a shutdown: running scans and searches are cancelled (they go on at
            their next run), then it exits so that it is started again. Settings that need a restart take
            effect then.
          </p>
          <p>{supervisorWords(supervisor)}</p>
          {problem && (
            <div class="alert" role="alert">
              <strong>Not restarted:</strong> {problem.detail ?? problem.title}
            </div>
          )}
        </Dialog>
      )}
      <RestartingScreen phase={phase} supervisor={supervisor} onKeepWaiting={wait} />
    </>
  );
}
