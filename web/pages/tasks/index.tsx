import { useTasks } from "../../api/dashboard.ts";
import { EmptyState } from "../../components/empty-state.tsx";
import { LoadError } from "../../components/load-error.tsx";
import { Skeleton } from "../../components/skeleton.tsx";
import { TaskCard } from "./task-card.tsx";

/** What runs when, and did it work; progress arrives live over the event stream. */
export default function TasksPage() {
  const tasks = useTasks();
  return (
    <div class="page">
      <div class="page-header">
        <div>
          <h1>Tasks</h1>
          <p class="muted">Scheduled jobs; a job never runs twice at once.</p>
        </div>
      </div>
      <div class="grid tasks-grid">
        {!tasks.data &&
          !tasks.isError &&
          Array.from({ length: 3 }, (_, i) => (
            <section key={i} class="card" aria-hidden="true">
              <Skeleton width="40%" />
              <p>
                <Skeleton />
              </p>
              <Skeleton width="60%" />
            </section>
          ))}
        {tasks.data?.map((task) => (
          <TaskCard key={task.name} task={task} />
        ))}
      </div>
      {tasks.isError && !tasks.data && (
        <LoadError what="the tasks" error={tasks.error} onRetry={() => tasks.refetch()} />
      )}
      {tasks.data && tasks.data.length === 0 && <EmptyState title="No scheduled jobs" />}
    </div>
  );
}
