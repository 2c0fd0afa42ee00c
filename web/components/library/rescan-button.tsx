import { useEffect, useState } from "preact/hooks";
import { ApiProblem } from "../../api/client.ts";
import { useActivity } from "../../api/dashboard.ts";
import { live, type ScanProgress } from "../../api/events.ts";
import { type RescanScope, useRescan } from "../../api/library.ts";
import { formatNumber } from "../../app/format.ts";
import { useStore } from "../../app/store.ts";
import { showToast } from "../toast.tsx";

/** The scan with this id as last told: pushed by the event stream, else as the activity fetch says. */
function useScan(scanId: number | null): ScanProgress | null {
  const pushed = useStore(live).scan;
  const fetched = useActivity().data?.scan ?? null;
  if (scanId === null) return null;
  if (pushed?.scanId === scanId) return pushed;
  return fetched?.scanId === scanId ? fetched : null;
}

/** The deepest folder holding every one of these files; null when only the root would (too wide to rescan). */
export function commonFolder(paths: string[]): string | null {
  if (paths.length === 0) return null;
  const folders = paths.map((p) => p.split("/").slice(0, -1));
  const shared: string[] = [];
  for (let i = 0; folders.every((f) => i < f.length && f[i] === folders[0]![i]); i++)
    shared.push(folders[0]![i]!);
  const folder = shared.join("/");
  return folder === "" ? null : folder;
}

function finishedText(scan: ScanProgress): string {
  const s = scan.summary;
  if (!s) return "";
  const parts = [`${formatNumber(s.filesSeen)} ${s.filesSeen === 1 ? "file" : "files"} seen`];
  parts.push(`${formatNumber(s.added)} newly wanted`);
  if (s.resolved > 0) parts.push(`${formatNumber(s.resolved)} resolved`);
  if (s.removed > 0) parts.push(`${formatNumber(s.removed)} removed`);
  return parts.join(", ");
}

/** Why a rescan did not start, in words: another scan holds the library (409), or the server's reason. */
function refusalText(error: Error, what: string): string {
  if (error instanceof ApiProblem && error.status === 409 && "runningScanId" in error.problem)
    return `Another scan is running (scan ${String(error.problem.runningScanId)}); rescan ${what} when it ends. The Dashboard shows its progress.`;
  return `Not rescanned: ${error.message}`;
}

/**
 * Rescan: reads one series or movie again (its files, their subtitles), e.g. after adding a subtitle by
 * hand. Shows the scan's progress from the live events; the page's data refreshes when it ends.
 */
export function RescanButton({ scope, what }: { scope: RescanScope; what: string }) {
  const rescan = useRescan();
  const [scanId, setScanId] = useState<number | null>(null);
  const [refused, setRefused] = useState<string | null>(null);
  const scan = useScan(scanId);
  const running = scanId !== null && (scan === null || scan.status === "running");
  const ended = scan !== null && scan.status !== "running" ? scan : null;
  useEffect(() => {
    if (!ended) return;
    setScanId(null);
    const failed = ended.status !== "succeeded";
    const errors = Object.values(ended.errors);
    showToast({
      kind: failed || errors.length > 0 ? "error" : "success",
      title: failed ? `Rescan of ${what}: ${ended.status}` : `Rescanned ${what}`,
      detail: errors.length > 0 ? errors.join("; ") : finishedText(ended),
    });
  }, [ended?.scanId, ended?.status]);
  const start = () => {
    setRefused(null);
    rescan.mutate(scope, {
      onSuccess: (started) => setScanId(started.scanId),
      onError: (error) => setRefused(refusalText(error, what)),
    });
  };
  return (
    <>
      <button
        type="button"
        class="button"
        title="Read its files and their subtitles again (e.g. after adding a subtitle by hand)"
        disabled={running || rescan.isPending}
        onClick={start}
      >
        {running
          ? `Rescanning…${scan && scan.total > 0 ? ` ${formatNumber(scan.done)} of ${formatNumber(scan.total)}` : ""}`
          : "Rescan"}
      </button>
      {refused && (
        // Last, on a line of its own under the page's buttons.
        <span class="warn-text" role="alert" style={{ order: 1, flexBasis: "100%" }}>
          {refused}
        </span>
      )}
    </>
  );
}
