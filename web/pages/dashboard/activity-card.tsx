import { useActivity, useTasks } from "../../api/dashboard.ts";
import { live, type ScanProgress, type SearchProgress } from "../../api/events.ts";
import { formatNumber } from "../../app/format.ts";
import { useStore } from "../../app/store.ts";
import { RelativeTime } from "../../components/relative-time.tsx";
import { StatusPill } from "../../components/status-pill.tsx";

/** The live event wins over the fetched status when it is about the same or a newer run. */
function newest<T>(fetched: T | null | undefined, pushed: T | null, id: (t: T) => number): T | null {
  if (!pushed) return fetched ?? null;
  if (!fetched) return pushed;
  return id(pushed) >= id(fetched) ? pushed : fetched;
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
            ` · ${formatNumber(scan.summary.filesSeen)} files, ${formatNumber(scan.summary.added)} new wanted`}
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

/** What Subhound is doing now: scan and search with live progress, and running tasks. */
export function ActivityCard() {
  const pushed = useStore(live);
  const activity = useActivity();
  const tasks = useTasks();
  const scan = newest(activity.data?.scan, pushed.scan, (s) => s.scanId);
  const search = newest(activity.data?.search, pushed.search, (s) => s.runId);
  const running = tasks.data?.filter((t) => t.running) ?? [];
  return (
    <section class="card" aria-labelledby="activity-title" aria-live="polite">
      <div class="card-header">
        <h2 id="activity-title">Activity</h2>
      </div>
      <ul class="list">
        {scan && <ScanRow scan={scan} />}
        {search && <SearchRow search={search} />}
        {running.map((t) => (
          <li key={t.name}>
            <span>Task {t.name}</span>
            <StatusPill status="running" />
          </li>
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
