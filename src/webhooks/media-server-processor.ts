import type { Clock } from "../clock.ts";
import type { Config } from "../config/schema.ts";
import type { EventBus } from "../events/bus.ts";
import type { Logger } from "../log.ts";
import type { MediaServerClient } from "../mediaservers/types.ts";
import type { Scanner } from "../wanted/scanner.ts";
import type { Searcher } from "../wanted/search.ts";
import type {
  JellyfinWebhook,
  MediaServerWebhookAccepted,
  PlexWebhookPayload,
} from "./media-server-webhook.schemas.ts";
import { scanWhenFree } from "./scan-when-free.ts";

export type MediaServerWebhookKind = "plex" | "jellyfin";

export type MediaServerDelivery =
  | { kind: "plex"; payload: PlexWebhookPayload; server?: string }
  | { kind: "jellyfin"; payload: JellyfinWebhook; server?: string };

export interface MediaServerWebhookDeps {
  scanner: Pick<Scanner, "start" | "whenIdle">;
  searcher: Pick<Searcher, "start">;
  /** The configured media servers (read on each delivery: a reload may replace them). */
  servers: () => readonly MediaServerClient[];
  /** Wanted items of the files at or below a path, for the search after the scan. */
  wantedUnder: (path: string) => number[];
  config: Pick<Config, "webhooks">;
  clock: Clock;
  log: Logger;
  events: EventBus;
  /** Why a search must not run now (no provider): the search after the scan is skipped. */
  searchRefusal?: () => string | null;
}

export interface MediaServerWebhookProcessor {
  /** Classifies the delivery, publishes `webhook.received` and queues its work; never throws. */
  enqueue(delivery: MediaServerDelivery): Omit<MediaServerWebhookAccepted, "accepted">;
  whenIdle(): Promise<void>;
  stop(): Promise<void>;
}

interface Plan {
  kind: MediaServerWebhookKind;
  event: string;
  itemId: string | null;
  server: MediaServerClient | null;
}

/** Plex's `library.new` and Jellyfin's `ItemAdded` are the only events that bring new files. */
function itemAdded(delivery: MediaServerDelivery): { event: string; itemId: string | null } | null {
  if (delivery.kind === "plex") {
    const { event, Metadata } = delivery.payload;
    if (event !== "library.new") return null;
    const key = Metadata?.ratingKey;
    return { event, itemId: key === undefined || key === null || key === "" ? null : String(key) };
  }
  const { NotificationType, ItemId } = delivery.payload;
  if (NotificationType.toLowerCase() !== "itemadded") return null;
  return { event: NotificationType, itemId: ItemId?.trim() || null };
}

function eventOf(delivery: MediaServerDelivery): string {
  return delivery.kind === "plex" ? delivery.payload.event : delivery.payload.NotificationType;
}

/** `?server=` first, then the name the server gives itself, then the only (or first) one of that type. */
function resolveServer(
  servers: readonly MediaServerClient[],
  delivery: MediaServerDelivery,
): MediaServerClient | null {
  const ofType = servers.filter((s) => s.type === delivery.kind);
  const said =
    delivery.server ??
    (delivery.kind === "plex" ? delivery.payload.Server?.title : delivery.payload.ServerName);
  const wanted = said?.trim().toLowerCase();
  return (wanted ? ofType.find((s) => s.name.toLowerCase() === wanted) : undefined) ?? ofType[0] ?? null;
}

/**
 * The background half of `POST /webhooks/{plex,jellyfin}`: a new item is looked up on the media
 * server (only the server knows its path), mapped to Subhound's view, scanned, and its wanted
 * items searched — the trigger for libraries without a Sonarr/Radarr webhook.
 */
export function createMediaServerWebhookProcessor(deps: MediaServerWebhookDeps): MediaServerWebhookProcessor {
  const { scanner, searcher, config, clock, log, events } = deps;
  const controller = new AbortController();
  let tail: Promise<void> = Promise.resolve();
  let stopped = false;

  async function process(plan: Plan) {
    if (controller.signal.aborted) return;
    if (!plan.server) {
      log.warn(`webhook from ${plan.kind} but no ${plan.kind} media server is configured`, {
        event: plan.event,
      });
      return;
    }
    if (!plan.itemId) {
      log.warn("media server webhook names no item; nothing to scan", { kind: plan.kind, event: plan.event });
      return;
    }
    const found = await plan.server.itemPath(plan.itemId, controller.signal);
    if (!found.ok) {
      log.warn("media server could not say where the new item is", {
        server: plan.server.name,
        itemId: plan.itemId,
        error: found.error.message,
      });
      return;
    }
    await scanWhenFree(scanner, { path: found.localPath }, log, controller.signal);
    if (!config.webhooks.searchOnImport || controller.signal.aborted) return;
    const ids = deps.wantedUnder(found.localPath);
    if (ids.length === 0) return;
    const refused = deps.searchRefusal?.();
    if (refused) {
      log.warn("webhook search skipped", { server: plan.server.name, items: ids.length, reason: refused });
      return;
    }
    const run = searcher.start({ trigger: "webhook", scope: { ids } });
    log.info("webhook search started", { server: plan.server.name, runId: run.runId, items: run.total });
    await run.done;
  }

  async function whenIdle(): Promise<void> {
    for (;;) {
      const current = tail;
      await current;
      if (current === tail) return;
    }
  }

  return {
    whenIdle,
    enqueue(delivery) {
      const added = itemAdded(delivery);
      const server = resolveServer(deps.servers(), delivery);
      const event = eventOf(delivery);
      const summary = {
        event,
        action: added ? ("scan-item" as const) : ("ignore" as const),
        server: server?.name ?? null,
      };
      log.info("media server webhook received", {
        kind: delivery.kind,
        ...summary,
        itemId: added?.itemId ?? null,
      });
      events.publish({
        type: "webhook.received",
        data: { kind: delivery.kind, ...summary, receivedAt: clock.now().toISOString() },
      });
      if (stopped || !added) return summary;
      const plan: Plan = { kind: delivery.kind, event, itemId: added.itemId, server };
      tail = tail
        .then(() => process(plan))
        .catch((error: unknown) =>
          log.error("media server webhook failed", { kind: delivery.kind, event, error }),
        );
      return summary;
    },
    async stop() {
      stopped = true;
      controller.abort();
      await whenIdle();
    },
  };
}
