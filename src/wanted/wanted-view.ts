import type { WantedListRecord, WantedRecord } from "./store/index.ts";
import type { WantedItemView } from "./wanted.schemas.ts";
import type { Explainer } from "./wanted-reason.ts";

/** A stored item as the API shows it: the one place the store's record becomes `WantedItem`. */
export function toWantedView(r: WantedListRecord, explain: Explainer): WantedItemView {
  const f = r.file;
  const why = explain({
    status: r.status,
    language: r.language,
    variant: r.variant,
    satisfiedBy: r.satisfiedBy,
    upgradeCandidate: r.upgradeCandidate,
    attempts: r.attempts,
    retryAfter: r.retryAfter,
    subtitlesJson: f.subtitlesJson,
    source: f.source,
    instance: r.instance,
    seriesId: f.seriesId,
    movieId: f.movieId,
    season: f.season,
  });
  return {
    id: r.id,
    status: r.status,
    language: r.language,
    languageName: why.languageName,
    variant: r.variant,
    kind: r.kind,
    instance: r.instance,
    title: f.title,
    season: f.season,
    episodes: JSON.parse(f.episodesJson),
    year: f.year,
    seriesId: f.seriesId,
    movieId: f.movieId,
    path: f.path,
    satisfiedBy: r.satisfiedBy,
    upgradeCandidate: r.upgradeCandidate,
    reason: why.reason,
    attempts: r.attempts,
    maxAttempts: why.maxAttempts,
    lastSearchedAt: r.lastSearchedAt,
    retryAfter: r.retryAfter,
    autoSearch: why.autoSearch,
    nextRetryAt: why.nextRetryAt,
    lastError: r.lastError,
    addedAt: r.addedAt,
    updatedAt: r.updatedAt,
    resolvedAt: r.resolvedAt,
    translate: r.translateOverride,
    whisper: r.whisperOverride,
    machine: r.lastAction === "translated" || r.lastAction === "transcribed" ? r.lastAction : null,
    fileMissingSince: f.missingSince,
  };
}

/** One item with what its file holds, as `GET /wanted/{id}` shows it. */
export function toWantedDetail(r: WantedRecord, explain: Explainer) {
  const f = r.file;
  const subtitles = JSON.parse(f.subtitlesJson) as { streams?: unknown[]; sidecars?: unknown[] };
  return {
    ...toWantedView(r, explain),
    file: {
      source: f.source,
      arrFileId: f.arrFileId,
      arrPath: f.arrPath,
      relativePath: f.relativePath,
      size: f.size,
      sceneName: f.sceneName,
      releaseGroup: f.releaseGroup,
      dateAdded: f.dateAdded,
      inspectedAt: f.inspectedAt,
      subtitles: { streams: subtitles.streams ?? [], sidecars: subtitles.sidecars ?? [] },
    },
  };
}
