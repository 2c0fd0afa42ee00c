import type { Database } from "bun:sqlite";

export interface DailyDownloads {
  /** UTC calendar day, YYYY-MM-DD. */
  date: string;
  downloaded: number;
  /** Made by the translation fallback. */
  translated: number;
  /** Made by the Whisper fallback. */
  transcribed: number;
}

/** Subtitles saved per UTC day for the `days` days ending with `now`'s day, days without any included. */
export function downloadsPerDay(sqlite: Database, now: Date, days: number): DailyDownloads[] {
  const end = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const dates = Array.from({ length: days }, (_, i) =>
    new Date(end - (days - 1 - i) * 86_400_000).toISOString().slice(0, 10),
  );
  // created_at is ISO UTC, so its first ten characters are the day; the created_at index bounds the scan.
  const rows = sqlite
    .query<{ day: string; action: string; n: number }, [string]>(
      `SELECT substr(created_at, 1, 10) AS day, action, count(*) AS n FROM subtitle_history
       WHERE created_at >= ? GROUP BY 1, 2`,
    )
    .all(`${dates[0]}T00:00:00.000Z`);
  const byDay = new Map(dates.map((date) => [date, { date, downloaded: 0, translated: 0, transcribed: 0 }]));
  for (const row of rows) {
    const day = byDay.get(row.day);
    if (!day) continue;
    if (row.action === "translated") day.translated += row.n;
    else if (row.action === "transcribed") day.transcribed += row.n;
    else day.downloaded += row.n;
  }
  return [...byDay.values()];
}
