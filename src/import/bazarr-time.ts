/**
 * How to read Bazarr's timestamps. Bazarr stores `datetime.now()`: the wall-clock time of the machine
 * (or container) it ran on, without a zone. `local` reads it in this machine's zone, which is right
 * when both run with the same `TZ`; a container without `TZ` keeps UTC.
 */
export type BazarrTimezone = { kind: "local" } | { kind: "offset"; minutes: number };

/** `local`, `UTC`, or an offset east of UTC such as `+02:00` / `-0500`; null for anything else. */
export function parseBazarrTimezone(text: string): BazarrTimezone | null {
  const value = text.trim();
  if (value.toLowerCase() === "local") return { kind: "local" };
  if (/^(utc|z|gmt)$/i.test(value)) return { kind: "offset", minutes: 0 };
  const m = /^([+-])(\d{2}):?(\d{2})$/.exec(value);
  if (!m) return null;
  const minutes = Number(m[2]) * 60 + Number(m[3]);
  if (Number(m[2]) > 14 || Number(m[3]) > 59) return null;
  return { kind: "offset", minutes: m[1] === "-" ? -minutes : minutes };
}

const WALL_CLOCK =
  /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * The instant a Bazarr timestamp names, or null when it cannot be read. SQLAlchemy's DateTime is
 * text ("2024-03-01 20:15:42.123456"); databases from before Bazarr 1.0 kept Unix seconds.
 */
export function parseBazarrTime(value: unknown, zone: BazarrTimezone): Date | null {
  if (typeof value === "number" && Number.isFinite(value)) return new Date(value * 1000);
  if (typeof value !== "string") return null;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return new Date(Number(text) * 1000);
  const m = WALL_CLOCK.exec(text);
  if (!m) return null;
  const [year, month, day, hour, minute] = [m[1], m[2], m[3], m[4], m[5]].map(Number) as number[];
  const second = Number(m[6] ?? 0);
  const ms = Math.floor(Number(`0.${m[7] ?? "0"}`) * 1000);
  let time: number;
  if (m[8] !== undefined) {
    const given = m[8] === "Z" ? { kind: "offset" as const, minutes: 0 } : parseBazarrTimezone(m[8]);
    if (given?.kind !== "offset") return null;
    time = Date.UTC(year!, month! - 1, day, hour, minute, second, ms) - given.minutes * 60_000;
  } else if (zone.kind === "local") {
    time = new Date(year!, month! - 1, day, hour, minute, second, ms).getTime();
  } else {
    time = Date.UTC(year!, month! - 1, day, hour, minute, second, ms) - zone.minutes * 60_000;
  }
  return Number.isNaN(time) ? null : new Date(time);
}
