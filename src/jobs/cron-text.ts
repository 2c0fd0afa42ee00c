import type cronstrueModule from "cronstrue";

// Loaded on first use (the Tasks page asks): its module costs ~40 ms of every start otherwise.
let cronstrue: typeof cronstrueModule | undefined;

/** A cron expression in words ("On the hour, every 6 hours"); the expression itself when cronstrue cannot read it. */
export function describeCron(pattern: string): string {
  cronstrue ??= (require("cronstrue") as { default: typeof cronstrueModule }).default;
  try {
    return cronstrue.toString(pattern, { use24HourTimeFormat: true, throwExceptionOnParseError: true });
  } catch {
    return pattern;
  }
}
