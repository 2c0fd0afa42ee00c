import type { NotificationEventName } from "../config/notifications.ts";
import type {
  EventMedia,
  HealthChanged,
  ItemExhausted,
  SubhoundEvent,
  SubtitleSaved,
  SubtitleUpgraded,
} from "../events/bus.ts";
import { languageName } from "../media/languages.ts";

/** One notification, before a service shapes it: every notifier renders the same text its own way. */
export interface NotificationMessage {
  event: NotificationEventName | "test";
  title: string;
  body: string;
  /** `warning` maps to each service's high priority. */
  severity: "info" | "warning";
  at: string;
  /** Label/value pairs (Discord fields, email lines). */
  fields: { name: string; value: string }[];
  /** The event's own data, sent as is by the generic webhook. */
  data: SubtitleSaved | SubtitleUpgraded | ItemExhausted | HealthChanged | null;
}

/** `text` cut to `max` characters (code points), ending with … when cut. */
export function clip(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join("")}…`;
}

const pad = (n: number) => String(n).padStart(2, "0");

/** `Breaking Bad S01E01E02`, `Heat (1995)`. */
export function mediaLabel(media: EventMedia): string {
  if (media.kind === "movie") return media.year ? `${media.title} (${media.year})` : media.title;
  if (media.season === null) return media.title;
  const episodes = media.episodes.map((e) => `E${pad(e)}`).join("");
  return `${media.title} S${pad(media.season)}${episodes}`;
}

function languageLabel(media: EventMedia): string {
  const name = languageName(media.language) ?? media.language;
  return media.variant === "forced" ? `${name} (forced)` : name;
}

function source(saved: SubtitleSaved): string {
  if (saved.provider === "whisper") return "transcribed by Whisper";
  if (saved.provider === "embedded") return "translated from an embedded subtitle";
  const how = saved.manual ? "picked by hand from" : "from";
  return `${how} ${saved.provider} (score ${saved.score})`;
}

function mediaFields(media: EventMedia): NotificationMessage["fields"] {
  return [
    { name: "Language", value: languageLabel(media) },
    { name: "Instance", value: media.instance },
    { name: "Video", value: media.videoPath },
  ];
}

/** "weekly", "daily", "every 3 days". */
function everyDaysText(days: number): string {
  return days === 7 ? "weekly" : days === 1 ? "daily" : `every ${days} days`;
}

/**
 * What the automatic search does after its last attempt, as `wanted/outcome-events.ts` tells it
 * (`searchEveryDays`: search.afterAttemptsEveryDays, 0 when it stops).
 */
function whatFollows(item: ItemExhausted): string {
  if (item.searchEveryDays === 0)
    return "It is no longer searched automatically (search.afterAttemptsEveryDays = 0): search it by hand or raise search.maxAttempts.";
  return `It is searched ${everyDaysText(item.searchEveryDays)} from now on (search.afterAttemptsEveryDays); search it by hand to try sooner.`;
}

/** The message for a bus event, or null for events nobody is notified of. */
export function messageFor(event: SubhoundEvent, at: string): NotificationMessage | null {
  switch (event.type) {
    case "subtitle.saved": {
      const saved = event.data;
      return {
        event: "download",
        title: `Subtitle downloaded: ${mediaLabel(saved)}`,
        body: `${languageLabel(saved)} subtitle ${source(saved)}.\n${saved.path}`,
        severity: "info",
        at,
        fields: [{ name: "Subtitle", value: saved.path }, ...mediaFields(saved)],
        data: saved,
      };
    }
    case "subtitle.upgraded": {
      const up = event.data;
      const before = !up.previous
        ? ""
        : up.previous.machine === "translated"
          ? " It replaces the machine translation Subhound made when no subtitle existed."
          : up.previous.machine === "transcribed"
            ? " It replaces the Whisper transcript Subhound made when no subtitle existed."
            : ` It replaces the one from ${up.previous.provider} (score ${up.previous.score}).`;
      return {
        event: "upgrade",
        title: `Subtitle upgraded: ${mediaLabel(up)}`,
        body: `${languageLabel(up)} subtitle ${source(up)}.${before}\n${up.path}`,
        severity: "info",
        at,
        fields: [{ name: "Subtitle", value: up.path }, ...mediaFields(up)],
        data: up,
      };
    }
    case "item.exhausted": {
      const item = event.data;
      return {
        event: "failure",
        title: `No subtitle found: ${mediaLabel(item)}`,
        body: `${languageLabel(item)}: none found in ${item.attempts} attempts (${item.reason}). ${whatFollows(item)}`,
        severity: "warning",
        at,
        fields: [{ name: "Last error", value: item.reason }, ...mediaFields(item)],
        data: item,
      };
    }
    case "health.changed": {
      const health = event.data;
      const worse = health.changes.some((c) => rank(c.to) > rank(c.from));
      const first = health.changes[0]!;
      const title =
        health.changes.length === 1
          ? `Health: ${first.subsystem} is ${first.to}`
          : `Health: ${health.changes.length} subsystems changed`;
      return {
        event: "health",
        title,
        body: health.changes.map((c) => `${c.subsystem}: ${c.from} → ${c.to} (${c.message})`).join("\n"),
        severity: worse ? "warning" : "info",
        at,
        fields: health.changes.map((c) => ({
          name: c.subsystem,
          value: `${c.from} → ${c.to}: ${c.message}`,
        })),
        data: health,
      };
    }
    default:
      return null;
  }
}

function rank(level: string): number {
  return level === "down" ? 2 : level === "degraded" ? 1 : 0;
}

export function testMessage(notifier: string, at: string): NotificationMessage {
  return {
    event: "test",
    title: "Subhound test notification",
    body: `If you can read this, the notifier "${notifier}" works.`,
    severity: "info",
    at,
    fields: [],
    data: null,
  };
}

/** `text` cut to at most `maxBytes` of UTF-8 (ntfy counts bytes), ending with … when cut. */
export function clipBytes(text: string, maxBytes: number): string {
  const encoder = new TextEncoder();
  if (encoder.encode(text).length <= maxBytes) return text;
  const chars = [...text];
  let bytes = 3; // the ellipsis
  let end = 0;
  while (end < chars.length && bytes + encoder.encode(chars[end]!).length <= maxBytes) {
    bytes += encoder.encode(chars[end]!).length;
    end++;
  }
  return `${chars.slice(0, end).join("")}…`;
}
