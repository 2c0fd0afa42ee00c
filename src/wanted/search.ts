import type { Database } from "bun:sqlite";
import { basename } from "node:path";
import type { Clock } from "../clock.ts";
import type { Config } from "../config/schema.ts";
import type { Logger } from "../log.ts";
import { canonicalLanguage, languageSatisfies } from "../media/languages.ts";
import type { SubtitleStream } from "../media/types.ts";
import type { ProviderRegistry, SearchOutcome } from "../providers/registry.ts";
import { rankCandidates, type ScoredCandidate, scoreCandidate } from "../providers/scoring.ts";
import type { DownloadedFile, SubtitleQuery } from "../providers/types.ts";
import { applyOverride, defaultProfile, type Profile } from "./profile.ts";
import { findOverride } from "./profile-store.ts";

/** What the searcher needs from the download pipeline; injected so each piece is tested alone. */
export interface SubtitleTools {
  prepare(
    file: DownloadedFile,
    want: { season: number | null; episodes: number[]; language: string; formats: string[] },
  ): Promise<{ ok: true; text: string; format: string; encoding: string } | { ok: false; reason: string }>;
  targetPath(
    videoPath: string,
    want: { language: string; forced: boolean; hearingImpaired: boolean; format: string },
  ): string;
  save(args: {
    videoPath: string;
    targetPath: string;
    content: Uint8Array;
    ownedByUs(path: string): boolean;
  }): Promise<
    | { ok: true; path: string; sha256: string; replaced: boolean }
    | { ok: false; reason: string; detail?: string }
  >;
  movieHash(videoPath: string): Promise<string | null>;
  /** Tells media servers about a new subtitle; never throws. */
  refresh?(videoPath: string): Promise<void>;
  /** Machine translation of a whole subtitle, structure kept; absent when no backend is configured. */
  translate?(args: { text: string; format: string; from: string; to: string; signal: AbortSignal }): Promise<{
    text: string;
    backend: string | null;
  }>;
  /** One text subtitle stream of the video, as subtitle text (ffmpeg); nothing is written to disk. */
  extractStream?(args: {
    videoPath: string;
    index: number;
    format: "srt" | "ass";
    signal: AbortSignal;
  }): Promise<string>;
  /** Speech to SRT; absent while Whisper is disabled. */
  transcribe?(args: {
    videoPath: string;
    language: string;
    signal: AbortSignal;
    /** queued → extracting → transcribing → done: shown in the search run's status. */
    onStage?: (stage: string) => void;
  }): Promise<{ text: string; backend: string }>;
}

export interface SearcherDeps {
  sqlite: Database;
  clock: Clock;
  log: Logger;
  config: Pick<Config, "search" | "languages" | "profile" | "translation">;
  registry: ProviderRegistry;
  tools: SubtitleTools;
  /** How long a claim holds before another run may take the item (a crashed run's items come back). */
  leaseMs?: number;
  onProgress?: (run: SearchRunProgress) => void;
}

export interface SearchScope {
  ids?: number[];
  seriesId?: number;
  movieId?: number;
}

export interface SearchRunProgress {
  runId: number;
  trigger: string;
  scope: SearchScope;
  status: "running" | "completed" | "cancelled" | "failed";
  total: number;
  done: number;
  found: number;
  notFound: number;
  failed: number;
  /** Claimed by another run meanwhile, or no longer eligible. */
  skipped: number;
  current: string | null;
  startedAt: string;
  finishedAt: string | null;
}

export type ItemOutcome =
  | { status: "found"; path: string; provider: string; score: number }
  | { status: "resolved"; path: string }
  | { status: "not_found"; reason: string }
  | { status: "failed"; reason: string }
  | { status: "released"; reason: string };

interface ItemRow {
  id: number;
  status: string;
  language: string;
  variant: "full" | "forced";
  kind: "episode" | "movie";
  instance: string;
  attempts: number;
  source: string;
  title: string;
  season: number | null;
  episodes_json: string;
  year: number | null;
  imdb_id: string | null;
  tvdb_id: number | null;
  tmdb_id: number | null;
  series_id: number | null;
  movie_id: number | null;
  scene_name: string | null;
  release_group: string | null;
  path: string;
  size: number;
  translate_override: number | null;
  whisper_override: number | null;
  subtitles_json: string;
}

const CLAIMABLE = "('wanted', 'not_found', 'failed')";

export function createSearcher(deps: SearcherDeps) {
  const { sqlite, clock, log, registry, tools } = deps;
  const leaseMs = deps.leaseMs ?? 15 * 60_000;
  const iso = () => clock.now().toISOString();

  const selectItem = sqlite.query<ItemRow, [number]>(
    `SELECT w.id, w.status, w.language, w.variant, w.kind, w.instance, w.attempts, f.source, f.title, f.season,
            f.episodes_json, f.year, f.imdb_id, f.tvdb_id, f.tmdb_id, f.series_id, f.movie_id, f.scene_name,
            f.release_group, f.path, f.size, w.translate_override, w.whisper_override, f.subtitles_json
     FROM wanted_items w JOIN media_files f ON f.id = w.media_file_id WHERE w.id = ?`,
  );
  // Compare-and-set: the item is ours only if nobody holds a live lease on it.
  const claim = sqlite.query<{ status: string }, [string, string, string, number, string, string]>(
    `UPDATE wanted_items SET status = 'searching', lease_owner = ?1, lease_expires_at = ?2, updated_at = ?3
     WHERE id = ?4 AND (status IN ${CLAIMABLE} OR (status = 'searching' AND lease_expires_at <= ?5))
       AND (lease_expires_at IS NULL OR lease_expires_at <= ?6)
     RETURNING status`,
  );
  const finish = sqlite.query<unknown, Record<string, string | number | null>>(
    `UPDATE wanted_items SET status = $status, attempts = attempts + $attempt, last_searched_at = $now,
        retry_after = $retryAfter, last_error = $error, satisfied_by = coalesce($by, satisfied_by),
        resolved_at = CASE WHEN $status = 'resolved' THEN $now ELSE resolved_at END,
        lease_owner = NULL, lease_expires_at = NULL, updated_at = $now
     WHERE id = $id AND lease_owner = $owner`,
  );
  const release = sqlite.query<unknown, [string, string, number, string]>(
    `UPDATE wanted_items SET status = ?, lease_owner = NULL, lease_expires_at = NULL, updated_at = ?
     WHERE id = ? AND lease_owner = ?`,
  );
  const insertHistory = sqlite.query<{ id: number }, Record<string, string | number | null>>(
    `INSERT INTO subtitle_history (wanted_item_id, instance, title, language, variant, provider, candidate_id, release,
        score, score_json, format, encoding, path, sha256, action, created_at)
     VALUES ($itemId, $instance, $title, $language, $variant, $provider, $candidateId, $release, $score, $scoreJson,
        $format, $encoding, $path, $sha256, $action, $now) RETURNING id`,
  );
  const ownedPath = sqlite.query<{ one: number }, [string]>(
    "SELECT 1 AS one FROM subtitle_history WHERE path = ? LIMIT 1",
  );
  const blacklisted = sqlite.query<{ provider: string; candidate_id: string }, []>(
    "SELECT provider, candidate_id FROM blacklist",
  );
  const insertRun = sqlite.query<{ id: number }, [string, string, string]>(
    "INSERT INTO search_runs (trigger, scope_json, status, started_at) VALUES (?, ?, 'running', ?) RETURNING id",
  );
  const updateRun = sqlite.query<unknown, Record<string, string | number | null>>(
    `UPDATE search_runs SET status = $status, total = $total, done = $done, found = $found, not_found = $notFound,
        failed = $failed, current = $current, finished_at = $finishedAt WHERE id = $id`,
  );

  // Items a dead process left in "searching" come back once their lease has run out.
  sqlite.run(
    "UPDATE wanted_items SET status = 'wanted', lease_owner = NULL, lease_expires_at = NULL WHERE status = 'searching' AND (lease_expires_at IS NULL OR lease_expires_at <= ?)",
    [iso()],
  );
  sqlite.run("UPDATE search_runs SET status = 'failed', finished_at = started_at WHERE status = 'running'");

  /** Whisper jobs under way: long, so their stage is part of the search status. */
  const transcribing = new Map<number, { itemId: number; title: string; language: string; stage: string }>();
  const fallbackStats = {
    translated: 0,
    translationFailures: 0,
    translationMs: 0,
    transcribed: 0,
    transcriptionFailures: 0,
    transcriptionMs: 0,
  };
  const runs = new Map<
    number,
    { progress: SearchRunProgress; controller: AbortController; done: Promise<SearchRunProgress> }
  >();
  let lastRun: SearchRunProgress | null = null;
  /** Interactive results, so a download can name a candidate the user saw. */
  const interactive = new Map<number, { at: number; candidates: ScoredCandidate[] }>();

  function profileFor(item: ItemRow): Profile {
    const arrId = item.source === "sonarr" ? item.series_id : item.source === "radarr" ? item.movie_id : null;
    const kind = item.source === "sonarr" ? "series" : "movie";
    return applyOverride(
      defaultProfile(deps.config),
      arrId === null ? undefined : findOverride(sqlite, { instance: item.instance, kind, arrId }),
    );
  }

  async function queryFor(item: ItemRow, profile: Profile): Promise<SubtitleQuery> {
    return {
      kind: item.kind,
      title: item.title,
      year: item.year,
      season: item.season,
      episodes: JSON.parse(item.episodes_json),
      imdbId: item.imdb_id,
      tvdbId: item.tvdb_id,
      tmdbId: item.tmdb_id,
      anidbEpisodeId: null,
      anilistId: null,
      releaseName: item.scene_name ?? basename(item.path).replace(/\.[^.]+$/, ""),
      releaseGroup: item.release_group,
      languages: [item.language],
      forced: item.variant === "forced",
      hearingImpaired: profile.hearingImpaired,
      movieHash: await tools.movieHash(item.path),
      fileSize: item.size,
    };
  }

  async function rankedFor(item: ItemRow, signal: AbortSignal) {
    const profile = profileFor(item);
    const query = await queryFor(item, profile);
    const { candidates, outcomes } = await registry.searchAll(query, signal);
    const banned = new Set(blacklisted.all().map((b) => `${b.provider}|${b.candidate_id}`));
    const usable = candidates.filter(
      (c) => languageSatisfies(item.language, c.language) && !banned.has(`${c.provider}|${c.id}`),
    );
    return { profile, query, outcomes, usable };
  }

  function backoffIso(attempts: number): string {
    const { backoffBaseMinutes, backoffCapHours } = deps.config.search;
    const minutes = Math.min(backoffBaseMinutes * 2 ** Math.max(0, attempts - 1), backoffCapHours * 60);
    return new Date(clock.now().getTime() + minutes * 60_000).toISOString();
  }

  /** Downloads, checks and saves one candidate; null with a reason when it is no good. */
  interface Provenance {
    provider: string;
    candidateId: string;
    release: string | null;
    score: number;
    breakdown: Record<string, number>;
    hearingImpaired: boolean;
    action: "downloaded" | "downloaded-manually" | "translated" | "transcribed";
  }

  /** Saves validated text next to the video and records it; a user's file there means "satisfied". */
  async function saveAndRecord(
    item: ItemRow,
    subtitle: { text: string; format: string; encoding: string | null },
    from: Provenance,
  ): Promise<{ ok: true; outcome: ItemOutcome } | { ok: false; reason: string }> {
    const targetPath = tools.targetPath(item.path, {
      language: item.language,
      forced: item.variant === "forced",
      hearingImpaired: from.hearingImpaired,
      format: subtitle.format,
    });
    const saved = await tools.save({
      videoPath: item.path,
      targetPath,
      content: new TextEncoder().encode(subtitle.text),
      ownedByUs: (path) => ownedPath.get(path) !== null,
    });
    if (!saved.ok) {
      // Someone put a subtitle there: the item is satisfied, and their file stays as it is.
      if (saved.reason === "user-file-exists")
        return { ok: true, outcome: { status: "resolved", path: targetPath } };
      return { ok: false, reason: `${saved.reason}${saved.detail ? `: ${saved.detail}` : ""}` };
    }
    insertHistory.get({
      $itemId: item.id,
      $instance: item.instance,
      $title: item.title,
      $language: item.language,
      $variant: item.variant,
      $provider: from.provider,
      $candidateId: from.candidateId,
      $release: from.release,
      $score: from.score,
      $scoreJson: JSON.stringify(from.breakdown),
      $format: subtitle.format,
      $encoding: subtitle.encoding,
      $path: saved.path,
      $sha256: saved.sha256,
      $action: saved.replaced && from.action === "downloaded" ? "replaced" : from.action,
      $now: iso(),
    });
    await tools.refresh?.(item.path);
    return {
      ok: true,
      outcome: { status: "found", path: saved.path, provider: from.provider, score: from.score },
    };
  }

  /** Downloads and checks one candidate in `language` (the item's, or a source language to translate from). */
  async function fetchPrepared(
    item: ItemRow,
    scored: ScoredCandidate,
    language: string,
    formats: string[],
    signal: AbortSignal,
  ) {
    const c = scored.candidate;
    let file: DownloadedFile;
    try {
      file = await registry.download(c, signal);
    } catch (error) {
      return { ok: false as const, reason: (error as Error).message };
    }
    const prepared = await tools.prepare(file, {
      season: item.season,
      episodes: JSON.parse(item.episodes_json),
      language,
      formats,
    });
    if (!prepared.ok) return { ok: false as const, reason: `${c.provider} ${c.id}: ${prepared.reason}` };
    return prepared;
  }

  const provenance = (scored: ScoredCandidate, action: Provenance["action"]): Provenance => ({
    provider: scored.candidate.provider,
    candidateId: scored.candidate.id,
    release: scored.candidate.releaseNames[0] ?? null,
    score: scored.score,
    breakdown: scored.breakdown,
    hearingImpaired: scored.candidate.hearingImpaired === true,
    action,
  });

  async function fetchAndSave(
    item: ItemRow,
    scored: ScoredCandidate,
    profile: Profile,
    signal: AbortSignal,
    action: "downloaded" | "manual",
  ): Promise<{ ok: true; outcome: ItemOutcome } | { ok: false; reason: string }> {
    const prepared = await fetchPrepared(item, scored, item.language, profile.formats, signal);
    if (!prepared.ok) return prepared;
    return saveAndRecord(
      item,
      prepared,
      provenance(scored, action === "manual" ? "downloaded-manually" : "downloaded"),
    );
  }

  /** No subtitle in the wanted language: find one in a source language and translate it. */
  async function tryTranslation(
    item: ItemRow,
    profile: Profile,
    query: SubtitleQuery,
    signal: AbortSignal,
  ): Promise<{ ok: true; outcome: ItemOutcome } | { ok: false; reason: string }> {
    if (!tools.translate) return { ok: false, reason: "translation is off (translation.chain is empty)" };
    const sources = profile.translateFrom.filter(
      (l) => !languageSatisfies(item.language, l) && !languageSatisfies(l, item.language),
    );
    if (sources.length === 0) return { ok: false, reason: "no source language other than the wanted one" };
    const sourceQuery = { ...query, languages: sources };
    const { candidates } = await registry.searchAll(sourceQuery, signal);
    const banned = new Set(blacklisted.all().map((b) => `${b.provider}|${b.candidate_id}`));
    const usable = candidates.filter(
      (c) => sources.some((l) => languageSatisfies(l, c.language)) && !banned.has(`${c.provider}|${c.id}`),
    );
    const ranked = rankCandidates(usable, sourceQuery, profile, {
      minScore: deps.config.search.minScore,
      priorityOf: (c) => registry.priorityOf(c.provider),
    });
    const reasons: string[] = [];
    if (ranked.length === 0) reasons.push(`no ${sources.join("/")} subtitle from the providers`);
    for (const scored of ranked.slice(0, 2)) {
      if (signal.aborted) break;
      const started = performance.now();
      const prepared = await fetchPrepared(
        item,
        scored,
        scored.candidate.language,
        ["ass", "ssa", "srt"],
        signal,
      );
      if (!prepared.ok) {
        reasons.push(prepared.reason);
        continue;
      }
      try {
        const translated = await tools.translate({
          text: prepared.text,
          format: prepared.format,
          from: scored.candidate.language,
          to: item.language,
          signal,
        });
        const saved = await saveAndRecord(
          item,
          { text: translated.text, format: prepared.format, encoding: "utf-8" },
          provenance(scored, "translated"),
        );
        fallbackStats.translated++;
        fallbackStats.translationMs += performance.now() - started;
        return saved;
      } catch (error) {
        fallbackStats.translationFailures++;
        reasons.push(`translation from ${scored.candidate.language}: ${(error as Error).message}`);
      }
    }
    if (!signal.aborted) {
      const embedded = await translateEmbedded(item, sources, signal);
      if (embedded.ok) return embedded;
      reasons.push(embedded.reason);
    }
    return { ok: false, reason: reasons.join("; ") || "cancelled" };
  }

  /** A text subtitle stream inside the video in a source language, translated and saved as a sidecar. */
  async function translateEmbedded(
    item: ItemRow,
    sources: string[],
    signal: AbortSignal,
  ): Promise<{ ok: true; outcome: ItemOutcome } | { ok: false; reason: string }> {
    if (!tools.translate || !tools.extractStream) return { ok: false, reason: "no embedded stream reader" };
    const streams = (JSON.parse(item.subtitles_json) as { streams?: SubtitleStream[] }).streams ?? [];
    const languageOf = (s: SubtitleStream) =>
      canonicalLanguage(s.languageIetf ?? "") ?? canonicalLanguage(s.language ?? "");
    const stream = streams.find((s) => {
      const language = languageOf(s);
      return (
        s.textBased && !s.forced && language !== null && sources.some((l) => languageSatisfies(l, language))
      );
    });
    if (!stream) return { ok: false, reason: "no embedded text subtitle in a source language" };
    const from = languageOf(stream)!;
    const format = stream.codec === "ass" || stream.codec === "ssa" ? "ass" : "srt";
    const started = performance.now();
    try {
      const text = await tools.extractStream({ videoPath: item.path, index: stream.index, format, signal });
      const translated = await tools.translate({ text, format, from, to: item.language, signal });
      const saved = await saveAndRecord(
        item,
        { text: translated.text, format, encoding: "utf-8" },
        {
          provider: "embedded",
          candidateId: `stream:${stream.index}`,
          release: null,
          score: 0,
          breakdown: {},
          hearingImpaired: stream.hearingImpaired,
          action: "translated",
        },
      );
      fallbackStats.translated++;
      fallbackStats.translationMs += performance.now() - started;
      return saved;
    } catch (error) {
      fallbackStats.translationFailures++;
      return { ok: false, reason: `embedded stream #${stream.index} (${from}): ${(error as Error).message}` };
    }
  }

  /** Nothing found at all: transcribe the audio (one job at a time, queued by the tool). */
  async function tryWhisper(
    item: ItemRow,
    signal: AbortSignal,
  ): Promise<{ ok: true; outcome: ItemOutcome } | { ok: false; reason: string }> {
    if (!tools.transcribe) return { ok: false, reason: "Whisper is disabled" };
    const started = performance.now();
    try {
      transcribing.set(item.id, {
        itemId: item.id,
        title: item.title,
        language: item.language,
        stage: "queued",
      });
      const result = await tools
        .transcribe({
          videoPath: item.path,
          language: item.language,
          signal,
          onStage: (stage) => {
            const job = transcribing.get(item.id);
            if (job) job.stage = stage;
          },
        })
        .finally(() => transcribing.delete(item.id));
      const saved = await saveAndRecord(
        item,
        { text: result.text, format: "srt", encoding: "utf-8" },
        {
          provider: "whisper",
          candidateId: result.backend,
          release: null,
          score: 0,
          breakdown: {},
          hearingImpaired: false,
          action: "transcribed",
        },
      );
      fallbackStats.transcribed++;
      fallbackStats.transcriptionMs += performance.now() - started;
      return saved;
    } catch (error) {
      fallbackStats.transcriptionFailures++;
      return { ok: false, reason: `transcription: ${(error as Error).message}` };
    }
  }

  /** Searches one claimed item and settles it: found, resolved, not found (backoff) or released. */
  async function processItem(
    item: ItemRow,
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
      finish.run({
        $status: status,
        $attempt: attempt,
        $now: iso(),
        $retryAfter: retryAfter,
        $error: error,
        $by:
          outcome.status === "found" || outcome.status === "resolved"
            ? `sidecar:${basename(outcome.path)}`
            : null,
        $id: item.id,
        $owner: owner,
      });
      return outcome;
    };
    try {
      if (!(await Bun.file(item.path).exists())) {
        return settle(
          { status: "failed", reason: "video file not found locally" },
          0,
          backoffIso(1),
          "video file not found locally",
        );
      }
      const { profile, query, outcomes, usable } = await rankedFor(item, signal);
      if (signal.aborted) return settle({ status: "released", reason: "cancelled" }, 0, null, null);
      const ranked = rankCandidates(usable, query, profile, {
        minScore: deps.config.search.minScore,
        priorityOf: (c) => registry.priorityOf(c.provider),
      });
      const reasons: string[] = [];
      for (const scored of ranked.slice(0, 3)) {
        if (signal.aborted) return settle({ status: "released", reason: "cancelled" }, 0, null, null);
        const attempt = await fetchAndSave(item, scored, profile, signal, "downloaded");
        if (attempt.ok) return settle(attempt.outcome, 1, null, null);
        reasons.push(attempt.reason);
      }
      if (signal.aborted) return settle({ status: "released", reason: "cancelled" }, 0, null, null);
      if (item.variant === "full" && (item.translate_override ?? profile.translate) && tools.translate) {
        const translated = await tryTranslation(item, profile, query, signal);
        if (translated.ok) return settle(translated.outcome, 1, null, null);
        reasons.push(translated.reason);
      }
      if (
        item.variant === "full" &&
        (item.whisper_override ?? profile.whisper) &&
        tools.transcribe &&
        !signal.aborted
      ) {
        const transcribed = await tryWhisper(item, signal);
        if (transcribed.ok) return settle(transcribed.outcome, 1, null, null);
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
          : ranked.length === 0 && usable.length > 0
            ? "no acceptable candidate"
            : "no subtitle found";
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
    work: (item: ItemRow) => Promise<{ ok: true; outcome: ItemOutcome } | { ok: false; reason: string }>,
  ) {
    const owner = `${kind}-${itemId}-${clock.now().getTime()}`;
    const now = iso();
    const before = sqlite
      .query<{ status: string }, [number]>("SELECT status FROM wanted_items WHERE id = ?")
      .get(itemId);
    if (!before) return { ok: false as const, reason: "unknown-item" as const };
    const claimed = sqlite
      .query(
        `UPDATE wanted_items SET status = 'searching', lease_owner = ?, lease_expires_at = ?, updated_at = ?
         WHERE id = ? AND (lease_expires_at IS NULL OR lease_expires_at <= ?) RETURNING id`,
      )
      .get(owner, new Date(clock.now().getTime() + leaseMs).toISOString(), now, itemId, now);
    if (!claimed) return { ok: false as const, reason: "busy" as const };
    const result = await work(selectItem.get(itemId)!);
    if (!result.ok) {
      release.run(before.status, iso(), itemId, owner);
      return { ok: false as const, reason: "failed" as const, detail: result.reason };
    }
    const outcome = result.outcome as Extract<ItemOutcome, { status: "found" | "resolved" }>;
    finish.run({
      $status: outcome.status,
      $attempt: 0,
      $now: iso(),
      $retryAfter: null,
      $error: null,
      $by: `sidecar:${basename(outcome.path)}`,
      $id: itemId,
      $owner: owner,
    });
    return { ok: true as const, outcome };
  }

  function eligibleIds(scope: SearchScope): number[] {
    const now = iso();
    if (scope.ids?.length) {
      // Asked for by id: backoff and attempt limits do not apply, ignored and resolved items stay out.
      return sqlite
        .query<{ id: number }, (string | number)[]>(
          `SELECT w.id FROM wanted_items w JOIN media_files f ON f.id = w.media_file_id
           WHERE w.id IN (${scope.ids.map(() => "?").join(",")}) AND f.missing_since IS NULL
             AND (w.status IN ${CLAIMABLE} OR (w.status = 'searching' AND w.lease_expires_at <= ?)) ORDER BY w.id`,
        )
        .all(...scope.ids, now)
        .map((r) => r.id);
    }
    const filters: string[] = [];
    const params: (string | number)[] = [now, deps.config.search.maxAttempts, now];
    if (scope.seriesId !== undefined) {
      filters.push("f.series_id = ?");
      params.push(scope.seriesId);
    }
    if (scope.movieId !== undefined) {
      filters.push("f.movie_id = ?");
      params.push(scope.movieId);
    }
    params.push(deps.config.search.itemsPerRun);
    return sqlite
      .query<{ id: number }, (string | number)[]>(
        `SELECT w.id FROM wanted_items w JOIN media_files f ON f.id = w.media_file_id
         WHERE (w.status IN ('wanted', 'not_found') OR (w.status = 'searching' AND w.lease_expires_at <= ?3))
           AND (w.retry_after IS NULL OR w.retry_after <= ?1)
           AND w.attempts < ?2 AND (w.lease_expires_at IS NULL OR w.lease_expires_at <= ?3)
           AND f.missing_since IS NULL
           ${filters.map((f) => `AND ${f}`).join(" ")}
         ORDER BY w.added_at ASC, w.id ASC LIMIT ?`,
      )
      .all(...params)
      .map((r) => r.id);
  }

  function persist(p: SearchRunProgress) {
    updateRun.run({
      $id: p.runId,
      $status: p.status,
      $total: p.total,
      $done: p.done,
      $found: p.found,
      $notFound: p.notFound,
      $failed: p.failed,
      $current: p.current,
      $finishedAt: p.finishedAt,
    });
  }

  async function run(progress: SearchRunProgress, ids: number[], signal: AbortSignal) {
    const owner = `run-${progress.runId}`;
    let next = 0;
    const worker = async () => {
      while (next < ids.length && !signal.aborted) {
        const id = ids[next++]!;
        const now = iso();
        const before = sqlite
          .query<{ status: string }, [number]>("SELECT status FROM wanted_items WHERE id = ?")
          .get(id);
        const claimed = claim.get(
          owner,
          new Date(clock.now().getTime() + leaseMs).toISOString(),
          now,
          id,
          now,
          now,
        );
        if (!claimed || !before) {
          progress.skipped++;
          progress.done++;
          continue;
        }
        const item = selectItem.get(id)!;
        progress.current = `${item.title}${item.season !== null ? ` S${String(item.season).padStart(2, "0")}` : ""} [${item.language}]`;
        deps.onProgress?.(progress);
        const previous = before.status === "searching" ? "wanted" : before.status;
        const outcome = await processItem(item, owner, previous, signal);
        if (outcome.status === "found" || outcome.status === "resolved") progress.found++;
        else if (outcome.status === "not_found") progress.notFound++;
        else if (outcome.status === "failed") progress.failed++;
        else progress.skipped++;
        progress.done++;
        persist(progress);
        deps.onProgress?.(progress);
      }
    };
    const size = Math.max(1, Math.min(deps.config.search.concurrency, ids.length));
    await Promise.all(Array.from({ length: size }, worker));
  }

  return {
    /** Starts a batch; several may run at once, and claims keep them off each other's items. */
    start(request: { trigger: string; scope?: SearchScope }): {
      runId: number;
      total: number;
      done: Promise<SearchRunProgress>;
    } {
      const scope = request.scope ?? {};
      const ids = eligibleIds(scope);
      const startedAt = iso();
      const runId = insertRun.get(request.trigger, JSON.stringify(scope), startedAt)!.id;
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
            progress.status = controller.signal.aborted ? "cancelled" : "completed";
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
      const current = active ? { ...active.progress } : lastRun;
      return current ? { ...current, transcribing: [...transcribing.values()].map((j) => ({ ...j })) } : null;
    },
    async whenIdle(): Promise<void> {
      await Promise.all([...runs.values()].map((r) => r.done));
    },

    /** What the translation and Whisper fallbacks did since start (counts, failures, mean durations). */
    fallbackStats() {
      const f = fallbackStats;
      return {
        translated: f.translated,
        translationFailures: f.translationFailures,
        translationMeanMs: f.translated ? Math.round(f.translationMs / f.translated) : null,
        transcribed: f.transcribed,
        transcriptionFailures: f.transcriptionFailures,
        transcriptionMeanMs: f.transcribed ? Math.round(f.transcriptionMs / f.transcribed) : null,
      };
    },

    /** Runs only the translation fallback for one item, now (POST /wanted/{id}/translate). */
    translateNow(itemId: number, signal: AbortSignal) {
      return runManually(itemId, "translate", async (item) => {
        const profile = profileFor(item);
        return tryTranslation(item, profile, await queryFor(item, profile), signal);
      });
    },

    /** Scored candidates from every provider; spends no attempt and changes no status. */
    async searchInteractive(itemId: number, signal: AbortSignal) {
      const item = selectItem.get(itemId);
      if (!item) return null;
      const { profile, query, outcomes, usable } = await rankedFor(item, signal);
      const scored = usable
        .map((c) => scoreCandidate(c, query, profile, registry.priorityOf(c.provider)))
        .sort((a, b) => (a.rejected === null ? 0 : 1) - (b.rejected === null ? 0 : 1) || b.score - a.score);
      interactive.set(itemId, { at: clock.now().getTime(), candidates: scored });
      return { candidates: scored, outcomes };
    },

    /** Downloads a candidate the user picked from an interactive search. */
    async downloadChosen(itemId: number, provider: string, candidateId: string, signal: AbortSignal) {
      const cached = interactive.get(itemId);
      const scored = cached?.candidates.find(
        (s) => s.candidate.provider === provider && s.candidate.id === candidateId,
      );
      if (!scored) return { ok: false as const, reason: "unknown-candidate" as const };
      return runManually(itemId, "manual", (item) =>
        fetchAndSave(item, scored, profileFor(item), signal, "manual"),
      );
    },
  };
}

export type Searcher = ReturnType<typeof createSearcher>;
