import { afterEach } from "bun:test";
import { notificationsSchema } from "../../src/config/notifications.ts";
import type { SubhoundEvent } from "../../src/events/bus.ts";
import { type RemoteDeps, resolveDeps } from "../../src/net/remote.ts";
import { messageFor, type NotificationMessage } from "../../src/notifications/message.ts";
import type { Notifier } from "../../src/notifications/notifier.ts";
import { createNotifier } from "../../src/notifications/notifiers.ts";
import { FAKE_SMTP_CERT } from "../fakes/smtp.ts";

export const AT = "2026-11-24T10:00:00.000Z";

/**
 * What the calling test file's tests started, undone after each test, newest first: `track` a fake
 * to have it stopped, or push any other cleanup.
 */
export function stopsAfterEach() {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  const track = <T extends { stop(): Promise<void> }>(fake: T): T => {
    cleanups.push(() => fake.stop());
    return fake;
  };
  return { cleanups, track };
}

/** One `[[notifications]]` table, parsed as the config loader would. */
export function notifierConfig(input: Record<string, unknown>) {
  return notificationsSchema.parse([input])[0]!;
}

/** A notifier over real HTTP whose waits are recorded instead of slept. */
export function notifierFor(input: Record<string, unknown>, remote: RemoteDeps = {}) {
  const waits: number[] = [];
  const deps = resolveDeps({
    sleep: async (ms) => {
      waits.push(ms);
    },
    ...remote,
  });
  const notifier: Notifier = createNotifier(notifierConfig(input), deps, { tls: { ca: FAKE_SMTP_CERT } });
  return { notifier, waits };
}

const media = {
  itemId: 7,
  instance: "main",
  kind: "episode" as const,
  title: "Breaking Bad",
  season: 1,
  episodes: [2],
  year: 2008,
  language: "de",
  variant: "full" as const,
  videoPath: "/tv/Breaking Bad/Season 01/Breaking.Bad.S01E02.mkv",
};

export const EVENTS = {
  saved: {
    type: "subtitle.saved",
    data: {
      ...media,
      path: "/tv/Breaking Bad/Season 01/Breaking.Bad.S01E02.de.srt",
      provider: "opensubtitles",
      score: 87,
      manual: false,
    },
  },
  upgraded: {
    type: "subtitle.upgraded",
    data: {
      ...media,
      path: "/tv/Breaking Bad/Season 01/Breaking.Bad.S01E02.de.ass",
      provider: "jimaku",
      score: 95,
      manual: false,
      previous: { provider: "opensubtitles", score: 60 },
    },
  },
  exhausted: {
    type: "item.exhausted",
    data: { ...media, attempts: 10, reason: "no subtitle found", searchEveryDays: 7 },
  },
  health: {
    type: "health.changed",
    data: {
      status: "degraded",
      changes: [
        {
          subsystem: "arr_connectivity",
          from: "ok",
          to: "down",
          message: "sonarr main: timed out after 5000 ms",
        },
      ],
    },
  },
} satisfies Record<string, SubhoundEvent>;

export function message(event: SubhoundEvent): NotificationMessage {
  return messageFor(event, AT)!;
}
