/** Everything the API streams to clients at GET /api/v1/events. */
export type SubhoundEvent =
  | { type: "scan.progress"; data: unknown }
  | { type: "search.progress"; data: unknown }
  | { type: "item.status"; data: { id: number; status: string; language?: string; path?: string } }
  | { type: "job.started"; data: unknown }
  | { type: "job.run"; data: unknown }
  | { type: "webhook.received"; data: unknown };

export interface PublishedEvent {
  /** Increasing per process, so a client can resume with Last-Event-ID. */
  id: number;
  at: string;
  event: SubhoundEvent;
}

export interface EventBus {
  publish(event: SubhoundEvent): PublishedEvent;
  /** Calls `listener` for every later event; returns the unsubscribe function. */
  subscribe(listener: (e: PublishedEvent) => void): () => void;
  /** Events after `id` still in the replay buffer (for a reconnecting client). */
  since(id: number): PublishedEvent[];
}

/** In-process pub/sub with a short replay buffer; a slow or failing listener never blocks a publisher. */
export function createEventBus(options: { now?: () => Date; replay?: number } = {}): EventBus {
  const now = options.now ?? (() => new Date());
  const replay = options.replay ?? 256;
  const listeners = new Set<(e: PublishedEvent) => void>();
  const buffer: PublishedEvent[] = [];
  let nextId = 1;
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
    since(id) {
      return buffer.filter((e) => e.id > id);
    },
  };
}
