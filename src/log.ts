import { redactUrlUserinfo } from "./config/redact.ts";

export type LogLevel = "debug" | "info" | "warn" | "error";
const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  child(fields: Record<string, unknown>): Logger;
}

export interface LoggerOptions {
  level?: LogLevel;
  /** `auto`: JSON lines unless stderr is a terminal. */
  format?: "auto" | "json" | "pretty";
  /** Values that must never be written (API keys, passwords); replaced by `***`. */
  secrets?: readonly string[];
  write?: (line: string) => void;
  now?: () => Date;
}

function scrubber(secrets: readonly string[]): (s: string) => string {
  const list = [...new Set(secrets.filter((s) => s.length >= 4))].sort((a, b) => b.length - a.length);
  return (s) => {
    let out = redactUrlUserinfo(s);
    for (const secret of list) if (out.includes(secret)) out = out.split(secret).join("***");
    return out;
  };
}

function serializeError(e: unknown): unknown {
  if (e instanceof Error) return { name: e.name, message: e.message };
  return e;
}

/** Structured logger: one JSON object per line for journald/Docker, a short readable line on a TTY. */
export function createLogger(options: LoggerOptions = {}): Logger {
  const min = RANK[options.level ?? "info"];
  const format = options.format ?? "auto";
  const pretty = format === "pretty" || (format === "auto" && process.stderr.isTTY === true);
  const write = options.write ?? ((line: string) => process.stderr.write(`${line}\n`));
  const now = options.now ?? (() => new Date());
  const scrub = scrubber(options.secrets ?? []);

  const make = (bound: Record<string, unknown>): Logger => {
    const emit = (level: LogLevel, msg: string, fields?: Record<string, unknown>) => {
      if (RANK[level] < min) return;
      const all: Record<string, unknown> = { ...bound, ...fields };
      for (const [k, v] of Object.entries(all)) if (v instanceof Error) all[k] = serializeError(v);
      if (pretty) {
        const extra = Object.keys(all).length ? ` ${JSON.stringify(all)}` : "";
        write(scrub(`${now().toISOString().slice(11, 19)} ${level.toUpperCase().padEnd(5)} ${msg}${extra}`));
      } else {
        write(scrub(JSON.stringify({ time: now().toISOString(), level, msg, ...all })));
      }
    };
    return {
      debug: (m, f) => emit("debug", m, f),
      info: (m, f) => emit("info", m, f),
      warn: (m, f) => emit("warn", m, f),
      error: (m, f) => emit("error", m, f),
      child: (f) => make({ ...bound, ...f }),
    };
  };
  return make({});
}

/** For tests and library code that must not print. */
export const silentLogger: Logger = createLogger({ level: "error", write: () => {} });
