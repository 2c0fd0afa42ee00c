import type { QueryClient } from "@tanstack/preact-query";
import { createStore } from "../app/store.ts";
import { type Schemas, urlBase } from "./client.ts";
import { type Area, keys } from "./query-keys.ts";

export type ScanProgress = Schemas["ScanProgress"];
export type SearchProgress = Schemas["SearchRun"];

/** What the one event stream last told: connection state and the latest scan/search progress. */
export interface LiveState {
  connection: "connecting" | "open" | "error";
  scan: ScanProgress | null;
  search: SearchProgress | null;
}

export const live = createStore<LiveState>({ connection: "connecting", scan: null, search: null });

/** Which query areas each event type makes stale. Pages add nothing here: they key their queries by area. */
const INVALIDATES: Record<string, Area[]> = {
  // The Tasks page shows a running job's progress from its listing.
  "scan.progress": ["activity", "tasks"],
  "search.progress": ["activity", "tasks"],
  "item.status": ["wanted", "history"],
  "job.started": ["tasks"],
  "job.run": ["tasks"],
  "webhook.received": ["wanted"],
  // An upgrade job run saves subtitles without a search run's progress events.
  "subtitle.upgraded": ["history", "wanted"],
  // Another tab's or the notifier's check saw a subsystem go down or come back.
  "health.changed": ["health"],
};
/** Finished runs change the counts and lists they worked on. */
const ON_FINISH: Record<string, Area[]> = {
  "scan.progress": ["wanted", "health", "tasks"],
  "search.progress": ["wanted", "history", "providers", "tasks"],
};
/** A scan publishes progress many times a second; refetching follows at most once a second. */
const INVALIDATE_EVERY_MS = 1000;

/**
 * Opens the one SSE connection (`/api/v1/events`) and turns its events into cache invalidations.
 * EventSource reconnects by itself and sends Last-Event-ID, so nothing published meanwhile is lost.
 * Returns the function that closes it.
 */
export function connectLiveEvents(client: QueryClient): () => void {
  const pending = new Set<Area>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let lastFlush = 0;
  const flush = () => {
    timer = undefined;
    lastFlush = Date.now();
    for (const area of pending) void client.invalidateQueries({ queryKey: [area] });
    pending.clear();
  };
  const invalidate = (areas: Area[]) => {
    for (const area of areas) pending.add(area);
    if (timer === undefined)
      timer = setTimeout(flush, Math.max(0, lastFlush + INVALIDATE_EVERY_MS - Date.now()));
  };

  const source = new EventSource(`${urlBase}/api/v1/events`, { withCredentials: true });
  let lost = false;
  source.onopen = () => {
    live.set((s) => ({ ...s, connection: "open" }));
    // Back after a drop: a stream that had sent no event yet reconnects without Last-Event-ID, and the
    // replay buffer is finite, so what happened meanwhile may never arrive. Everything shown is refetched.
    if (lost) void client.invalidateQueries();
    lost = false;
  };
  source.onerror = () => {
    lost = true;
    live.set((s) => ({ ...s, connection: "error" }));
    // Closed for good (e.g. 401 after the session ended): the auth state decides what comes next.
    if (source.readyState === EventSource.CLOSED) void client.invalidateQueries({ queryKey: keys.auth });
  };
  const listen = (type: string, onData?: (data: unknown) => boolean) => {
    source.addEventListener(type, (event) => {
      let data: unknown = null;
      try {
        data = JSON.parse((event as MessageEvent<string>).data);
      } catch {
        return;
      }
      const finished = onData?.(data) ?? false;
      invalidate([...(INVALIDATES[type] ?? []), ...(finished ? (ON_FINISH[type] ?? []) : [])]);
    });
  };
  // What the running scan had changed when last told: each commit that moves it refetches the wanted
  // list, so a long first scan fills the Wanted page as it goes rather than at its end.
  let told = { scanId: -1, changed: 0 };
  listen("scan.progress", (data) => {
    const scan = data as ScanProgress;
    live.set((s) => ({ ...s, scan }));
    const running = scan.status === "running";
    if (running && (scan.scanId !== told.scanId || scan.changed !== told.changed)) {
      if (scan.changed > 0) invalidate(["wanted"]);
      told = { scanId: scan.scanId, changed: scan.changed };
    }
    return !running;
  });
  listen("search.progress", (data) => {
    const search = data as SearchProgress;
    live.set((s) => ({ ...s, search }));
    return search.status !== "running";
  });
  listen("item.status");
  listen("job.started");
  listen("job.run");
  listen("webhook.received");
  listen("subtitle.upgraded");
  listen("health.changed");
  // The server cannot replay what this tab missed (it restarted, or more happened than it keeps):
  // everything shown is refetched.
  source.addEventListener("resync", () => void client.invalidateQueries());
  return () => {
    source.close();
    if (timer !== undefined) clearTimeout(timer);
  };
}
