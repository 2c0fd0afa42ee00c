import { type Task, useActivity, useTasks } from "../../api/dashboard.ts";
import { live, type ScanProgress, type SearchProgress } from "../../api/events.ts";
import { formatNumber } from "../../app/format.ts";
import { useStore } from "../../app/store.ts";
import { RelativeTime } from "../../components/relative-time.tsx";
import { StatusPill } from "../../components/status-pill.tsx";
import { taskTitle } from "../tasks/task-text.ts";

/** The live event wins over the fetched status when it is about the same or a newer run. */
function newest<T>(fetched: T | null | undefined, pushed: T | null, id: (t: T) => number): T | null {
  if (!pushed) return fetched ?? null;
  if (!fetched) return pushed;
  return id(pushed) >= id(fetched) ? pushed : fetched;
}

/** The running (else the last) scan, as fetched or as the event stream told it since. */
export function useCurrentScan(): ScanProgress | null {
  const pushed = useStore(live).scan;
  const fetched = useActivity().data?.scan;
  return newest(fetched, pushed, (s) => s.scanId);
}

function Progress({ label, done, total }: { label: string; done: number; total: number }) {
  const percent = total > 0 ? Math.round((done / total) * 100) : 0;
  return (
    <div
      class="progress"
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={total}
      aria-valuenow={done}
      aria-valuetext={`${formatNumber(done)} of ${formatNumber(total)}`}
    >
      <div style={{ width: `${percent}%` }} />
    </div>
  );
}

function ScanRow({ scan }: { scan: ScanProgress }) {
  return (
    <li data-testid="scan-activity" style={{ display: "grid", gap: "6px" }}>
      <div style={{ display: "flex", justifyContent: "space-between", gap: "8px", flexWrap: "wrap" }}>
        <strong>Scan ({scan.mode})</strong>
        <StatusPill status={scan.status} />
      </div>
      {scan.status === "running" ? (
        <>
          <Progress label="Scan progress" done={scan.done} total={scan.total} />
          <span class="muted truncate">
            {formatNumber(scan.done)} of {formatNumber(scan.total)} · {scan.current ?? scan.phase}
          </span>
        </>
      ) : (
        <span class="muted">
          Finished <RelativeTime value={scan.finishedAt} />
          {scan.summary &&
            ` · ${formatNumber(scan.summary.filesSeen)} ${scan.summary.filesSeen === 1 ? "file" : "files"}, ${formatNumber(scan.summary.added)} new wanted`}
        </span>
      )}
    </li>
  );
}

function SearchRow({ search }: { search: SearchProgress }) {
  return (
    <li data-testid="search-activity" style={{ display: "grid", gap: "6px" }}>
      <div style={{ display: "flex", justifyContent: "space-between", gap: "8px", flexWrap: "wrap" }}>
        <strong>Search</strong>
        <StatusPill status={search.status} />
      </div>
      {search.status === "running" ? (
        <>
          <Progress label="Search progress" done={search.done} total={search.total} />
          <span class="muted truncate">
            {formatNumber(search.done)} of {formatNumber(search.total)} · {formatNumber(search.found)} found
            {search.current ? ` · ${search.current}` : ""}
          </span>
        </>
      ) : (
        <span class="muted">
          Finished <RelativeTime value={search.finishedAt} /> · {formatNumber(search.found)} found,{" "}
          {formatNumber(search.notFound)} not found, {formatNumber(search.failed)} failed
        </span>
      )}
    </li>
  );
}

/** A running scheduled job: its phase and, when it counts units, how far it is. */
function TaskRow({ task }: { task: Task }) {
  const title = taskTitle(task.name);
  const run = task.currentRun;
  const counted = run !== null && run.total !== null && run.total > 0 && run.done !== null;
  return (
    <li data-testid="task-activity" style={{ display: "grid", gap: "6px" }}>
      <div style={{ display: "flex", justifyContent: "space-between", gap: "8px", flexWrap: "wrap" }}>
        <strong>{title}</strong>
        <StatusPill status="running" />
      </div>
      {counted && <Progress label={`${title} progress`} done={run.done!} total={run.total!} />}
      <span class="muted truncate">
        {counted && `${formatNumber(run.done!)} of ${formatNumber(run.total!)} · `}
        {run?.current ?? run?.phase ?? "running"}
        {run && (
          <>
            {" "}
            · started <RelativeTime value={run.startedAt} />
          </>
        )}
      </span>
    </li>
  );
}

/** What Subhound is doing now: scan and search with live progress, and running tasks. */
export function ActivityCard() {
  const pushed = useStore(live);
  const activity = useActivity();
  const tasks = useTasks();
  const scan = newest(activity.data?.scan, pushed.scan, (s) => s.scanId);
  const search = newest(activity.data?.search, pushed.search, (s) => s.runId);
  // The scan and search jobs are the rows above while those run; other jobs get a row of their own.
  const running =
    tasks.data?.filter(
      (t) =>
        t.running &&
        !(t.name === "wanted-scan" && scan?.status === "running") &&
        !(t.name === "wanted-search" && search?.status === "running"),
    ) ?? [];
  return (
    <section class="card" aria-labelledby="activity-title" aria-live="polite">
      <div class="card-header">
        <h2 id="activity-title">Activity</h2>
      </div>
      <ul class="list">
        {scan && <ScanRow scan={scan} />}
        {search && <SearchRow search={search} />}
        {running.map((t) => (
          <TaskRow key={t.name} task={t} />
        ))}
      </ul>
      {!scan && !search && running.length === 0 && activity.isFetched && (
        <p class="muted">
          Nothing has run yet. "Scan now" reads your library and lists what lacks subtitles.
        </p>
      )}
    </section>
  );
}
