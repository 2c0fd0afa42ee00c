import { perConfig } from "./config/config-version.ts";
import { secretValues } from "./config/redact.ts";
import type { Config } from "./config/schema.ts";
import { createScrubber } from "./config/scrub.ts";
import type { LogBuffer } from "./log-buffer.ts";
import { stderrIsTTY, writeStderr } from "./stderr.ts";

export type LogLevel = "debug" | "info" | "warn" | "error";
const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** How many causes deep an error is followed; a longer (or circular) chain ends with a note. */
export const MAX_CAUSE_DEPTH = 5;
/** How deep fields are walked for errors and secrets; deeper values are replaced by a note. */
const MAX_FIELD_DEPTH = 8;
/** An AggregateError's first errors are enough to see what failed. */
const MAX_AGGREGATED = 10;

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  child(fields: Record<string, unknown>): Logger;
}

export interface LoggerOptions {
  /** At `debug`, logged errors carry their stack (and their causes' stacks). */
  level?: LogLevel;
  /** `auto`: JSON lines unless stderr is a terminal. */
  format?: "auto" | "json" | "pretty";
  /**
   * Values that must never be written (API keys, passwords); replaced by `***`. A function is asked
   * on every line, so secrets a reload brings are scrubbed too (return the same array while
   * nothing changed: the scrubber is rebuilt only when it is a new one).
   */
  secrets?: readonly string[] | (() => readonly string[]);
  write?: (line: string) => void;
  now?: () => Date;
  /** Also keeps every written line here (the System page's recent log), scrubbed like the line itself. */
  buffer?: LogBuffer;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== "object" || v === null) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

interface Walk {
  stacks: boolean;
  scrub: (s: string) => string;
}

/**
 * An error as data: name, message, its own scalar fields (`code`, `status`…), the stack when
 * asked for, and its `cause` chain (JSON.stringify would write `{}` for all of it).
 */
function serializeError(e: Error, walk: Walk, causeDepth: number, depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = { name: walk.scrub(e.name), message: walk.scrub(e.message) };
  for (const [key, value] of Object.entries(e)) {
    if (key in out || key === "cause" || key === "stack") continue;
    if (typeof value === "string") out[key] = walk.scrub(value);
    else if (typeof value === "number" || typeof value === "boolean") out[key] = value;
  }
  if (walk.stacks && typeof e.stack === "string") out.stack = walk.scrub(e.stack);
  if (e instanceof AggregateError && Array.isArray(e.errors)) {
    out.errors = e.errors
      .slice(0, MAX_AGGREGATED)
      .map((inner) => loggable(inner, walk, causeDepth + 1, depth + 1));
  }
  if (e.cause !== undefined) {
    out.cause =
      causeDepth >= MAX_CAUSE_DEPTH
        ? `(cause chain cut after ${MAX_CAUSE_DEPTH} levels)`
        : loggable(e.cause, walk, causeDepth + 1, depth + 1);
  }
  return out;
}

/** A value ready for JSON: errors serialized and every string scrubbed, however deep they sit. */
function loggable(value: unknown, walk: Walk, causeDepth: number, depth: number): unknown {
  if (typeof value === "string") return walk.scrub(value);
  if (typeof value !== "object" || value === null) return value;
  if (depth > MAX_FIELD_DEPTH) return "(nested too deep to log)";
  if (value instanceof Error) return serializeError(value, walk, causeDepth, depth);
  if (Array.isArray(value)) return value.map((v) => loggable(v, walk, causeDepth, depth + 1));
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = loggable(v, walk, causeDepth, depth + 1);
  return out;
}

function scrubberOf(secrets: readonly string[] | (() => readonly string[])): (text: string) => string {
  if (typeof secrets !== "function") return createScrubber(secrets);
  let list: readonly string[] | null = null;
  let scrub: (text: string) => string = (text) => text;
  return (text) => {
    const current = secrets();
    if (current !== list) {
      list = current;
      scrub = createScrubber(current);
    }
    return scrub(text);
  };
}

/** The config's secrets, listed again after each reload (`configChanged`). */
const secretsOf = perConfig(secretValues);

/** Structured logger: one JSON object per line for journald/Docker, a short readable line on a TTY. */
export function createLogger(options: LoggerOptions = {}): Logger {
  const level = options.level ?? "info";
  const min = RANK[level];
  const format = options.format ?? "auto";
  const write = options.write ?? ((line: string) => writeStderr(`${line}\n`));
  const pretty = format === "pretty" || (format === "auto" && stderrIsTTY());
  const now = options.now ?? (() => new Date());
  const scrub = scrubberOf(options.secrets ?? []);
  const walk: Walk = { stacks: level === "debug", scrub };

  const make = (bound: Record<string, unknown>): Logger => {
    const emit = (level: LogLevel, msg: string, fields?: Record<string, unknown>) => {
      if (RANK[level] < min) return;
      const all: Record<string, unknown> = {};
      for (const [k, v] of Object.entries({ ...bound, ...fields })) all[k] = loggable(v, walk, 0, 1);
      // Keys and objects that are not walked (a URL serializes with its userinfo) need the line scrubbed too.
      const at = now();
      const json =
        !pretty || options.buffer
          ? scrub(JSON.stringify({ time: at.toISOString(), level, msg: scrub(msg), ...all }))
          : "";
      if (pretty) {
        const extra = Object.keys(all).length ? ` ${JSON.stringify(all)}` : "";
        write(
          scrub(`${at.toISOString().slice(11, 19)} ${level.toUpperCase().padEnd(5)} ${scrub(msg)}${extra}`),
        );
      } else {
        write(json);
      }
      options.buffer?.push(level, json);
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

/** `write` lets a CLI command keep log lines out of its progress line; `buffer` keeps the recent lines for the API. */
export function loggerFor(config: Config, write?: (line: string) => void, buffer?: LogBuffer): Logger {
  return createLogger({
    level: config.log.level,
    format: config.log.format,
    // A reload copies new keys and passwords into this same object: they are scrubbed from then on.
    secrets: () => secretsOf(config),
    ...(write ? { write } : {}),
    ...(buffer ? { buffer } : {}),
  });
}
