const numberFormat = new Intl.NumberFormat();

export const formatNumber = (n: number) => numberFormat.format(n);

const pad = (n: number) => String(n).padStart(2, "0");

/** "S01E02", "S01E02-E03", "E12" (no season), or "" for a movie (null season, no episodes). */
export function episodeCode(season: number | null, episodes: readonly number[]): string {
  const codes = episodes.length ? `E${episodes.map(pad).join("-E")}` : "";
  return season === null ? codes : `S${pad(season)}${codes}`;
}

/** "The Expanse S02E03", or a movie's title alone: what a saved subtitle was for. */
export function titleWithEpisode(entry: {
  title: string;
  season: number | null;
  episodes: readonly number[];
}): string {
  const code = episodeCode(entry.season, entry.episodes);
  return code ? `${entry.title} ${code}` : entry.title;
}

/** "subtitle sync" → "Subtitle sync": a name made of words, as a title. */
export const sentenceCase = (words: string) => words.replace(/^./, (c) => c.toUpperCase());

export function formatBytes(bytes: number): string {
  const units = ["B", "KB", "MB", "GB", "TB"];
  let value = bytes;
  let unit = 0;
  while (Math.abs(value) >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(unit === 0 || value >= 100 ? 0 : 1)} ${units[unit]}`;
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(s < 10 ? 1 : 0)} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${Math.round(s % 60)} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

const relative = new Intl.RelativeTimeFormat(undefined, { numeric: "auto", style: "short" });
const STEPS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["second", 60],
  ["minute", 60],
  ["hour", 24],
  ["day", 30],
  ["month", 12],
  ["year", Number.POSITIVE_INFINITY],
];

/** "3 hr. ago", "in 5 min." — relative to `now`. */
export function formatRelative(date: Date, now = new Date()): string {
  let value = (date.getTime() - now.getTime()) / 1000;
  for (const [unit, size] of STEPS) {
    if (Math.abs(value) < size) return relative.format(Math.round(value), unit);
    value /= size;
  }
  return date.toLocaleString();
}

const exact = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "medium" });
export const formatExact = (date: Date) => exact.format(date);
