import { useTaskHistory } from "../../api/tasks.ts";
import { formatDuration } from "../../app/format.ts";
import { RelativeTime } from "../../components/relative-time.tsx";
import { Skeleton } from "../../components/skeleton.tsx";
import { StatusPill } from "../../components/status-pill.tsx";
import { summaryErrors, summaryNotes, summaryText } from "./task-text.ts";

/** A job's recent runs, newest first: outcome, when, how long, and what it did or why it failed. */
export function TaskHistory({ name, id }: { name: string; id: string }) {
  const history = useTaskHistory(name);
  if (!history.data) {
    return (
      <div id={id} class="runs" aria-busy="true">
        <Skeleton />
        <Skeleton width="80%" />
      </div>
    );
  }
  if (history.data.length === 0) {
    return (
      <p id={id} class="muted runs">
        No runs recorded yet.
      </p>
    );
  }
  return (
    <ol id={id} class="runs" aria-label="Recent runs">
      {history.data.map((run) => {
        const details = run.error ?? summaryText(run.summary);
        const notes = run.error ? [] : summaryNotes(run.summary);
        const errors = run.error ? [] : summaryErrors(run.summary);
        return (
          <li key={run.id}>
            <div class="run-line">
              <StatusPill status={run.outcome} />
              <RelativeTime value={run.startedAt} />
              <span class="muted">{run.trigger === "manual" ? "run by hand" : "scheduled"}</span>
              <span class="num">{run.durationMs === null ? "" : formatDuration(run.durationMs)}</span>
            </div>
            {details && (
              <div class={run.error ? "error-text run-details" : "muted run-details"}>{details}</div>
            )}
            {errors.map((error) => (
              <div key={error} class="error-text run-details">
                {error}
              </div>
            ))}
            {notes.length > 0 && (
              <ul class="run-notes">
                {notes.map((note) => (
                  <li key={note}>{note}</li>
                ))}
              </ul>
            )}
          </li>
        );
      })}
    </ol>
  );
}
