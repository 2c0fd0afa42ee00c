import { basename } from "node:path";
import { refreshFile } from "../browse/refresh-file.ts";
import type { Clock } from "../clock.ts";
import { forEachConcurrent } from "../concurrency.ts";
import type { Config } from "../config/schema.ts";
import type { DbHandle } from "../db/client.ts";
import type { SubhoundEvent } from "../events/bus.ts";
import type { Logger } from "../log.ts";
import type { SearchOutcome } from "../providers/provider-status.ts";
import type { ProviderRegistry } from "../providers/registry.ts";
import { byRank, rankCandidates, scoreCandidate } from "../providers/scoring.ts";
import type { ProviderCandidate } from "../providers/types.ts";
import { createProcessOwner, leaseOwnerFor } from "../runs/process-owner.ts";
import { createRunRecorder } from "../runs/recorder.ts";
import { lastSearchRun } from "../runs/run-store.ts";
import type { RunStatus } from "../runs/status.ts";
import { createInteractiveCache } from "./interactive-cache.ts";
import { minScoreFor } from "./min-score.ts";
import { missReason, noneFoundReason } from "./miss-reason.ts";
import { outcomeEvents } from "./outcome-events.ts";
import { createCandidateFinder } from "./search-candidates.ts";
import { createSearchFallbacks } from "./search-fallbacks.ts";
import type {
  ItemOutcome,
  SaveAttempt,
  SearchRunProgress,
  SearchScope,
  SubtitleTools,
} from "./search-types.ts";
import * as store from "./store/index.ts";
import { type AfterDownload, createSubtitleWriter } from "./subtitle-writer.ts";
import { describeSource } from "./wanted-reason.ts";

export type { ItemOutcome, SearchRunProgress, SearchScope, SubtitleTools } from "./search-types.ts";

export interface SearcherDeps {
  db: DbHandle;
  clock: Clock;
  log: Logger;
  config: Pick<Config, "search" | "languages" | "profile" | "translation">;
  registry: ProviderRegistry;
  tools: SubtitleTools;
  /** The profile's fixes and sync after each download (`sync/after-download.ts`). */
  afterDownload?: AfterDownload;
  /** How long a claim holds before another run may take the item (a hung run's items come back). */
  leaseMs?: number;
  /** This process's owner id (`createProcessOwner`): on its runs and, with the holder, on its leases. */
  owner?: string;
  /** Whether a pid is alive; tests stand in for the OS. */
  alive?: (pid: number) => boolean;
  onProgress?: (run: SearchRunProgress) => void;
  /** Subtitles saved and items out of attempts (`wanted/outcome-events.ts`), for notifications. */
  publish?: (event: SubhoundEvent) => void;
}

export function createSearcher(deps: SearcherDeps) {
  const { db, clock, log, registry, tools } = deps;
  const { sqlite } = db;
  const leaseMs = deps.leaseMs ?? 15 * 60_000;
  const iso = () => clock.now().toISOString();
  const leaseEnd = () => new Date(clock.now().getTime() + leaseMs).toISOString();

  const processOwner = deps.owner ?? createProcessOwner();
  const alive = deps.alive ? { alive: deps.alive } : {};
  const recorder = createRunRecorder("search", { db: db.db, clock, owner: processOwner, ...alive });

  // A dead process's runs and leases are closed now instead of when its leases would run out.
  const interrupted = recorder.interruptDead();
  const released = store.releaseDeadLeases(sqlite, { self: processOwner, ...alive }, iso());
  if (interrupted.length > 0 || released.length > 0)
    log.warn("closed what a previous process left mid-search", {
      interruptedRuns: interrupted,
      releasedItems: released.length,
    });

  const writer = createSubtitleWriter({
    db: db.db,
    clock,
    registry,
    tools,
    afterDownload: deps.afterDownload,
    profileFor: (item) => profileFor(item),
  });
  const { fetchAndSave } = writer;
  const fallbacks = createSearchFallbacks({ db: db.db, config: deps.config, registry, tools, writer });
  const { tryTranslation, tryWhisper } = fallbacks;

  const runs = new Map<
    number,
    { progress: SearchRunProgress; controller: AbortController; done: Promise<SearchRunProgress> }
  >();
  let lastRun: SearchRunProgress | null = null;
  /**
   * Items this process is working on. A lease can run out while the work goes on (a Whisper queue,
   * a slow translation): another run of this process must not take the item meanwhile.
   */
  const inFlight = new Set<number>();
  /**
   * Per item, the candidates whose download made no subtitle for it (a pack without its episode,
   * an error page): the next search tries the ones ranked after them instead of the same three
   * again. Kept while the process runs, for the most recent items.
   */
  const rejected = new Map<number, Set<string>>();
  const REJECTED_ITEMS_KEPT = 10_000;
  const candidateKey = (s: { candidate: { provider: string; id: string } }) =>
    `${s.candidate.provider}\u0000${s.candidate.id}`;
  const reject = (itemId: number, key: string) => {
    const keys = rejected.get(itemId) ?? new Set<string>();
    rejected.delete(itemId);
    if (rejected.size >= REJECTED_ITEMS_KEPT) rejected.delete(rejected.keys().next().value!);
    rejected.set(itemId, keys.add(key));
  };
  const interactive = createInteractiveCache(() => clock.now().getTime());
  const { profileFor, queryFor, rankedFor, stillWanted, cutoffAgainst } = createCandidateFinder({
    db,
    config: deps.config,
    registry,
    tools,
  });

  /**
   * Per media file, the end of the work queued on it. Under a cutoff a file's items are searched one
   * after another, each after its siblings' saves are stored: two languages searched at once would
   * both be downloaded where the first one saved makes the other unwanted.
   */
  const fileTurns = new Map<number, Promise<unknown>>();
  function inFileTurn<T>(fileId: number, work: () => Promise<T>): Promise<T> {
    const mine = (fileTurns.get(fileId) ?? Promise.resolve()).then(work, work);
    const end = mine.catch(() => undefined);
    fileTurns.set(fileId, end);
    void end.then(() => {
      if (fileTurns.get(fileId) === end) fileTurns.delete(fileId);
    });
    return mine;
  }

  /**
   * After a save under a cutoff: the file's subtitles read again and its items decided again
   * (browse/refresh-file.ts, as after an upload), so a sibling's search sees the cutoff met.
   */
  function storeSaved(itemId: number): void {
    const item = store.wantedRecord(db, itemId);
    if (!item) return;
    const profile = profileFor(item);
    if (profile.cutoff === null) return;
    try {
      refreshFile(sqlite, item.file, () => profile, iso());
    } catch (error) {
      // The save stands; the next scan stores what the file has.
      log.warn("could not store a file's subtitles after a save", { itemId, error });
    }
  }

  /**
   * When the automatic search may take an item again after `attempts` misses: the doubling backoff,
   * then, once `search.maxAttempts` are spent, every `search.afterAttemptsEveryDays` (Bazarr's
   * adaptive searching; the claim then needs no attempts left, only this time to pass).
   */
  function backoffIso(attempts: number): string {
    const { backoffBaseMinutes, backoffCapHours, maxAttempts, afterAttemptsEveryDays } = deps.config.search;
    const minutes =
      attempts >= maxAttempts && afterAttemptsEveryDays > 0
        ? afterAttemptsEveryDays * 24 * 60
        : Math.min(backoffBaseMinutes * 2 ** Math.max(0, attempts - 1), backoffCapHours * 60);
    return new Date(clock.now().getTime() + minutes * 60_000).toISOString();
  }

  /** Searches one claimed item and settles it: found, resolved, not found (backoff) or released. */
  async function processItem(
    item: store.WantedRecord,
    owner: string,
    previous: string,
    signal: AbortSignal,
  ): Promise<ItemOutcome> {
    const settle = (
      outcome: ItemOutcome,
      attempt: 0 | 1,
      retryAfter: string | null,
      error: string | null,
    ) => {
      const status = outcome.status === "released" ? previous : outcome.status;
      store.settleClaim(sqlite, {
        id: item.id,
        owner,
        status,
        attempt,
        now: iso(),
        retryAfter,
        error,
        satisfiedBy:
          outcome.status === "found" || outcome.status === "resolved"
            ? `sidecar:${basename(outcome.path)}`
            : null,
      });
      for (const e of outcomeEvents(item, outcome, item.attempts + attempt, deps.config.search))
        deps.publish?.(e);
      return outcome;
    };
    // Not resolved: whatever is at the path is not a subtitle; the search tries again after a backoff.
    const blocked = (reason: string) =>
      settle({ status: "failed", reason }, 1, backoffIso(item.attempts + 1), reason);
    try {
      if (!(await Bun.file(item.file.path).exists())) {
        return settle(
          { status: "failed", reason: "video file not found locally" },
          0,
          backoffIso(1),
          "video file not found locally",
        );
      }
      const current = profileFor(item);
      if (!stillWanted(item, current)) {
        const why =
          "its profile no longer wants it for this file (monitored only, specials or an audio rule)";
        return settle({ status: "released", reason: why }, 0, backoffIso(1), why);
      }
      const met = cutoffAgainst(item, current);
      if (met) {
        const why = `not needed: the profile's cutoff is met by ${met.language} (${describeSource(met.by)})`;
        return settle({ status: "released", reason: why }, 0, backoffIso(1), why);
      }
      const { profile, query, outcomes, usable, blacklisted } = await rankedFor(item, signal);
      if (signal.aborted) return settle({ status: "released", reason: "cancelled" }, 0, null, null);
      const minScore = minScoreFor(item, profile, deps.config.search, registry);
      const priorityOf = (c: ProviderCandidate) => registry.priorityOf(c.provider);
      const ranked = rankCandidates(usable, query, profile, { minScore, priorityOf });
      const reasons: string[] = [];
      let undelivered = false;
      const tried = rejected.get(item.id);
      const untried = tried ? ranked.filter((scored) => !tried.has(candidateKey(scored))) : ranked;
      for (const scored of untried.slice(0, 3)) {
        if (signal.aborted) return settle({ status: "released", reason: "cancelled" }, 0, null, null);
        const attempt = await fetchAndSave(item, scored, profile, signal, "downloaded");
        if (attempt.ok) {
          rejected.delete(item.id);
          return settle(attempt.outcome, 1, null, null);
        }
        if (attempt.blocked) return blocked(attempt.reason);
        if (attempt.providerFault) undelivered = true;
        else reject(item.id, candidateKey(scored));
        reasons.push(attempt.reason);
      }
      if (signal.aborted) return settle({ status: "released", reason: "cancelled" }, 0, null, null);
      if (undelivered) {
        // A subtitle is there but its provider could not hand it over (down, out of quota): not the
        // item's miss, and no reason to translate or transcribe one instead.
        const why = `a candidate could not be downloaded: ${reasons.join("; ")}`;
        return settle({ status: "released", reason: why }, 0, backoffIso(1), why);
      }
      if (item.variant === "full" && (item.translateOverride ?? profile.translate) && tools.translate) {
        const translated = await tryTranslation(item, profile, query, signal);
        if (translated.ok) return settle(translated.outcome, 1, null, null);
        if (translated.blocked) return blocked(translated.reason);
        reasons.push(translated.reason);
      }
      if (
        item.variant === "full" &&
        (item.whisperOverride ?? profile.whisper) &&
        tools.transcribe &&
        !signal.aborted
      ) {
        const transcribed = await tryWhisper(item, signal);
        if (transcribed.ok) return settle(transcribed.outcome, 1, null, null);
        if (transcribed.blocked) return blocked(transcribed.reason);
        reasons.push(transcribed.reason);
      }
      if (signal.aborted) return settle({ status: "released", reason: "cancelled" }, 0, null, null);
      const answered = outcomes.some((o: SearchOutcome) => o.ok);
      if (!answered && outcomes.length > 0) {
        // Not the item's fault: no provider could be asked. Try again later without spending an attempt.
        const why = outcomes.map((o) => (o.ok ? "" : `${o.provider}: ${o.reason}`)).join("; ");
        return settle({ status: "released", reason: why }, 0, backoffIso(1), why);
      }
      const reason =
        reasons.length > 0
          ? reasons.join("; ")
          : usable.length + blacklisted.length > 0
            ? missReason({
                scored: usable.map((c) => scoreCandidate(c, query, profile, priorityOf(c))),
                blacklisted: blacklisted.length,
                minScore,
                triedBefore: ranked.length - untried.length,
              })
            : noneFoundReason(outcomes);
      return settle({ status: "not_found", reason }, 1, backoffIso(item.attempts + 1), reason);
    } catch (error) {
      if (signal.aborted) return settle({ status: "released", reason: "cancelled" }, 0, null, null);
      log.error("search of an item failed", { itemId: item.id, error });
      return settle(
        { status: "failed", reason: (error as Error).message },
        1,
        backoffIso(item.attempts + 1),
        (error as Error).message,
      );
    }
  }

  /**
   * Work the user asked for on one item (a picked candidate, a translation): claimed like a search,
   * so it never races a batch, but spends no attempt. Manual work may also serve ignored or resolved items.
   */
  async function runManually(
    itemId: number,
    kind: string,
    work: (item: store.WantedRecord) => Promise<SaveAttempt>,
  ) {
    const owner = leaseOwnerFor(processOwner, `${kind}-${itemId}-${clock.now().getTime()}`);
    const before = store.itemStatus(db.db, itemId);
    if (before === null) return { ok: false as const, reason: "unknown-item" as const };
    // A lease that ran out left it in searching; given back as that, no run could ever claim it again.
    const previous = before === "searching" ? "wanted" : before;
    if (
      inFlight.has(itemId) ||
      !store.claimForManual(sqlite, { id: itemId, owner, now: iso(), expiresAt: leaseEnd() })
    )
      return { ok: false as const, reason: "busy" as const };
    inFlight.add(itemId);
    let result: SaveAttempt;
    try {
      result = await work(store.wantedRecord(db, itemId)!);
    } catch (error) {
      log.error("manual work on an item failed", { itemId, kind, error });
      result = { ok: false, reason: (error as Error).message };
    } finally {
      inFlight.delete(itemId);
    }
    if (!result.ok) {
      store.releaseClaim(sqlite, { id: itemId, owner, status: previous, now: iso() });
      return { ok: false as const, reason: "failed" as const, detail: result.reason };
    }
    const outcome = result.outcome as Extract<ItemOutcome, { status: "found" | "resolved" }>;
    store.settleClaim(sqlite, {
      id: itemId,
      owner,
      status: outcome.status,
      attempt: 0,
      now: iso(),
      retryAfter: null,
      error: null,
      satisfiedBy: `sidecar:${basename(outcome.path)}`,
    });
    for (const e of outcomeEvents(store.wantedRecord(db, itemId)!, outcome, 0, {
      ...deps.config.search,
      manual: true,
    }))
      deps.publish?.(e);
    storeSaved(itemId);
    return { ok: true as const, outcome };
  }

  /** The last run recorded, for a process that has not searched yet (it may be one a crash interrupted). */
  function recordedRun(): SearchRunProgress | null {
    let row = lastSearchRun(db.db);
    // `subhound search` killed while it ran: interrupted now, not running until a restart.
    if (row?.status === "running" && recorder.interruptDead().length > 0) row = lastSearchRun(db.db);
    if (!row) return null;
    return {
      runId: row.id,
      trigger: row.trigger,
      scope: JSON.parse(row.scopeJson),
      status: row.status as RunStatus,
      total: row.total,
      done: row.done,
      found: row.found,
      notFound: row.notFound,
      failed: row.failed,
      // Every item done is counted once: found, not found, failed or skipped.
      skipped: Math.max(0, row.done - row.found - row.notFound - row.failed),
      current: row.current,
      startedAt: row.startedAt,
      finishedAt: row.finishedAt,
    };
  }

  function persist(p: SearchRunProgress) {
    const columns = {
      total: p.total,
      done: p.done,
      found: p.found,
      notFound: p.notFound,
      failed: p.failed,
      current: p.current,
    };
    if (p.status === "running") recorder.progress(p.runId, columns);
    else recorder.finish(p.runId, p.status, columns, p.finishedAt ?? iso());
  }

  async function run(progress: SearchRunProgress, ids: number[], signal: AbortSignal) {
    const owner = leaseOwnerFor(processOwner, `run-${progress.runId}`);
    const searchOne = async (id: number) => {
      const before = store.itemStatus(db.db, id);
      if (
        before === null ||
        inFlight.has(id) ||
        !store.claimForBatch(sqlite, { id, owner, now: iso(), expiresAt: leaseEnd() })
      ) {
        progress.skipped++;
        progress.done++;
        return;
      }
      inFlight.add(id);
      const item = store.wantedRecord(db, id)!;
      progress.current = `${item.file.title}${item.file.season !== null ? ` S${String(item.file.season).padStart(2, "0")}` : ""} [${item.language}]`;
      deps.onProgress?.(progress);
      const previous = before === "searching" ? "wanted" : before;
      let outcome: ItemOutcome;
      try {
        outcome =
          profileFor(item).cutoff === null
            ? await processItem(item, owner, previous, signal)
            : await inFileTurn(item.mediaFileId, async () => {
                // Read again in its turn: a sibling's save may have met the cutoff meanwhile.
                const fresh = store.wantedRecord(db, id);
                if (!fresh) return { status: "released", reason: "removed meanwhile" } as ItemOutcome;
                const result = await processItem(fresh, owner, previous, signal);
                if (result.status === "found" || result.status === "resolved") storeSaved(id);
                return result;
              });
      } finally {
        inFlight.delete(id);
      }
      if (outcome.status === "found" || outcome.status === "resolved") progress.found++;
      else if (outcome.status === "not_found") progress.notFound++;
      else if (outcome.status === "failed") progress.failed++;
      else progress.skipped++;
      progress.done++;
      persist(progress);
      deps.onProgress?.(progress);
    };
    await forEachConcurrent(ids, deps.config.search.concurrency, searchOne, { signal });
  }

  return {
    /** Starts a batch; several may run at once, and claims keep them off each other's items. */
    start(request: { trigger: string; scope?: SearchScope }): {
      runId: number;
      total: number;
      done: Promise<SearchRunProgress>;
    } {
      const scope = request.scope ?? {};
      const { maxAttempts, afterAttemptsEveryDays } = deps.config.search;
      const ids = store.eligibleItemIds(sqlite, scope, {
        now: iso(),
        // Searched on after the attempts run out: only its retry_after (backoffIso) holds it back.
        maxAttempts: afterAttemptsEveryDays > 0 ? null : maxAttempts,
        itemsPerRun: deps.config.search.itemsPerRun,
      });
      const startedAt = iso();
      const runId = recorder.start({ trigger: request.trigger, scopeJson: JSON.stringify(scope) }, startedAt);
      const progress: SearchRunProgress = {
        runId,
        trigger: request.trigger,
        scope,
        status: "running",
        total: ids.length,
        done: 0,
        found: 0,
        notFound: 0,
        failed: 0,
        skipped: 0,
        current: null,
        startedAt,
        finishedAt: null,
      };
      const controller = new AbortController();
      log.info("search started", { runId, trigger: request.trigger, items: ids.length });
      const done = run(progress, ids, controller.signal)
        .then(
          () => {
            progress.status = controller.signal.aborted ? "cancelled" : "succeeded";
          },
          (error: unknown) => {
            progress.status = "failed";
            log.error("search run failed", { runId, error });
          },
        )
        .then(() => {
          progress.current = null;
          progress.finishedAt = iso();
          persist(progress);
          runs.delete(runId);
          lastRun = progress;
          deps.onProgress?.(progress);
          log.info("search finished", { ...progress });
          return progress;
        });
      runs.set(runId, { progress, controller, done });
      persist(progress);
      return { runId, total: ids.length, done };
    },
    /** Stops claiming and aborts in-flight requests; every item ends consistent. */
    cancel(): number[] {
      const ids = [...runs.keys()];
      for (const r of runs.values()) r.controller.abort();
      return ids;
    },
    status():
      | (SearchRunProgress & {
          transcribing: { itemId: number; title: string; language: string; stage: string }[];
        })
      | null {
      const active = [...runs.values()].at(-1);
      const current = active ? { ...active.progress } : (lastRun ?? recordedRun());
      return current ? { ...current, transcribing: fallbacks.transcribing() } : null;
    },
    async whenIdle(): Promise<void> {
      await Promise.all([...runs.values()].map((r) => r.done));
    },

    /** What the translation and Whisper fallbacks did since start (counts, failures, mean durations). */
    fallbackStats: () => fallbacks.stats(),

    /** Runs only the translation fallback for one item, now (POST /wanted/{id}/translate). */
    translateNow(itemId: number, signal: AbortSignal) {
      return runManually(itemId, "translate", async (item) => {
        const profile = profileFor(item);
        return tryTranslation(item, profile, await queryFor(item, profile), signal);
      });
    },

    /** Scored candidates from every provider; spends no attempt and changes no status. */
    async searchInteractive(itemId: number, signal: AbortSignal) {
      const item = store.wantedRecord(db, itemId);
      if (!item) return null;
      const { profile, query, outcomes, usable, blacklisted } = await rankedFor(item, signal);
      const tried = rejected.get(item.id);
      const score = (c: (typeof usable)[number]) =>
        scoreCandidate(c, query, profile, registry.priorityOf(c.provider));
      // Listed with why a search passes them over; the user may still take one deliberately.
      const scored = [
        ...usable.map((c) => {
          const s = score(c);
          return tried?.has(candidateKey(s)) && s.rejected === null
            ? { ...s, rejected: "its download gave no usable subtitle at the last search" }
            : s;
        }),
        ...blacklisted.map((c) => ({ ...score(c), rejected: "blacklisted" })),
      ]
        // As the automatic pick ranks them (rankCandidates), rejected ones last.
        .sort(
          (a, b) =>
            (a.rejected === null ? 0 : 1) - (b.rejected === null ? 0 : 1) ||
            byRank((c) => registry.priorityOf(c.provider))(a, b),
        );
      interactive.set(itemId, scored);
      return { candidates: scored, outcomes };
    },

    /** Downloads a candidate the user picked from an interactive search. */
    async downloadChosen(itemId: number, provider: string, candidateId: string, signal: AbortSignal) {
      const scored = interactive.find(itemId, provider, candidateId);
      if (!scored) return { ok: false as const, reason: "unknown-candidate" as const };
      return runManually(itemId, "manual", (item) =>
        fetchAndSave(item, scored, profileFor(item), signal, "manual"),
      );
    },
  };
}

export type Searcher = ReturnType<typeof createSearcher>;
