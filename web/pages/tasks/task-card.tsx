import { useState } from "preact/hooks";
import type { Task } from "../../api/dashboard.ts";
import { useCancelTask, useRunTask } from "../../api/tasks.ts";
import { formatDuration, formatNumber } from "../../app/format.ts";
import { Icon } from "../../components/icon.tsx";
import { RelativeTime } from "../../components/relative-time.tsx";
import { StatusPill } from "../../components/status-pill.tsx";
import { showToast } from "../../components/toast.tsx";
import { TaskHistory } from "./task-history.tsx";
import { startedBy, taskTitle } from "./task-text.ts";

function Progress({ run }: { run: NonNullable<Task["currentRun"]> }) {
  const counted = run.total !== null && run.total > 0 && run.done !== null;
  const percent = counted ? Math.min(100, Math.round((run.done! / run.total!) * 100)) : null;
  return (
    <div class="task-progress">
      <div class="run-line">
        <span>{run.phase ?? "Running"}</span>
        {counted && (
          <span class="num muted">
            {formatNumber(run.done!)} / {formatNumber(run.total!)}
          </span>
        )}
        <span class="muted">
          started <RelativeTime value={run.startedAt} />
        </span>
      </div>
      <div
        class="progress"
        role="progressbar"
        aria-label="Progress"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent ?? undefined}
        data-indeterminate={percent === null}
      >
        <div style={{ width: `${percent ?? 100}%` }} />
      </div>
      {run.current && <div class="muted truncate">{run.current}</div>}
    </div>
  );
}

/** One scheduled job: when it runs, how the last run went, what it does now; run it or stop it. */
export function TaskCard({ task }: { task: Task }) {
  const run = useRunTask();
  const cancel = useCancelTask();
  const [open, setOpen] = useState(false);
  const title = taskTitle(task.name);
  const headingId = `task-${task.name}`;
  const historyId = `task-history-${task.name}`;
  return (
    <section class="card task-card" aria-labelledby={headingId} data-running={task.running}>
      <div class="card-header">
        <h2 id={headingId}>{title}</h2>
        {task.running ? (
          <StatusPill status="running" />
        ) : task.lastOutcome ? (
          <StatusPill status={task.lastOutcome} />
        ) : (
          <StatusPill status="never run" tone="muted" />
        )}
      </div>
      {task.description && <p class="muted">{task.description}</p>}
      <dl class="kv">
        <dt>Schedule</dt>
        <dd>
          {task.scheduleText}{" "}
          <code class="cron" title={`Cron, read in ${task.timezone}`}>
            {task.schedule}
          </code>{" "}
          <span class="muted">{task.timezone}</span>
        </dd>
        <dt>Next run</dt>
        <dd>
          <RelativeTime value={task.nextRun} fallback="not scheduled" />
        </dd>
        <dt>Last run</dt>
        <dd>
          <RelativeTime value={task.lastRun} />
          {task.lastOutcome && (
            <>
              {" "}
              · {task.lastOutcome}
              {task.lastDurationMs !== null && ` in ${formatDuration(task.lastDurationMs)}`}
              {startedBy(task.lastTrigger) && <span class="muted"> · {startedBy(task.lastTrigger)}</span>}
            </>
          )}
          {task.lastError && <div class="error-text">{task.lastError}</div>}
        </dd>
      </dl>
      {task.currentRun && <Progress run={task.currentRun} />}
      <div class="card-footer">
        <button
          type="button"
          class="button link"
          aria-label={`History of ${title}`}
          aria-expanded={open}
          aria-controls={historyId}
          onClick={() => setOpen(!open)}
        >
          <Icon name={open ? "up" : "down"} />
          History
        </button>
        <div class="card-actions">
          {task.running && (
            <button
              type="button"
              class="button danger"
              aria-label={`Cancel ${title}`}
              disabled={cancel.isPending}
              onClick={() =>
                cancel.mutate(task.name, {
                  onSuccess: () => showToast({ kind: "info", title: `${title}: stopping…` }),
                })
              }
            >
              <Icon name="close" />
              Cancel
            </button>
          )}
          <button
            type="button"
            class="button primary"
            aria-label={`Run now: ${title}`}
            disabled={task.running || run.isPending}
            onClick={() =>
              run.mutate(task.name, {
                onSuccess: (r) => showToast({ kind: "success", title: `${title} started (run ${r.runId})` }),
              })
            }
          >
            <Icon name="refresh" />
            Run now
          </button>
        </div>
      </div>
      {open && <TaskHistory name={task.name} id={historyId} />}
    </section>
  );
}
