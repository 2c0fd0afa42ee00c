import type { Logger } from "../log.ts";
import type { Scanner, ScanScope } from "../wanted/scanner.ts";

/**
 * Starts an incremental scan of `scope` for a webhook, waiting out a scan already running (which
 * may not cover the new file), and resolves when it ends. Stops waiting once `signal` aborts.
 */
export async function scanWhenFree(
  scanner: Pick<Scanner, "start" | "whenIdle">,
  scope: ScanScope,
  log: Logger,
  signal: AbortSignal,
): Promise<void> {
  for (;;) {
    const started = scanner.start({ mode: "incremental", trigger: "webhook", scope });
    if (started.ok) {
      const result = await started.done;
      if (result.status !== "succeeded")
        log.warn("webhook scan did not complete", { scanId: result.scanId, status: result.status, scope });
      return;
    }
    log.debug("scan busy; webhook work waits for it", { runningScanId: started.runningScanId, scope });
    await scanner.whenIdle();
    if (signal.aborted) return;
  }
}
