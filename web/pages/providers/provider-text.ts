import { formatDuration } from "../../app/format.ts";
import type { Tone } from "../../components/status-pill.tsx";

const TITLES: Record<string, string> = {
  opensubtitles: "OpenSubtitles",
  subdl: "SubDL",
  jimaku: "Jimaku",
  animetosho: "AnimeTosho",
  podnapisi: "Podnapisi",
  gestdown: "Gestdown",
};

/** What each provider is good for (README's provider table), so a disabled card says why to enable it. */
const GOOD_FOR: Record<string, string> = {
  opensubtitles: "Movies and TV; matches by file hash",
  subdl: "Movies and TV",
  jimaku: "Anime, Japanese",
  animetosho: "Anime; needs AniDB episode ids",
  podnapisi: "Movies and TV, many languages; no account needed",
  gestdown: "TV (Addic7ed's subtitles); no account needed",
};

export const providerTitle = (name: string) => TITLES[name] ?? name;
export const providerGoodFor = (name: string) => GOOD_FOR[name] ?? "";

/** "5 requests per second", "30 requests per 10 s". */
export function formatRate(requests: number, perMs: number): string {
  const per = perMs === 1000 ? "second" : perMs === 60_000 ? "minute" : formatDuration(perMs);
  return `${requests} ${requests === 1 ? "request" : "requests"} per ${per}`;
}

export const envEnabled = (name: string) => `SUBHOUND_PROVIDERS__${name.toUpperCase()}__ENABLED=true`;

export interface BreakerView {
  text: string;
  tone: Tone;
}

export function breakerView(state: "closed" | "open" | "half-open"): BreakerView {
  if (state === "open") return { text: "Breaker open", tone: "danger" };
  if (state === "half-open") return { text: "Breaker half-open", tone: "warn" };
  return { text: "Breaker closed", tone: "ok" };
}
