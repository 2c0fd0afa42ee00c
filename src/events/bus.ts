/** The video a saved subtitle or a failed search was for. */
export interface EventMedia {
  itemId: number;
  instance: string;
  kind: "episode" | "movie";
  title: string;
  season: number | null;
  episodes: number[];
  year: number | null;
  language: string;
  variant: "full" | "forced";
  videoPath: string;
}

/** A subtitle Subhound wrote: downloaded, picked by hand, translated or transcribed. */
export interface SubtitleSaved extends EventMedia {
  path: string;
  provider: string;
  score: number;
  manual: boolean;
}

/** A subtitle replaced by a better one (the subtitle-upgrade job, `wanted/upgrade.ts`). */
export interface SubtitleUpgraded extends SubtitleSaved {
  /** `machine`: the one replaced was the translation or Whisper fallback's, not a provider's. */
  previous: { provider: string; score: number; machine?: "translated" | "transcribed" | null } | null;
}

/** An item whose attempts at the backoff pace ran out without a subtitle. */
export interface ItemExhausted extends EventMedia {
  attempts: number;
  reason: string;
  /** How the automatic search goes on: every this many days (search.afterAttemptsEveryDays), or no more when 0. */
  searchEveryDays: number;
}

export type HealthLevel = "ok" | "degraded" | "down";

/** Subsystems whose level changed and held for consecutive health reports. */
export interface HealthChanged {
  status: string;
  changes: { subsystem: string; from: HealthLevel; to: HealthLevel; message: string }[];
}

/** Everything the API streams to clients at GET /api/v1/events. */
export type SubhoundEvent =
  | { type: "scan.progress"; data: unknown }
  | { type: "search.progress"; data: unknown }
  | { type: "item.status"; data: { id: number; status: string; language?: string; path?: string } }
  | { type: "job.started"; data: unknown }
  | { type: "job.run"; data: unknown }
  | { type: "webhook.received"; data: unknown }
  | { type: "subtitle.saved"; data: SubtitleSaved }
  | { type: "subtitle.upgraded"; data: SubtitleUpgraded }
  | { type: "item.exhausted"; data: ItemExhausted }
  | { type: "health.changed"; data: HealthChanged };

export interface PublishedEvent {
  /**
   * Increasing, also across restarts (see `createEventBus`), so a client can resume with
   * Last-Event-ID and an id from before a restart is never mistaken for one of this process.
   */
  id: number;
  at: string;
  event: SubhoundEvent;
}

/** What a reconnecting client gets for its Last-Event-ID. */
export interface Resumption {
  /** The events after the id, when the replay buffer still holds every one of them. */
  events: PublishedEvent[];
  /**
   * Set when the client cannot catch up from the buffer: its id is older than the buffer, or not
   * one of this process's (an earlier run of the server). It must reload what it shows.
   */
  resync: { reason: string; lastId: number } | null;
}

export interface EventBus {
  publish(event: SubhoundEvent): PublishedEvent;
  /** Calls `listener` for every later event; returns the unsubscribe function. */
  subscribe(listener: (e: PublishedEvent) => void): () => void;
  /** Events after `id` still in the replay buffer (for a reconnecting client). */
  since(id: number): PublishedEvent[];
  /** The events after `lastEventId`, or why the client has to resync instead. */
  resume(lastEventId: number): Resumption;
  /**
   * The server is stopping: `onClose` listeners are told (at once when it is already closed), so an
   * open event stream ends instead of holding the stop for its whole grace period.
   */
  close(): void;
  onClose(listener: () => void): () => void;
}

/**
 * In-process pub/sub with a short replay buffer; a slow or failing listener never blocks a publisher.
 * Ids start at `firstId`, by default the start time in microseconds: the ids of a restarted server
 * continue above those of the run before (a browser tab reconnects with the last id it saw), and
 * stay far below 2^53.
 */
export function createEventBus(
  options: { now?: () => Date; replay?: number; firstId?: number } = {},
): EventBus {
  const now = options.now ?? (() => new Date());
  const replay = options.replay ?? 256;
  const firstId = options.firstId ?? now().getTime() * 1000;
  const listeners = new Set<(e: PublishedEvent) => void>();
  const closeListeners = new Set<() => void>();
  let closed = false;
  const buffer: PublishedEvent[] = [];
  let nextId = firstId;
  const since = (id: number) => buffer.filter((e) => e.id > id);
  return {
    publish(event) {
      const published = { id: nextId++, at: now().toISOString(), event };
      buffer.push(published);
      if (buffer.length > replay) buffer.shift();
      for (const listener of listeners) {
        try {
          listener(published);
        } catch {
          // A broken subscriber (a closed SSE stream) must not break scans and searches.
        }
      }
      return published;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    since,
    close() {
      if (closed) return;
      closed = true;
      for (const listener of [...closeListeners]) listener();
      closeListeners.clear();
    },
    onClose(listener) {
      if (closed) {
        listener();
        return () => {};
      }
      closeListeners.add(listener);
      return () => closeListeners.delete(listener);
    },
    resume(requested) {
      const lastId = nextId - 1;
      // 0 asks for everything since the start (EventSource never sends it: no event has id 0).
      const lastEventId = requested === 0 ? firstId - 1 : requested;
      if (lastEventId > lastId || lastEventId < firstId - 1) {
        return { events: [], resync: { reason: "the server restarted since that event", lastId } };
      }
      const oldest = buffer[0]?.id ?? nextId;
      if (lastEventId < oldest - 1) {
        return {
          events: [],
          resync: { reason: "more events happened than the server keeps for a reconnect", lastId },
        };
      }
      return { events: since(lastEventId), resync: null };
    },
  };
}
