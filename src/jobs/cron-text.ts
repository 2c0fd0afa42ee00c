import cronstrue from "cronstrue";

/** A cron expression in words ("On the hour, every 6 hours"); the expression itself when cronstrue cannot read it. */
export function describeCron(pattern: string): string {
  try {
    return cronstrue.toString(pattern, { use24HourTimeFormat: true, throwExceptionOnParseError: true });
  } catch {
    return pattern;
  }
}
