import type { Clock } from "../clock.ts";
import type { ArrInstanceConfig, Config } from "../config/schema.ts";
import type { DbHandle } from "../db/client.ts";
import type { EventBus } from "../events/bus.ts";
import { createPathMapper } from "../library/path-mapping.ts";
import type { Logger } from "../log.ts";
import type { Scanner, ScanScope } from "../wanted/scanner.ts";
import type { Searcher } from "../wanted/search.ts";
import { createWantedStore, wantedIdsOf } from "../wanted/store/index.ts";
import { scanWhenFree } from "./scan-when-free.ts";
import type {
  ArrWebhookFile,
  RadarrWebhook,
  SonarrWebhook,
  WebhookAccepted,
  WebhookAction,
} from "./webhook.schemas.ts";

export type WebhookKind = "sonarr" | "radarr";
export type WebhookPayload = SonarrWebhook | RadarrWebhook;

export interface WebhookProcessorDeps {
  db: DbHandle;
  scanner: Pick<Scanner, "start" | "whenIdle" | "isRunning">;
  searcher: Pick<Searcher, "start">;
  config: Pick<Config, "sonarr" | "radarr" | "pathMappings" | "webhooks">;
  clock: Clock;
  log: Logger;
  events: EventBus;
  /** Waits before the post-import search; resolves early when `signal` aborts. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Why a search must not run now (no provider): the post-import search is skipped, spending nothing. */
  searchRefusal?: () => string | null;
}

export interface WebhookProcessor {
  /** Classifies the delivery, publishes `webhook.received` and queues its work; never throws. */
  enqueue(kind: WebhookKind, payload: WebhookPayload): Omit<WebhookAccepted, "accepted">;
  /** Resolves once every queued delivery and every delayed search has finished. */
  whenIdle(): Promise<void>;
  /** Drops delayed searches not yet started, refuses new work, waits for the rest. */
  stop(): Promise<void>;
}

type InstanceMatch = "instanceName" | "only" | "first";

interface Plan {
  kind: WebhookKind;
  eventType: string;
  action: WebhookAction;
  instance: ArrInstanceConfig | null;
  matchedBy: InstanceMatch | null;
  payload: WebhookPayload;
}

/** Sonarr's "Series*"/"Episode*" names and Radarr's "Movie*" ones map to the same actions. */
function actionOf(kind: WebhookKind, payload: WebhookPayload): WebhookAction {
  switch (payload.eventType.toLowerCase()) {
    case "test":
      return "test";
    case "download":
      return "import";
    case "rename":
      return "rename";
    case "episodefiledelete":
      return kind === "sonarr" ? "delete-files" : "ignore";
    case "moviefiledelete":
      return kind === "radarr" ? "delete-files" : "ignore";
    case "seriesdelete":
      return kind === "sonarr" ? "delete-media" : "ignore";
    case "moviedelete":
      return kind === "radarr" ? "delete-media" : "ignore";
    default:
      return "ignore";
  }
}

function resolveInstance(
  instances: readonly ArrInstanceConfig[],
  instanceName: string | null | undefined,
): { instance: ArrInstanceConfig | null; matchedBy: InstanceMatch | null } {
  const enabled = instances.filter((i) => i.enabled);
  if (enabled.length === 0) return { instance: null, matchedBy: null };
  const wanted = instanceName?.trim().toLowerCase();
  const named = wanted ? enabled.find((i) => i.name.toLowerCase() === wanted) : undefined;
  if (named) return { instance: named, matchedBy: "instanceName" };
  if (enabled.length === 1) return { instance: enabled[0]!, matchedBy: "only" };
  return { instance: enabled[0]!, matchedBy: "first" };
}

function defaultSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      "abort",
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
}

function joinRemote(folder: string, relative: string): string {
  const sep = folder.includes("\\") && !folder.includes("/") ? "\\" : "/";
  return `${folder.replace(/[\\/]+$/, "")}${sep}${relative}`;
}

/**
 * The background half of `POST /webhooks/{sonarr,radarr}`: one delivery at a time, each touching
 * only the files, series or movie it names. Scans it cannot start while another runs are retried
 * when that one ends, so no event is lost; replaying a delivery leaves the same state.
 */
export function createWebhookProcessor(deps: WebhookProcessorDeps): WebhookProcessor {
  const { db, scanner, searcher, config, clock, log, events } = deps;
  const sleep = deps.sleep ?? defaultSleep;
  const controller = new AbortController();
  let tail: Promise<void> = Promise.resolve();
  const delayed = new Set<Promise<void>>();
  let stopped = false;

  // Deletions go through the wanted store, which keeps items holding user state as tombstones.
  const store = createWantedStore(db);

  function mediaOf(plan: Plan): { id: number | null; folder: string | null } {
    if (plan.kind === "sonarr") {
      const series = (plan.payload as SonarrWebhook).series;
      return { id: series?.id ?? null, folder: series?.path ?? null };
    }
    const movie = (plan.payload as RadarrWebhook).movie;
    return { id: movie?.id ?? null, folder: movie?.folderPath ?? movie?.path ?? null };
  }

  function importedFiles(plan: Plan): ArrWebhookFile[] {
    if (plan.kind === "sonarr") {
      const p = plan.payload as SonarrWebhook;
      // On Import Complete sends `episodeFiles`; On File Import a single `episodeFile`.
      return p.episodeFiles ?? (p.episodeFile ? [p.episodeFile] : []);
    }
    const p = plan.payload as RadarrWebhook;
    return p.movieFile ? [p.movieFile] : [];
  }

  function remotePathOf(file: ArrWebhookFile, folder: string | null): string | null {
    if (file.path) return file.path;
    if (file.relativePath && folder) return joinRemote(folder, file.relativePath);
    return null;
  }

  function mediaScope(plan: Plan, mediaId: number): ScanScope {
    const instance = plan.instance!.name;
    return plan.kind === "sonarr" ? { instance, seriesId: mediaId } : { instance, movieId: mediaId };
  }

  const scan = (scope: ScanScope) => scanWhenFree(scanner, scope, log, controller.signal);

  /** Deletions wait for a running scan, which could write the rows back from an older listing. */
  async function whenNoScan(): Promise<void> {
    while (scanner.isRunning()) await scanner.whenIdle();
  }

  function scheduleSearch(ids: number[], instance: string) {
    const delayMs = config.webhooks.searchDelaySeconds * 1000;
    const work = (async () => {
      if (delayMs > 0) await sleep(delayMs, controller.signal);
      if (controller.signal.aborted) return;
      const refused = deps.searchRefusal?.();
      if (refused) {
        log.warn("webhook search skipped", { instance, items: ids.length, reason: refused });
        return;
      }
      const run = searcher.start({ trigger: "webhook", scope: { ids } });
      log.info("webhook search started", { instance, runId: run.runId, items: run.total });
      await run.done;
    })().catch((error: unknown) => log.error("webhook search failed", { instance, error }));
    delayed.add(work);
    void work.finally(() => delayed.delete(work));
  }

  async function importFiles(plan: Plan) {
    const instance = plan.instance!;
    const { id: mediaId, folder } = mediaOf(plan);
    const toLocal = createPathMapper(instance.pathMappings, config.pathMappings);
    const localPaths = importedFiles(plan)
      .map((f) => remotePathOf(f, folder))
      .filter((p): p is string => p !== null)
      .map(toLocal);
    const paths = [...new Set(localPaths)];
    const base: ScanScope = mediaId === null ? { instance: instance.name } : mediaScope(plan, mediaId);
    if (mediaId === null && paths.length === 0) {
      log.warn("webhook names no series, movie or file; nothing to scan", { eventType: plan.eventType });
      return;
    }
    if (config.webhooks.scanOnImport) {
      if (paths.length === 0) await scan(base);
      for (const path of paths) await scan({ ...base, path });
    }
    // Upgrades: the scan moved the item to the new file; rows still on a replaced file are stale.
    const deleted = plan.payload.deletedFiles;
    if (Array.isArray(deleted)) {
      await whenNoScan();
      for (const f of deleted) {
        if (typeof f.id === "number" && f.id > 0)
          store.removeFiles(
            store.filesOfArrFile(instance.name, plan.kind, f.id, null),
            clock.now().toISOString(),
          );
      }
    }
    if (!config.webhooks.searchOnImport) return;
    const ids = wantedIdsOf(db.db, instance.name, { paths, ...base });
    if (ids.length > 0) scheduleSearch(ids, instance.name);
  }

  async function rename(plan: Plan) {
    const { id: mediaId } = mediaOf(plan);
    if (mediaId === null) {
      log.warn("rename webhook names no series or movie; nothing to scan", { kind: plan.kind });
      return;
    }
    // Renames keep the arr file id and the item's identity; a scan of that series/movie moves the path.
    await scan(mediaScope(plan, mediaId));
  }

  async function deleteFiles(plan: Plan) {
    const instance = plan.instance!;
    const payload = plan.payload;
    if (payload.deleteReason?.toLowerCase() === "upgrade") {
      // The Download webhook of the upgrade moves the item to the new file and keeps its history.
      log.info("file deleted for an upgrade; the import webhook handles it", { instance: instance.name });
      return;
    }
    const file =
      plan.kind === "sonarr" ? (payload as SonarrWebhook).episodeFile : (payload as RadarrWebhook).movieFile;
    if (!file) return;
    const remote = remotePathOf(file, mediaOf(plan).folder);
    const fileId = typeof file.id === "number" && file.id > 0 ? file.id : null;
    if (fileId === null && remote === null) return;
    await whenNoScan();
    const ids = store.filesOfArrFile(instance.name, plan.kind, fileId, remote);
    const removed = store.removeFiles(ids, clock.now().toISOString());
    log.info("webhook removed a deleted file", {
      instance: instance.name,
      fileId,
      rows: ids.length,
      ...removed,
    });
  }

  async function deleteMedia(plan: Plan) {
    const instance = plan.instance!;
    const { id: mediaId } = mediaOf(plan);
    if (mediaId === null) return;
    await whenNoScan();
    const ids = store.filesOfMedia(instance.name, plan.kind, mediaId);
    const removed = store.removeFiles(ids, clock.now().toISOString());
    log.info(`webhook removed a deleted ${plan.kind === "sonarr" ? "series" : "movie"}`, {
      instance: instance.name,
      id: mediaId,
      rows: ids.length,
      ...removed,
    });
  }

  /**
   * Several instances and an `instanceName` naming none of them (two Sonarrs left at the default
   * "Sonarr"): arr ids are per instance, so series 12 of one is another show in the other. Scans
   * are harmless where the ids name nothing and run in every instance; removals would hit the
   * wrong show's rows and wait for the next full scan instead.
   */
  async function processGuessed(plan: Plan) {
    const enabled = config[plan.kind].filter((i) => i.enabled);
    const names = enabled.map((i) => i.name).join(", ");
    const removes = plan.action === "delete-files" || plan.action === "delete-media";
    log.warn(
      `webhook instanceName matches no configured ${plan.kind} instance; set that app's Settings → General → Instance Name to one of: ${names}`,
      {
        eventType: plan.eventType,
        instanceName: plan.payload.instanceName ?? null,
        ...(removes ? { skipped: "removal left to the next full scan" } : {}),
      },
    );
    if (removes) return;
    const { folder } = mediaOf(plan);
    if (plan.action === "import" && importedFiles(plan).every((f) => remotePathOf(f, folder) === null)) {
      // Without a path only the series or movie id is left, and it names another show elsewhere.
      log.warn("webhook import names no file; left to the next scan", { eventType: plan.eventType });
      return;
    }
    // An upgrade's replaced files are removals too: each instance's scan moves its own items.
    const { deletedFiles: _replaced, ...payload } = plan.payload;
    for (const instance of enabled) {
      if (controller.signal.aborted) return;
      const each: Plan = { ...plan, instance, payload: payload as WebhookPayload };
      if (plan.action === "import") await importFiles(each);
      else await rename(each);
    }
  }

  async function process(plan: Plan) {
    if (controller.signal.aborted) return;
    if (plan.action === "test" || plan.action === "ignore") return;
    if (!plan.instance) {
      log.warn(`webhook from ${plan.kind} but no ${plan.kind} instance is configured`, {
        eventType: plan.eventType,
      });
      return;
    }
    if (plan.matchedBy === "first") await processGuessed(plan);
    else if (plan.action === "import") await importFiles(plan);
    else if (plan.action === "rename") await rename(plan);
    else if (plan.action === "delete-files") await deleteFiles(plan);
    else await deleteMedia(plan);
  }

  async function whenIdle(): Promise<void> {
    for (;;) {
      const current = tail;
      await current;
      if (delayed.size > 0) await Promise.all([...delayed]);
      if (current === tail && delayed.size === 0) return;
    }
  }

  return {
    whenIdle,
    enqueue(kind, payload) {
      const action = actionOf(kind, payload);
      const { instance, matchedBy } = resolveInstance(config[kind], payload.instanceName);
      const plan: Plan = { kind, eventType: payload.eventType, action, instance, matchedBy, payload };
      const summary = { eventType: payload.eventType, action, instance: instance?.name ?? null };
      log.info(action === "test" ? "webhook test received" : "webhook received", {
        kind,
        ...summary,
        instanceName: payload.instanceName ?? null,
        matchedBy,
      });
      events.publish({
        type: "webhook.received",
        data: { kind, ...summary, matchedBy, receivedAt: clock.now().toISOString() },
      });
      if (stopped) return summary;
      tail = tail
        .then(() => process(plan))
        .catch((error: unknown) =>
          log.error("webhook processing failed", { kind, eventType: payload.eventType, error }),
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
