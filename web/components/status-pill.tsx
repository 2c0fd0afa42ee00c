import type { ComponentChildren } from "preact";

export type Tone = "ok" | "warn" | "danger" | "info" | "muted";

/** The status vocabulary of the API mapped to a tone; the text is always shown, never colour alone. */
const TONES: Record<string, Tone> = {
  ok: "ok",
  healthy: "ok",
  resolved: "ok",
  found: "ok",
  success: "ok",
  succeeded: "ok",
  completed: "ok",
  enabled: "ok",
  wanted: "warn",
  degraded: "warn",
  not_found: "warn",
  "half-open": "warn",
  searching: "info",
  running: "info",
  queued: "info",
  ignored: "muted",
  disabled: "muted",
  cancelled: "muted",
  interrupted: "muted",
  failed: "danger",
  failure: "danger",
  unhealthy: "danger",
  open: "danger",
  error: "danger",
};

export function toneOf(status: string): Tone {
  return TONES[status] ?? "muted";
}

export function StatusPill({
  status,
  tone,
  children,
}: {
  status: string;
  tone?: Tone;
  children?: ComponentChildren;
}) {
  return (
    <span class="pill" data-tone={tone ?? toneOf(status)}>
      {children ?? status.replaceAll("_", " ")}
    </span>
  );
}
