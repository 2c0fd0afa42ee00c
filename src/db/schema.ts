import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

/** The statuses a wanted item moves through; `ignored` is the user's and sticky. */
export const WANTED_STATUSES = [
  "wanted",
  "searching",
  "found",
  "not_found",
  "failed",
  "ignored",
  "resolved",
] as const;
type WantedStatus = (typeof WANTED_STATUSES)[number];
type MediaKind = "episode" | "movie";
type SourceKind = "sonarr" | "radarr" | "standalone";
type Variant = "full" | "forced";

/** Small key/value settings the service owns (e.g. the generated API key). */
export const appSettings = sqliteTable("app_settings", {
  key: text().primaryKey(),
  value: text().notNull(),
  updatedAt: text().notNull(),
});

/**
 * What a probe found in a file, keyed by everything that would make the answer stale:
 * the file's size and mtime, and the prober's version (bumped whenever its output changes).
 */
export const probeCache = sqliteTable(
  "probe_cache",
  {
    path: text().notNull(),
    size: integer().notNull(),
    mtimeMs: integer().notNull(),
    probeVersion: integer().notNull(),
    engine: text().notNull(),
    streamsJson: text().notNull(),
    probedAt: text().notNull(),
  },
  (t) => [primaryKey({ columns: [t.path] })],
);

/**
 * The library as last seen. `mediaKey` is the identity that survives upgrades and renames:
 * Sonarr episode ids, the Radarr movie id, or the path of a standalone file. The change key
 * (`arrFileId`, `size`, `relativePath`) tells an incremental scan whether to inspect again.
 */
export const mediaFiles = sqliteTable(
  "media_files",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    source: text().notNull().$type<SourceKind>(),
    instance: text().notNull(),
    mediaKey: text().notNull(),
    kind: text().notNull().$type<MediaKind>(),
    arrFileId: integer(),
    seriesId: integer(),
    movieId: integer(),
    episodeIdsJson: text().notNull().default("[]"),
    title: text().notNull(),
    season: integer(),
    episodesJson: text().notNull().default("[]"),
    year: integer(),
    imdbId: text(),
    tvdbId: integer(),
    tmdbId: integer(),
    sceneName: text(),
    releaseGroup: text(),
    arrPath: text().notNull(),
    path: text().notNull(),
    relativePath: text(),
    size: integer().notNull(),
    mtimeMs: integer(),
    dateAdded: text(),
    /** Subtitles found at the last inspection: sidecars and embedded streams. */
    subtitlesJson: text().notNull().default("[]"),
    inspectedAt: text(),
    lastSeenAt: text().notNull(),
    /** Set when a full scan did not list the file but held back its removal (a listing shrank too much). */
    missingSince: text(),
    lastScanId: integer(),
  },
  (t) => [
    uniqueIndex("media_files_identity").on(t.instance, t.mediaKey),
    index("media_files_series").on(t.instance, t.seriesId),
    index("media_files_movie").on(t.instance, t.movieId),
    index("media_files_path").on(t.path),
    index("media_files_title").on(t.title),
  ],
);

/** One row per media file × wanted language × variant. */
export const wantedItems = sqliteTable(
  "wanted_items",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    mediaFileId: integer()
      .notNull()
      .references(() => mediaFiles.id, { onDelete: "cascade" }),
    instance: text().notNull(),
    kind: text().notNull().$type<MediaKind>(),
    language: text().notNull(),
    variant: text().notNull().$type<Variant>(),
    status: text().notNull().default("wanted").$type<WantedStatus>(),
    /** What satisfies the item now ("sidecar:Movie.en.srt", "embedded:2"), null while missing. */
    satisfiedBy: text(),
    upgradeCandidate: integer({ mode: "boolean" }).notNull().default(false),
    attempts: integer().notNull().default(0),
    lastSearchedAt: text(),
    retryAfter: text(),
    lastError: text(),
    /** A search run's claim: no other run touches the item until the lease ends. */
    leaseOwner: text(),
    leaseExpiresAt: text(),
    /** Per-item fallback switches set from the API; null follows the profile. */
    translateOverride: integer({ mode: "boolean" }),
    whisperOverride: integer({ mode: "boolean" }),
    addedAt: text().notNull(),
    updatedAt: text().notNull(),
    resolvedAt: text(),
  },
  (t) => [
    uniqueIndex("wanted_items_identity").on(t.mediaFileId, t.language, t.variant),
    index("wanted_items_status").on(t.status, t.retryAfter, t.addedAt),
    // The list's default order (newest first) with what it keeps of each item: building it walks this index
    // alone, without a lookup of each row (store/list-order.ts).
    index("wanted_items_added").on(t.addedAt, t.id, t.status, t.mediaFileId),
    index("wanted_items_status_language").on(t.status, t.language, t.addedAt),
    index("wanted_items_lease").on(t.leaseExpiresAt),
    index("wanted_items_instance").on(t.instance, t.status),
    // A text search or a series' list reads status and age of the items of many files: from the
    // index alone (q=saul at 100,000 rows: 14–15 → 8 ms), not a table lookup per item.
    index("wanted_items_file_status").on(t.mediaFileId, t.status, t.addedAt),
  ],
);

/**
 * Counts of wanted_items by every dimension the summary and the list filter on, kept by triggers
 * (migration 0014) so the dashboard reads a few hundred rows instead of the whole table. `existing`
 * is what satisfies the items: none, sidecar or embedded.
 */
export const wantedTallies = sqliteTable(
  "wanted_tallies",
  {
    status: text().notNull(),
    kind: text().notNull(),
    instance: text().notNull(),
    language: text().notNull(),
    variant: text().notNull(),
    existing: text().notNull(),
    upgrade: integer().notNull(),
    n: integer().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.status, t.kind, t.instance, t.language, t.variant, t.existing, t.upgrade] }),
  ],
);

/**
 * One row: a number the triggers of migration 0014 raise whenever a change to wanted_items (or a
 * file's title) can move an item in or out of a list or within its order; a cached order is good
 * while it stays the same.
 */
export const wantedListVersion = sqliteTable("wanted_list_version", {
  id: integer().primaryKey(),
  version: integer().notNull(),
});

/**
 * Per stored Sonarr series: a count the triggers of migration 0017 raise on every change to one of its
 * stored files, and what the last scan that found the series unchanged saw of it (series-stamps.ts).
 * An incremental scan trusts the stamp, and does no work per episode, only while the count is the one
 * the stamp was left at.
 */
export const seriesScanStamps = sqliteTable(
  "series_scan_stamps",
  {
    instance: text().notNull(),
    seriesId: integer().notNull(),
    gen: integer().notNull(),
    stampJson: text(),
  },
  (t) => [primaryKey({ columns: [t.instance, t.seriesId] })],
);

/**
 * How far the full-text index of files (media_search, migration 0008) is built: every file with an id
 * up to `through` is in it, those above are not yet (migration 0018). A scan adds files without
 * indexing them one by one; they are indexed together once it ended (store/search-index.ts).
 */
export const mediaSearchCursor = sqliteTable("media_search_cursor", {
  id: integer().primaryKey(),
  through: integer().notNull(),
});

/** Per library source: when its listing last fully succeeded (incremental scans start from there). */
export const scanSources = sqliteTable("scan_sources", {
  instance: text().primaryKey(),
  source: text().notNull(),
  lastSuccessAt: text(),
  lastFullAt: text(),
  lastError: text(),
  lastErrorAt: text(),
});

export const scanRuns = sqliteTable(
  "scan_runs",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    mode: text().notNull(),
    trigger: text().notNull(),
    scopeJson: text().notNull().default("{}"),
    status: text().notNull(),
    phase: text().notNull().default("starting"),
    done: integer().notNull().default(0),
    total: integer().notNull().default(0),
    current: text(),
    summaryJson: text(),
    errorsJson: text().notNull().default("{}"),
    /** The process that records the run; a run left "running" by a dead process is interrupted. */
    owner: text(),
    startedAt: text().notNull(),
    finishedAt: text(),
  },
  (t) => [index("scan_runs_started").on(t.startedAt)],
);

/** Per-series / per-movie profile overrides; a null column inherits from the default profile. */
export const profileOverrides = sqliteTable(
  "profile_overrides",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    instance: text().notNull(),
    kind: text().notNull(),
    arrId: integer().notNull(),
    languagesJson: text(),
    forced: text(),
    hearingImpaired: text(),
    embedded: text(),
    formatsJson: text(),
    upgradeSrtToAss: integer({ mode: "boolean" }),
    translate: integer({ mode: "boolean" }),
    whisper: integer({ mode: "boolean" }),
    translateFromJson: text(),
    /** A named profile (config `profiles.<name>`) this item follows instead of its tag's or the default. */
    profileName: text(),
    upgradeCutoff: integer(),
    syncAfterDownload: integer({ mode: "boolean" }),
    fixesJson: text(),
    extractEmbedded: integer({ mode: "boolean" }),
    monitoredOnly: integer({ mode: "boolean" }),
    skipSpecials: integer({ mode: "boolean" }),
    audioRulesJson: text(),
    updatedAt: text().notNull(),
  },
  (t) => [uniqueIndex("profile_overrides_target").on(t.instance, t.kind, t.arrId)],
);

/** Every subtitle Subhound saved, so it knows which files are its own (and may replace them). */
export const subtitleHistory = sqliteTable(
  "subtitle_history",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    wantedItemId: integer().references(() => wantedItems.id, { onDelete: "set null" }),
    instance: text().notNull(),
    /** The series or movie; `season` and `episodesJson` say which episode (null and [] for a movie). */
    title: text().notNull(),
    season: integer(),
    episodesJson: text().notNull().default("[]"),
    language: text().notNull(),
    variant: text().notNull(),
    provider: text().notNull(),
    candidateId: text().notNull(),
    release: text(),
    score: integer().notNull(),
    scoreJson: text().notNull().default("{}"),
    format: text().notNull(),
    encoding: text(),
    path: text().notNull(),
    sha256: text().notNull(),
    /** Bytes written; with sha256, what proves a file on disk is still the one Subhound wrote. */
    size: integer(),
    /**
     * What saved (or deleted) the file: "downloaded", "replaced" (an earlier file of ours),
     * "upgraded", "translated", "transcribed", "uploaded", … History's action names. The retouches
     * (RETOUCH_ACTIONS_SQL) rewrite a file another action made and say nothing of where it came from.
     */
    action: text().notNull(),
    createdAt: text().notNull(),
  },
  (t) => [
    index("subtitle_history_path").on(t.path),
    index("subtitle_history_created").on(t.createdAt),
    // A file's history and an item's last action look rows up by item.
    index("subtitle_history_item").on(t.wantedItemId),
  ],
);

/**
 * subtitle_history actions that retime or clean a subtitle in place (sync, fixes, undoing them): the
 * subtitle is still the one the item's previous row made, so "what made it" skips these rows.
 */
export const RETOUCH_ACTIONS_SQL = "('synced', 'fixed', 'restored')";

/** Candidates never to choose again. */
export const blacklist = sqliteTable(
  "blacklist",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    provider: text().notNull(),
    candidateId: text().notNull(),
    reason: text(),
    createdAt: text().notNull(),
  },
  (t) => [uniqueIndex("blacklist_candidate").on(t.provider, t.candidateId)],
);

/** A provider paused for its quota stays paused across restarts. */
export const providerState = sqliteTable("provider_state", {
  provider: text().primaryKey(),
  pausedUntil: text(),
  pauseReason: text(),
  updatedAt: text().notNull(),
});

export const searchRuns = sqliteTable(
  "search_runs",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    trigger: text().notNull(),
    scopeJson: text().notNull().default("{}"),
    status: text().notNull(),
    total: integer().notNull().default(0),
    done: integer().notNull().default(0),
    found: integer().notNull().default(0),
    notFound: integer().notNull().default(0),
    failed: integer().notNull().default(0),
    current: text(),
    owner: text(),
    startedAt: text().notNull(),
    finishedAt: text(),
  },
  (t) => [index("search_runs_started").on(t.startedAt)],
);

/** One run of a scheduled job; `outcome` is its run status ("running" until it ends). */
export const jobRuns = sqliteTable(
  "job_runs",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    job: text().notNull(),
    trigger: text().notNull(),
    startedAt: text().notNull(),
    finishedAt: text(),
    outcome: text().notNull(),
    summaryJson: text(),
    error: text(),
    durationMs: integer(),
    owner: text(),
  },
  (t) => [index("job_runs_job").on(t.job, t.id)],
);

/** Signed-in browser sessions; only a hash of the cookie's token is stored. */
export const uiSessions = sqliteTable(
  "ui_sessions",
  {
    tokenHash: text().primaryKey(),
    username: text().notNull(),
    createdAt: text().notNull(),
    lastSeenAt: text().notNull(),
    expiresAt: text().notNull(),
    userAgent: text(),
    address: text(),
  },
  (t) => [index("ui_sessions_expires").on(t.expiresAt)],
);

/**
 * One sync of a saved subtitle (a run: status of the shared vocabulary, phase while running) and
 * what came of it. The original bytes of a file it rewrote are kept in the data dir under
 * `sync-originals/<original_sha256>` so that restore can put them back.
 */
export const subtitleSyncs = sqliteTable(
  "subtitle_syncs",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    historyId: integer().notNull(),
    path: text().notNull(),
    /** "audio", "reference" or "fixes" (subtitle fixes applied on demand). */
    method: text().notNull(),
    /** What it was aligned to, as asked: JSON. */
    referenceJson: text().notNull(),
    status: text().notNull(),
    phase: text(),
    /** "synced", "fixed", "unchanged", null while running or when it failed. */
    outcome: text(),
    reason: text(),
    offsetMs: real(),
    ratio: real(),
    ratioLabel: text(),
    confidence: real(),
    originalSha256: text(),
    /** The history row of the file it wrote, and of the restored original. */
    resultHistoryId: integer(),
    restoredHistoryId: integer(),
    startedAt: text().notNull(),
    finishedAt: text(),
    restoredAt: text(),
  },
  (t) => [index("subtitle_syncs_history").on(t.historyId), index("subtitle_syncs_path").on(t.path)],
);
