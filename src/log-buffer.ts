import type { LogLevel } from "./log.ts";

export const LOG_LEVELS: readonly LogLevel[] = ["debug", "info", "warn", "error"];
const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** Enough for a day of a quiet server at `info`; about 1 MiB of text. */
export const DEFAULT_LOG_BUFFER_LINES = 2000;

/** One logged line as the API returns it: what was written, already scrubbed of secrets. */
export interface LogEntry {
  /** Increasing per process; page with `before`. */
  seq: number;
  time: string;
  level: LogLevel;
  component: string | null;
  message: string;
  fields: Record<string, unknown>;
}

export interface LogQuery {
  /** The least severe level returned. */
  level?: LogLevel;
  limit: number;
  /** Only entries older than this sequence number (the previous page's `nextBefore`). */
  before?: number;
  /** Case-insensitive text in the message, the component, or a field written `key=value` (as the UI shows it). */
  text?: string;
}

export interface LogPage {
  /** Newest first. */
  entries: LogEntry[];
  /** Pass as `before` for the next, older page; null when nothing older matches. */
  nextBefore: number | null;
}

export interface LogBuffer {
  /** `line` is the scrubbed JSON object the logger writes. */
  push(level: LogLevel, line: string): void;
  query(query: LogQuery): LogPage;
  readonly capacity: number;
}

interface Stored {
  seq: number;
  rank: number;
  line: string;
}

function toEntry({ seq, line }: Stored): LogEntry {
  const { time, level, msg, component, ...fields } = JSON.parse(line) as Record<string, unknown>;
  return {
    seq,
    time: String(time),
    level: level as LogLevel,
    component: typeof component === "string" ? component : null,
    message: String(msg),
    fields,
  };
}

/** The line as a reader sees it: component, message, then `key=value` with objects as JSON. */
function searchableText(entry: LogEntry): string {
  const fields = Object.entries(entry.fields).map(
    ([k, v]) => `${k}=${typeof v === "string" ? v : JSON.stringify(v)}`,
  );
  return [entry.component ?? "", entry.message, ...fields].join(" ").toLowerCase();
}

/**
 * The last `capacity` log lines in memory, for the System page. Lines are kept as the scrubbed JSON
 * the logger wrote, so nothing can come back that the log itself would not show, and parsed only
 * when asked for.
 */
export function createLogBuffer(capacity = DEFAULT_LOG_BUFFER_LINES): LogBuffer {
  const ring: (Stored | undefined)[] = new Array(capacity);
  let nextSeq = 1;
  return {
    capacity,
    push(level, line) {
      const seq = nextSeq++;
      ring[seq % capacity] = { seq, rank: RANK[level], line };
    },
    query({ level = "debug", limit, before, text }) {
      const min = RANK[level];
      const needle = text?.toLowerCase();
      const entries: LogEntry[] = [];
      const newest = Math.min(nextSeq - 1, (before ?? nextSeq) - 1);
      const oldest = Math.max(1, nextSeq - capacity);
      let seq = newest;
      for (; seq >= oldest; seq--) {
        const stored = ring[seq % capacity];
        if (!stored || stored.seq !== seq || stored.rank < min) continue;
        const entry = toEntry(stored);
        if (needle && !searchableText(entry).includes(needle)) continue;
        if (entries.length === limit) break;
        entries.push(entry);
      }
      // The loop stopped on a match beyond the page: there is an older page, starting below the last entry.
      const more = seq >= oldest && entries.length === limit;
      return { entries, nextBefore: more ? entries[entries.length - 1]!.seq : null };
    },
  };
}
