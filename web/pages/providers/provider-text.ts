import { formatDuration } from "../../app/format.ts";
import type { Tone } from "../../components/status-pill.tsx";

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
