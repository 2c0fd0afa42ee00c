import { useEffect, useState } from "preact/hooks";
import { useSearchParams } from "wouter-preact";
import { type LogEntry, type LogLevel, useLogs } from "../../api/system.ts";
import { formatExact } from "../../app/format.ts";
import { type Column, DataTable } from "../../components/data-table.tsx";
import { EmptyState } from "../../components/empty-state.tsx";
import { FilterChips } from "../../components/filter-chips.tsx";
import { Icon } from "../../components/icon.tsx";
import { StatusPill, type Tone } from "../../components/status-pill.tsx";

const LEVELS: { value: LogLevel; label: string }[] = [
  { value: "debug", label: "Debug and up" },
  { value: "info", label: "Info and up" },
  { value: "warn", label: "Warnings and errors" },
  { value: "error", label: "Errors" },
];
const TONE: Record<LogLevel, Tone> = { debug: "muted", info: "info", warn: "warn", error: "danger" };
const isLevel = (v: string | null): v is LogLevel => LEVELS.some((l) => l.value === v);

const time = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit", second: "2-digit" });
const day = new Intl.DateTimeFormat(undefined, { month: "short", day: "numeric" });

/** `key=value` pairs, objects as JSON: one line a reader can scan. */
function fieldText(fields: Record<string, unknown>): string {
  return Object.entries(fields)
    .map(([k, v]) => `${k}=${typeof v === "string" ? v : JSON.stringify(v)}`)
    .join(" ");
}

const columns: Column<LogEntry>[] = [
  {
    key: "time",
    header: "Time",
    width: "6.5rem",
    cell: (e) => {
      const at = new Date(e.time);
      // The buffer holds about a day: a line from an earlier day says which, so it never reads as today's.
      const earlier = at.toDateString() !== new Date().toDateString();
      return (
        <time dateTime={e.time} title={formatExact(at)} class="num log-time">
          {earlier && (
            <>
              {day.format(at)}
              <br />
            </>
          )}
          {time.format(at)}
        </time>
      );
    },
  },
  {
    key: "level",
    header: "Level",
    width: "5.5rem",
    class: "wide-only",
    cell: (e) => <StatusPill status={e.level} tone={TONE[e.level]} />,
  },
  {
    key: "component",
    header: "Component",
    width: "8rem",
    class: "wide-only",
    cell: (e) => e.component ?? <span class="muted">—</span>,
  },
  {
    key: "message",
    header: "Message",
    cell: (e) => {
      const fields = fieldText(e.fields);
      return (
        // Blocks, not a `.stack` (which keeps table cells on one line): a long message wraps in the column.
        <div class="log-line">
          <div class="truncate-wrap">
            <span class="narrow-only">
              <StatusPill status={e.level} tone={TONE[e.level]} />{" "}
              {e.component && <span class="muted">{e.component} · </span>}
            </span>
            {e.message}
          </div>
          {fields && <div class="mono muted">{fields}</div>}
        </div>
      );
    },
  },
];

/** The server's recent log lines, newest first: level chips, text search, load more, auto-refresh. */
export function LogTable() {
  const [params, setParams] = useSearchParams();
  const levelParam = params.get("level");
  const level: LogLevel = isLevel(levelParam) ? levelParam : "info";
  const q = params.get("q") ?? "";
  const [text, setText] = useState(q);
  const [follow, setFollow] = useState(false);
  const logs = useLogs({ level, q }, follow);

  const update = (name: string, value: string, replace = false) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (value) next.set(name, value);
        else next.delete(name);
        return next;
      },
      { replace },
    );
  useEffect(() => setText(q), [q]);
  useEffect(() => {
    if (text === q) return;
    const timer = setTimeout(() => update("q", text.trim(), true), 250);
    return () => clearTimeout(timer);
  }, [text]);

  const entries = logs.data?.pages.flatMap((p) => p.entries);
  const capacity = logs.data?.pages[0]?.capacity;
  return (
    <section class="card log-card" aria-labelledby="system-logs">
      <div class="card-header">
        <h2 id="system-logs">Recent log</h2>
        <button
          type="button"
          class="button small"
          aria-pressed={follow}
          onClick={() => setFollow((f) => !f)}
          title="Reload the lines every 5 seconds"
        >
          <Icon name={follow ? "check" : "refresh"} size={16} />
          Auto-refresh {follow ? "on" : "off"}
        </button>
      </div>
      <p class="muted">
        The last {capacity ? capacity.toLocaleString() : "…"} lines since the server started, at or above{" "}
        <code>log.level</code>, secrets replaced by ***. The full log is in the journal (
        <code>journalctl -u subhound</code>).
      </p>
      <div class="filters">
        <div class="filter-row">
          <FilterChips
            label="Level"
            chips={LEVELS}
            selected={[level]}
            onToggle={(value) => update("level", value === "info" ? "" : value)}
          />
          <label class="search-box">
            <Icon name="search" size={16} />
            <span class="visually-hidden">Search the log</span>
            <input
              class="input"
              type="search"
              data-shortcut="search"
              placeholder="Search messages and fields (press /)"
              value={text}
              onInput={(e) => setText((e.target as HTMLInputElement).value)}
            />
          </label>
        </div>
      </div>
      <DataTable
        label="Log lines"
        columns={columns}
        rows={entries}
        rowKey={(e) => e.seq}
        loading={logs.isPending}
        skeletonRows={8}
        empty={
          <EmptyState title={q ? "No line matches" : "No log lines at this level"}>
            {q ? "Try other words or a lower level." : "Lower the level to see more."}
          </EmptyState>
        }
      />
      {logs.hasNextPage && (
        <div class="card-footer">
          <button
            type="button"
            class="button"
            onClick={() => void logs.fetchNextPage()}
            disabled={logs.isFetchingNextPage}
          >
            <Icon name="down" size={16} />
            {logs.isFetchingNextPage ? "Loading…" : "Load older lines"}
          </button>
        </div>
      )}
    </section>
  );
}
