/**
 * Types of the Subhound HTTP API, generated from openapi.json by scripts/generate.ts.
 * Do not edit: run `npm run generate`.
 */

export interface paths {
  "/api/v1/health": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Liveness probe
     * @description Answers as long as the process serves HTTP. Makes no outbound call and needs no API key, so monitors may poll it as often as they like.
     */
    get: operations["getHealth"];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/v1/auth/state": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Whether a login exists and whether this request is signed in */
    get: operations["getAuthState"];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/v1/auth/setup": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Create the web UI login (once, while none exists) and sign in
     * @description Stores the username and an argon2id hash of the password; answers 409 once a login exists.
     */
    post: operations["setupLogin"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/v1/auth/login": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Sign in to the web UI
     * @description Sets an HttpOnly session cookie. Five failures from one client within 15 minutes answer 429 with Retry-After until the window passes.
     */
    post: operations["login"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/v1/auth/logout": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** End this browser's session */
    post: operations["logout"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/v1/health/detailed": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Readiness: every subsystem checked
     * @description Checks 12 subsystems concurrently, each bounded by `health.timeoutMs` (or its entry in `health.timeouts`): a hung backend makes only its own subsystem unhealthy (`timed out after N ms`). The report is cached for `health.cacheSeconds`; `fresh=true` runs the checks again. No subtitle provider quota is ever spent. An unconfigured or disabled subsystem is healthy, with a message saying so. **Status rule:** `degraded` (503) when any subsystem listed in `health.critical` is unhealthy, else `healthy` (200). By default the critical ones are database, ollama, disk_config, disk_media, translation_backends, media_servers, arr_connectivity and subtitle_sync; providers, memory, whisper_backends and scheduler only report. The body lists the critical set in `critical`.
     */
    get: operations["getDetailedHealth"];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/v1/system/status": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Version, database and effective configuration */
    get: operations["getSystemStatus"];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/v1/system/reload": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Re-read the configuration and reschedule the jobs
     * @description The same as sending SIGHUP. New cron schedules, maintenance settings and `standalone.roots` take effect at once; `restartNeeded` lists every other changed key (e.g. `languages`, `providers.podnapisi`), which takes effect after a restart. An invalid configuration changes nothing and answers 400 naming the key.
     */
    post: operations["reloadConfig"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/v1/wanted/search": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The running search run, or else the last one */
    get: operations["getSearch"];
    put?: never;
    /**
     * Search providers for eligible wanted items
     * @description Without a body: every item that is wanted or not found, whose backoff has passed and that has attempts left, oldest first (up to `search.itemsPerRun`). Items are claimed one by one, so runs started together never touch the same item. With no provider enabled (and Whisper off) it answers 409 and spends nothing.
     */
    post: operations["startSearch"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/v1/wanted/search/cancel": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Cancel running searches
     * @description No new item is claimed; in-flight requests are aborted and their items return to what they were.
     */
    post: operations["cancelSearch"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/v1/wanted/{id}/search": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Interactive search: every provider's candidates, scored
     * @description Spends no attempt and changes nothing; pick one with POST /wanted/{id}/download. With no provider enabled it answers 409.
     */
    post: operations["searchWantedItem"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/v1/wanted/{id}/translate": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Translate a source-language subtitle into this item's language, now
     * @description Searches the providers in `translation.sourceLanguages`, downloads the best, translates it through `translation.chain` (ASS styles, tags and signs kept; line count and timing exact) and saves it as this item's subtitle, marked machine-translated. Spends no attempt.
     */
    post: operations["translateWantedItem"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/v1/wanted/{id}/download": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Download a candidate from the last interactive search of this item */
    post: operations["downloadCandidate"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/v1/wanted/bulk": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Search, ignore or un-ignore many items at once
     * @description The single-item paths applied to a list: `search` starts one search run over the items (as `POST /wanted/search` with `ids`: backoff and attempt limits do not apply; ignored, resolved and busy items are left out), `ignore`/`unignore` do what `PATCH /wanted/{id}` with `ignored` does. Answers with counts; ids that name no item are listed, not an error.
     */
    post: operations["bulkWantedAction"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/v1/wanted/scan": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The running scan, or else the last one */
    get: operations["getScan"];
    put?: never;
    /**
     * Start a library scan
     * @description Without `full`, the scan follows the cycle (every `scan.fullEvery`th automatic scan is full). A scan limited to a series, movie or path never removes anything outside it. A full scan that no longer sees more than `scan.maxRemovalShare` of an instance's files keeps them until the next full scan agrees, unless `forceRemoval` is set.
     */
    post: operations["startScan"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/v1/wanted/scan/cancel": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Cancel the running scan
     * @description Work already written stays; every series or movie is written whole or not at all.
     */
    post: operations["cancelScan"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/v1/wanted": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * List wanted items
     * @description One item per video file × language × variant. Without `status`, resolved items (a subtitle exists) are left out. Each item says why it is wanted (`reason`), how its automatic search stands (`attempts` of `maxAttempts`, `autoSearch`, `nextRetryAt`) and what the last search reported (`lastError`).
     */
    get: operations["listWanted"];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/v1/wanted/summary": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Counts by status, kind, language and existing subtitle */
    get: operations["getWantedSummary"];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/v1/wanted/{id}": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One item with its file and the subtitles it already has */
    get: operations["getWantedItem"];
    put?: never;
    post?: never;
    /**
     * Forget an item
     * @description The next scan that sees the file recreates it if the subtitle is still missing; to keep it away, ignore it.
     */
    delete: operations["deleteWantedItem"];
    options?: never;
    head?: never;
    /**
     * Ignore or un-ignore an item; switch its translation and Whisper fallbacks
     * @description An ignored item is never searched and survives every rescan until you un-ignore it. `translate`/`whisper` override the profile for this item; null follows the profile again.
     */
    patch: operations["updateWantedItem"];
    trace?: never;
  };
  "/api/v1/providers": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Every subtitle provider: enabled, credentials, breaker, rate limit, quota, last error, stats
     * @description Reads state only; it never sends a request to a provider.
     */
    get: operations["listProviders"];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/v1/providers/{name}/test": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Test a provider with one cheap real request
     * @description Sends one small request (a login, an account check or a one-page search for a well-known
     *     episode) through the provider's rate limiter and circuit breaker; never spends a download quota. A failed
     *     test counts toward the breaker and becomes the provider's last error. The answer is 200 either way: `ok`
     *     says how it went. 404 for an unknown provider, 409 for one that is not enabled.
     */
    post: operations["testProvider"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/v1/history": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Subtitles Subhound saved, newest first */
    get: operations["listHistory"];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/v1/blacklist": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Candidates that are never chosen again */
    get: operations["listBlacklist"];
    put?: never;
    /** Never choose this candidate again */
    post: operations["addBlacklist"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/v1/history/{id}/blacklist": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Never choose this download's candidate again
     * @description Blacklists the provider + candidate a history entry was downloaded from (as POST /blacklist with them). The saved file stays; search the item again (or pick another candidate interactively) to replace it.
     */
    post: operations["blacklistHistoryEntry"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/v1/blacklist/{id}": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /** Allow a blacklisted candidate again */
    delete: operations["deleteBlacklist"];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/v1/history/daily": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Subtitles saved per day
     * @description One entry per UTC day, oldest first, ending today; days without downloads count 0.
     */
    get: operations["getDownloadsPerDay"];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/v1/activity": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * The current (or last) scan and search in one answer
     * @description What a dashboard shows; unlike GET /wanted/scan and GET /wanted/search it answers 200 with null before anything ran. Live updates of both arrive on /events.
     */
    get: operations["getActivity"];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/v1/tasks": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Scheduled jobs
     * @description Every scheduled job with its cron, next and last run, and whether it is running now.
     */
    get: operations["listTasks"];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/v1/tasks/{name}/run": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Run a job now
     * @description Starts the job outside its schedule. A job never runs twice at once: 409 while it runs.
     */
    post: operations["runTask"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/v1/tasks/{name}/cancel": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Cancel a running job
     * @description Asks the running job to stop; its run is recorded as cancelled once it has.
     */
    post: operations["cancelTask"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/v1/tasks/{name}/history": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * A job's recent runs
     * @description Newest first, including a run still going.
     */
    get: operations["getTaskHistory"];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/v1/webhooks/sonarr": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    /**
     * Receive a Sonarr webhook (PUT)
     * @description Point Sonarr/Radarr's Settings → Connect → Webhook here (method POST or PUT: both are accepted,
     *     as either app can be set to send either). Authenticate with
     *     `?apikey=KEY` in the URL, the `X-Api-Key` header, or the webhook's Username/Password fields with the
     *     API key as the password. Answers 202 at once; the scan, search or removal runs in the background.
     */
    put: operations["receiveSonarrWebhookPut"];
    /**
     * Receive a Sonarr webhook (POST)
     * @description Point Sonarr/Radarr's Settings → Connect → Webhook here (method POST or PUT: both are accepted,
     *     as either app can be set to send either). Authenticate with
     *     `?apikey=KEY` in the URL, the `X-Api-Key` header, or the webhook's Username/Password fields with the
     *     API key as the password. Answers 202 at once; the scan, search or removal runs in the background.
     */
    post: operations["receiveSonarrWebhook"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/v1/webhooks/radarr": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    /**
     * Receive a Radarr webhook (PUT)
     * @description Point Sonarr/Radarr's Settings → Connect → Webhook here (method POST or PUT: both are accepted,
     *     as either app can be set to send either). Authenticate with
     *     `?apikey=KEY` in the URL, the `X-Api-Key` header, or the webhook's Username/Password fields with the
     *     API key as the password. Answers 202 at once; the scan, search or removal runs in the background.
     */
    put: operations["receiveRadarrWebhookPut"];
    /**
     * Receive a Radarr webhook (POST)
     * @description Point Sonarr/Radarr's Settings → Connect → Webhook here (method POST or PUT: both are accepted,
     *     as either app can be set to send either). Authenticate with
     *     `?apikey=KEY` in the URL, the `X-Api-Key` header, or the webhook's Username/Password fields with the
     *     API key as the password. Answers 202 at once; the scan, search or removal runs in the background.
     */
    post: operations["receiveRadarrWebhook"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/v1/events": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Stream progress and status events
     * @description Server-Sent Events: `id:` is the event id, `event:` its type (scan.progress, search.progress,
     *     item.status, job.started, job.run, webhook.received), `data:` its JSON. Reconnect with `Last-Event-ID` to receive the
     *     events missed meanwhile (while still in the replay buffer). A `: heartbeat` comment arrives every 15 s.
     */
    get: operations["streamEvents"];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/v1/profiles": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * The default profile and every per-series/per-movie override
     * @description The default profile comes from the configuration (`languages`, `profile.*`).
     */
    get: operations["getProfiles"];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/v1/profiles/overrides": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    /**
     * Create or replace the override of one series or movie
     * @description Takes effect at the next scan of that series or movie.
     */
    put: operations["putProfileOverride"];
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/v1/profiles/overrides/{id}": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One override */
    get: operations["getProfileOverride"];
    put?: never;
    post?: never;
    /** Delete an override: the series or movie follows the default profile again */
    delete: operations["deleteProfileOverride"];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/v1/subtitles/sync": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Syncs, newest first */
    get: operations["listSubtitleSyncs"];
    put?: never;
    /**
     * Fit a saved subtitle to its video
     * @description Aligns a subtitle Subhound saved (by history entry) to the video's speech, an embedded text stream or another subtitle of the same video: offset and framerate ratio by FFT cross-correlation. Runs in the background (poll GET /subtitles/sync/{id}); the file is rewritten atomically only when the match is confident and better than the file as it is, and only while it is still exactly what Subhound wrote. The replaced bytes are kept for restore.
     */
    post: operations["startSubtitleSync"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/v1/subtitles/sync/{id}": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One sync: progress, outcome, offset, ratio, confidence */
    get: operations["getSubtitleSync"];
    put?: never;
    post?: never;
    /** Stop a queued or running sync (the file stays as it was) */
    delete: operations["cancelSubtitleSync"];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/v1/subtitles/fix": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Apply subtitle fixes to a saved subtitle now
     * @description Hearing-impaired annotations, formatting tags and common OCR errors removed (SRT cue text, ASS Text fields; a cue left empty goes), a shift and a framerate conversion (every format), applied to the UTF-8 text only while the file is still Subhound's. Recorded as a sync with method `fixes`; the original is kept and `POST /subtitles/sync/{id}/restore` puts it back.
     */
    post: operations["fixSubtitle"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  "/api/v1/subtitles/sync/{id}/restore": {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Put back the subtitle a sync replaced
     * @description Writes the kept original over the synced file, atomically and only while the file there is still Subhound's; recorded in the history as `restored`.
     */
    post: operations["restoreSubtitleSync"];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
}
export type webhooks = Record<string, never>;
export interface components {
  schemas: {
    Liveness: {
      /** @enum {string} */
      status: "ok";
      /** @example 0.1.0 */
      version: string;
      /** @example 3600.5 */
      uptimeSeconds: number;
      /** @example 2026-11-24T10:00:00.000Z */
      time: string;
    };
    AuthState: {
      /** @description No login exists yet: the UI shows the one-time setup form */
      setupRequired: boolean;
      authenticated: boolean;
      /** @description Who is signed in, for a session */
      username?: string;
      /**
       * @description How this request is authenticated
       * @enum {string}
       */
      method?: "session" | "apiKey" | "localBypass";
    };
    Problem: {
      /** @example about:blank */
      type: string;
      /** @example Not Found */
      title: string;
      /** @example 404 */
      status: number;
      /** @example No route matches GET /api/v1/nope */
      detail?: string;
      /** @example /api/v1/nope */
      instance?: string;
      requestId?: string;
      /** @description On 409: the scan that is already running */
      runningScanId?: number;
      /** @description Validation failures, one per offending field */
      errors?: {
        path: string;
        message: string;
      }[];
    };
    Setup: {
      /** @example admin */
      username: string;
      /** @example correct horse battery staple */
      password: string;
    };
    Login: {
      /** @example admin */
      username: string;
      /** @example correct horse battery staple */
      password: string;
    };
    DetailedHealth: {
      /** @enum {string} */
      status: "healthy" | "degraded";
      /** @example 2026-11-24T10:00:00.000Z */
      checkedAt: string;
      /** @description Subsystems that make the status degraded */
      critical: (
        | "database"
        | "ollama"
        | "providers"
        | "disk_config"
        | "disk_media"
        | "memory"
        | "translation_backends"
        | "media_servers"
        | "whisper_backends"
        | "arr_connectivity"
        | "scheduler"
        | "subtitle_sync"
      )[];
      /** @description One report per check; a timed-out or failed check has only `healthy: false` and `message`. */
      subsystems: {
        database:
          | {
              healthy: boolean;
              message: string;
              /**
               * @description Main file plus WAL
               * @example 401408
               */
              sizeBytes: number;
              /** @example wal */
              journalMode: string;
              /** @example 0000_init */
              schemaVersion: string;
              /** @description When maintenance last ran PRAGMA integrity_check; null until it has */
              lastIntegrityCheck: string | null;
            }
          | components["schemas"]["HealthCheckFailed"];
        ollama:
          | {
              healthy: boolean;
              message: string;
            }
          | components["schemas"]["HealthCheckFailed"];
        providers:
          | {
              healthy: boolean;
              message: string;
              providers: {
                name: string;
                healthy: boolean;
                message: string;
              }[];
            }
          | components["schemas"]["HealthCheckFailed"];
        disk_config:
          | {
              healthy: boolean;
              message: string;
              /** @example /var/lib/subhound */
              path: string;
              /** @example 52428800000 */
              freeBytes: number | null;
              /** @example 250000000000 */
              totalBytes: number | null;
              /** @example 21 */
              freePercent: number | null;
            }
          | components["schemas"]["HealthCheckFailed"];
        disk_media:
          | {
              healthy: boolean;
              message: string;
              paths: components["schemas"]["HealthDiskPath"][];
            }
          | components["schemas"]["HealthCheckFailed"];
        memory:
          | {
              healthy: boolean;
              message: string;
              rssBytes: number;
              heapUsedBytes: number;
              heapTotalBytes: number;
            }
          | components["schemas"]["HealthCheckFailed"];
        translation_backends:
          | {
              healthy: boolean;
              message: string;
              /** @description Subtitles translated since start */
              fallback: {
                count: number;
                failures: number;
                meanMs: number | null;
              };
              backends: {
                /** @enum {string} */
                name: "ollama" | "openai" | "deepl" | "libretranslate";
                healthy: boolean;
                message: string;
              }[];
            }
          | components["schemas"]["HealthCheckFailed"];
        media_servers:
          | {
              healthy: boolean;
              message: string;
              instances: {
                /** @enum {string} */
                type: "jellyfin" | "emby" | "plex";
                name: string;
                healthy: boolean;
                message: string;
              }[];
            }
          | components["schemas"]["HealthCheckFailed"];
        whisper_backends:
          | {
              healthy: boolean;
              message: string;
              /** @description Subtitles transcribed since start */
              fallback: {
                count: number;
                failures: number;
                meanMs: number | null;
              };
              /** @enum {string|null} */
              activeBackend: "asr-webservice" | "openai" | null;
            }
          | components["schemas"]["HealthCheckFailed"];
        arr_connectivity:
          | {
              healthy: boolean;
              message: string;
              sonarr: {
                /** @example sonarr */
                instance: string;
                healthy: boolean;
                message: string;
                /** @example 4.0.14.2939 */
                version: string | null;
                listing: {
                  /** @description Why the latest scan's listing failed or was not trusted (nothing was removed); null when it succeeded */
                  error: string | null;
                  failedAt: string | null;
                  /** @description Files no longer listed whose removal waits for the next full scan to agree (or were kept for their ignore/history state) */
                  heldBack: number;
                  heldSince: string | null;
                };
              }[];
              radarr: {
                /** @example sonarr */
                instance: string;
                healthy: boolean;
                message: string;
                /** @example 4.0.14.2939 */
                version: string | null;
                listing: {
                  /** @description Why the latest scan's listing failed or was not trusted (nothing was removed); null when it succeeded */
                  error: string | null;
                  failedAt: string | null;
                  /** @description Files no longer listed whose removal waits for the next full scan to agree (or were kept for their ignore/history state) */
                  heldBack: number;
                  heldSince: string | null;
                };
              }[];
            }
          | components["schemas"]["HealthCheckFailed"];
        scheduler:
          | {
              healthy: boolean;
              message: string;
              jobs: {
                name: string;
                schedule: string;
                nextRun: string | null;
                lastRun: string | null;
                lastOutcome: components["schemas"]["RunStatus"] | null;
                running: boolean;
              }[];
              lastScan: {
                id: number;
                /** @enum {string} */
                mode: "full" | "incremental";
                status: components["schemas"]["RunStatus"];
                startedAt: string;
                finishedAt: string | null;
              } | null;
            }
          | components["schemas"]["HealthCheckFailed"];
        subtitle_sync:
          | {
              healthy: boolean;
              message: string;
              ffmpegPath: string | null;
            }
          | components["schemas"]["HealthCheckFailed"];
      };
    };
    HealthCheckFailed: {
      /** @enum {boolean} */
      healthy: false;
      /** @example timed out after 5000 ms */
      message: string;
    };
    HealthDiskPath: {
      healthy: boolean;
      message: string;
      /** @example /var/lib/subhound */
      path: string;
      /** @example 52428800000 */
      freeBytes: number | null;
      /** @example 250000000000 */
      totalBytes: number | null;
      /** @example 21 */
      freePercent: number | null;
    };
    /**
     * @description running; succeeded; failed (an error ended it); cancelled (asked to stop, or stopped by shutdown); interrupted (its process died, e.g. kill -9 or power loss, and a later start closed it)
     * @example succeeded
     * @enum {string}
     */
    RunStatus: "running" | "succeeded" | "failed" | "cancelled" | "interrupted";
    SystemStatus: {
      version: string;
      commit: string;
      buildDate: string;
      /** @description True when running as the single compiled binary */
      compiled: boolean;
      startedAt: string;
      uptimeSeconds: number;
      dataDir: string;
      database: {
        path: string;
        /** @description Main file plus WAL */
        sizeBytes: number;
        /** @example 0000_init */
        schemaVersion: string;
        /** @example wal */
        journalMode: string;
      };
      runtime: {
        bun: string;
        platform: string;
        arch: string;
      };
      probe: {
        /** @enum {string} */
        engine: "auto" | "native" | "ffprobe";
        ffprobe: {
          available: boolean;
          path?: string;
          /** @description Why ffprobe cannot be used, when it cannot */
          reason?: string;
        };
      };
      /** @description The effective configuration with every secret replaced by *** */
      config: {
        [key: string]: unknown;
      };
    };
    ReloadResult: {
      rescheduled: string[];
      restartNeeded: string[];
    };
    SearchRequest: {
      /** @description These items only (backoff and attempt limits do not apply; ignored and resolved items are left out) */
      ids?: number[];
      seriesId?: number;
      movieId?: number;
    };
    SearchRun: {
      runId: number;
      trigger: string;
      scope: {
        ids?: number[];
        seriesId?: number;
        movieId?: number;
      };
      status: components["schemas"]["RunStatus"];
      total: number;
      done: number;
      found: number;
      notFound: number;
      failed: number;
      /** @description Claimed by another run meanwhile, cancelled, or no provider could be asked */
      skipped: number;
      current: string | null;
      startedAt: string;
      finishedAt: string | null;
      /** @description Whisper jobs under way (queued, extracting, transcribing) */
      transcribing: {
        itemId: number;
        title: string;
        language: string;
        stage: string;
      }[];
    };
    SubtitleCandidate: {
      /** @enum {string} */
      provider: "opensubtitles" | "subdl" | "jimaku" | "animetosho" | "podnapisi" | "gestdown";
      id: string;
      language: string;
      release: string | null;
      releaseNames: string[];
      format: string | null;
      hearingImpaired: boolean | null;
      forced: boolean;
      seasonPack: boolean;
      score: number;
      /**
       * @example {
       *       "match:hash": 359,
       *       "format:srt": 25
       *     }
       */
      breakdown: {
        [key: string]: number;
      };
      matches: string[];
      /** @description Why the profile would not take it automatically */
      rejected: string | null;
      pageUrl: string | null;
    };
    ProviderOutcome: {
      /** @enum {string} */
      provider: "opensubtitles" | "subdl" | "jimaku" | "animetosho" | "podnapisi" | "gestdown";
      ok: boolean;
      candidates?: number;
      ms?: number;
      skipped?: boolean;
      reason?: string;
    };
    DownloadRequest: {
      /** @enum {string} */
      provider: "opensubtitles" | "subdl" | "jimaku" | "animetosho" | "podnapisi" | "gestdown";
      candidateId: string;
    };
    WantedBulkResult: {
      /** @enum {string} */
      action: "search" | "ignore" | "unignore";
      requested: number;
      /** @description Items ignored, un-ignored, or taken into the search run */
      changed: number;
      /** @description Items that exist but were left as they were: already (un)ignored, or not searchable now (ignored, resolved, or being searched) */
      unchanged: number;
      /** @description Ids that name no item */
      missing: number[];
      /** @description The search run started (action search) */
      runId: number | null;
    };
    WantedBulkRequest: {
      ids: number[];
      /**
       * @description search: one search run over these items (as POST /wanted/search with ids); ignore / unignore: as PATCH /wanted/{id} with `ignored`
       * @enum {string}
       */
      action: "search" | "ignore" | "unignore";
    };
    ScanStarted: {
      scanId: number;
      /** @enum {string} */
      mode: "full" | "incremental";
    };
    ScanRequest: {
      /** @description true: full scan; false: incremental; absent: follow the cycle */
      full?: boolean;
      /** @description Only this Sonarr/Radarr instance (or `standalone`) */
      instance?: string;
      seriesId?: number;
      movieId?: number;
      /** @description Only files at or below this local path */
      path?: string;
      /** @description With a full scan: remove every file no longer listed at once, even more than `scan.maxRemovalShare` (a listing that failed or is empty still removes nothing) */
      forceRemoval?: boolean;
    };
    ScanProgress: {
      scanId: number;
      /** @enum {string} */
      mode: "full" | "incremental";
      /** @enum {string} */
      trigger: "api" | "cli" | "schedule" | "webhook";
      scope: {
        instance?: string;
        seriesId?: number;
        movieId?: number;
        path?: string;
      };
      status: components["schemas"]["RunStatus"];
      /** @example scanning sonarr:main */
      phase: string;
      /** @description Files inspected so far in this instance */
      done: number;
      /** @description Files this instance is expected to hold: from the listing (Sonarr's file statistics until a series is listed) */
      total: number;
      /** @description The series, movie or folder being scanned */
      current: string | null;
      startedAt: string;
      finishedAt: string | null;
      summary: components["schemas"]["ScanSummary"];
      errors: {
        [key: string]: string;
      };
    };
    ScanSummary: {
      /** @enum {string} */
      mode: "full" | "incremental";
      filesSeen: number;
      /** @description Files whose streams were read (not from the cache) */
      probed: number;
      cacheHits: number;
      /** @description Files not readable locally (path mapping? unmounted share?) */
      unreadable: number;
      /** @description Video, folder or subtitle names that are not valid UTF-8, skipped */
      undecodableNames: number;
      /** @description New items still missing a subtitle */
      added: number;
      resolved: number;
      /** @description Resolved items whose subtitle disappeared */
      reopened: number;
      removed: number;
      /** @description Files no longer listed whose removal waits for the next full scan to agree */
      heldBack: number;
      /** @description Per instance: a listing that failed or was not trusted; nothing of it was removed */
      errors: {
        [key: string]: string;
      };
      /** @description Per instance: removals held back, names skipped */
      warnings: {
        [key: string]: string;
      };
      durationMs: number;
    } | null;
    WantedPage: {
      items: components["schemas"]["WantedItem"][];
      page: number;
      pageSize: number;
      total: number;
    };
    WantedItem: {
      id: number;
      /**
       * @description wanted → searching → found | not_found (retried after `retryAfter`) | failed; `ignored` is set by you and sticks; `resolved` = a subtitle exists
       * @enum {string}
       */
      status: "wanted" | "searching" | "found" | "not_found" | "failed" | "ignored" | "resolved";
      /** @example de */
      language: string;
      /**
       * @description English name of `language`
       * @example German
       */
      languageName: string;
      /** @enum {string} */
      variant: "full" | "forced";
      /** @enum {string} */
      kind: "episode" | "movie";
      /** @example main */
      instance: string;
      /** @example Breaking Bad */
      title: string;
      season: number | null;
      episodes: number[];
      year: number | null;
      seriesId: number | null;
      movieId: number | null;
      path: string;
      /** @description What satisfies it: sidecar:<file> or embedded:<index>:<codec> */
      satisfiedBy: string | null;
      /** @description Satisfied by an SRT while the profile wants ASS */
      upgradeCandidate: boolean;
      reason: components["schemas"]["WantedReason"];
      /** @description Automatic searches spent on it */
      attempts: number;
      /** @description `search.maxAttempts`: after that many, only a manual search tries again */
      maxAttempts: number;
      lastSearchedAt: string | null;
      /** @description End of the backoff after the last miss */
      retryAfter: string | null;
      /**
       * @description due: the next scheduled search may take it; waiting: in backoff until `nextRetryAt`; exhausted: out of attempts; off: not searched automatically (ignored, resolved, found, failed or searching now)
       * @enum {string}
       */
      autoSearch: "due" | "waiting" | "exhausted" | "off";
      /** @description When the scheduled search may take it next: the search job's next run when due, the end of the backoff when waiting, else null */
      nextRetryAt: string | null;
      /** @description What the last search reported (provider errors, no match) */
      lastError: string | null;
      addedAt: string;
      updatedAt: string;
      resolvedAt: string | null;
      /** @description Per-item translation switch; null follows the profile */
      translate: boolean | null;
      /** @description Per-item Whisper switch; null follows the profile */
      whisper: boolean | null;
      /**
       * @description The last subtitle Subhound saved for it was machine-translated or machine-transcribed
       * @enum {string|null}
       */
      machine: "translated" | "transcribed" | null;
      /** @description Set while full scans no longer list the file: its removal waits for a second scan to agree, or the item is kept for its ignore flag, per-item switches or history until the file returns. Not searched meanwhile. */
      fileMissingSince: string | null;
    };
    /** @description Why the item is wanted, from what the last scan found and the item's profile */
    WantedReason: {
      /**
       * @description no_subtitle: nothing in the language; untagged_only: only subtitles without a language tag; forced_only: only a forced one while the full one is wanted; no_forced: the forced variant is missing; image_based_only: only image-based (PGS/VobSub) embedded streams while the profile takes text; embedded_refused: embedded streams while the profile takes none; hi_excluded: only hearing-impaired ones while the profile excludes HI; rescan_pending: a subtitle counts now, the next scan resolves the item; satisfied: a subtitle exists; upgrade_available: satisfied by an unstyled subtitle while the profile prefers ASS
       * @enum {string}
       */
      code:
        | "no_subtitle"
        | "untagged_only"
        | "forced_only"
        | "no_forced"
        | "image_based_only"
        | "embedded_refused"
        | "hi_excluded"
        | "rescan_pending"
        | "satisfied"
        | "upgrade_available";
      /** @example No German subtitle: no sidecar file and no embedded stream in German. */
      text: string;
    };
    WantedSummary: {
      total: number;
      byStatus: {
        [key: string]: number;
      };
      /** @description Items still wanted, per language and variant (full, forced), most first */
      wantedByLanguageVariant: {
        language: string;
        variant: string;
        count: number;
      }[];
      byKind: {
        [key: string]: number;
      };
      /** @description Items per library instance (the names in the config) */
      byInstance: {
        [key: string]: number;
      };
      byLanguage: {
        [key: string]: number;
      };
      /** @description none / sidecar / embedded: what satisfies each item */
      byExisting: {
        [key: string]: number;
      };
      upgradeCandidates: number;
      /** @description What the translation and Whisper fallbacks did since the server started */
      fallbacks: {
        translated: number;
        translationFailures: number;
        translationMeanMs: number | null;
        transcribed: number;
        transcriptionFailures: number;
        transcriptionMeanMs: number | null;
      };
    };
    WantedItemDetail: components["schemas"]["WantedItem"] & {
      file: {
        /** @enum {string} */
        source: "sonarr" | "radarr" | "standalone";
        arrFileId: number | null;
        arrPath: string;
        relativePath: string | null;
        size: number;
        sceneName: string | null;
        releaseGroup: string | null;
        dateAdded: string | null;
        inspectedAt: string | null;
        subtitles: components["schemas"]["ExistingSubtitles"];
      };
    };
    ExistingSubtitles: {
      streams: {
        index: number;
        codec: string;
        language: string | null;
        languageIetf: string | null;
        title: string | null;
        forced: boolean;
        hearingImpaired: boolean;
        default: boolean;
        textBased: boolean;
      }[];
      sidecars: {
        fileName: string;
        language: string | null;
        forced: boolean;
        hearingImpaired: boolean;
        format: string;
      }[];
    };
    WantedPatch: {
      /** @description true ignores the item; false returns it to the list */
      ignored?: boolean;
      /** @description Translate when no subtitle exists in the language (null: follow the profile) */
      translate?: boolean | null;
      /** @description Transcribe when nothing is found (null: follow the profile) */
      whisper?: boolean | null;
    };
    ProviderStatus: {
      /** @enum {string} */
      name: "opensubtitles" | "subdl" | "jimaku" | "animetosho" | "podnapisi" | "gestdown";
      /**
       * @description The provider's name as people write it
       * @example OpenSubtitles
       */
      title: string;
      /**
       * @description What the provider is good for
       * @example Movies and TV; matches by file hash
       */
      goodFor: string;
      enabled: boolean;
      priority: number;
      /** @description Answering now: not paused for quota, breaker not open, and no limitation (no request made) */
      healthy: boolean;
      /**
       * @description What the configuration keeps the provider from delivering, e.g. OpenSubtitles without an account: downloads need a username and password. Such a provider is reported degraded and not searched; null when nothing
       * @example null
       */
      limitation: string | null;
      /** @description What the provider reads from the config; whether each is set, never its value */
      credentials: {
        /** @example providers.opensubtitles.apiKey */
        key: string;
        /** @example SUBHOUND_PROVIDERS__OPENSUBTITLES__API_KEY */
        env: string;
        required: boolean;
        set: boolean;
        purpose: string;
      }[];
      /** @enum {string} */
      breaker: "closed" | "open" | "half-open";
      /** @description When an open breaker lets the next request through; null unless open */
      breakerRetryAt: string | null;
      consecutiveFailures: number;
      rateLimit: {
        requests: number;
        perMs: number;
        tokens: number;
        pausedUntil: string | null;
        waiting: number;
      };
      quota: {
        /** @description Downloads paused until then (quota spent) */
        pausedUntil: string | null;
        reason: string | null;
        /** @description Downloads left, as the provider last reported it */
        remaining: number | null;
        /** @description Downloads allowed per window */
        limit: number | null;
        /** @description When the provider said the quota renews */
        resetAt: string | null;
        /** @description When the provider last reported its quota; null if it never has */
        reportedAt: string | null;
      };
      lastError: {
        message: string;
        at: string;
      } | null;
      /** @description The last Test since the server started */
      lastTest: components["schemas"]["ProviderTestResult"] &
        ({
          at: string;
        } | null);
      stats: {
        searches: number;
        searchesWithResults: number;
        searchFailures: number;
        downloads: number;
        downloadFailures: number;
        requests: number;
        totalLatencyMs: number;
        hitRate: number | null;
        meanLatencyMs: number | null;
      };
    };
    ProviderTestResult: {
      ok: boolean;
      /** @description Wall time of the test, waits included */
      latencyMs: number;
      /** @description What the provider answered, or why it failed */
      message: string;
    };
    HistoryEntry: {
      id: number;
      wantedItemId: number | null;
      instance: string;
      title: string;
      language: string;
      variant: string;
      provider: string;
      candidateId: string;
      release: string | null;
      score: number;
      breakdown: {
        [key: string]: number;
      };
      format: string;
      encoding: string | null;
      path: string;
      sha256: string;
      /** @description Bytes written. With sha256, what proves the file is still Subhound's: a file at `path` with other content is the user's and is never replaced. Null for entries recorded before sizes were. */
      size: number | null;
      /**
       * @description downloaded, downloaded-manually, replaced (an earlier file of ours), translated, transcribed, synced (retimed by POST /subtitles/sync), fixed (POST /subtitles/fix), restored (a sync or fix undone)
       * @example downloaded
       */
      action: string;
      /**
       * @description Set when the file is machine-translated or machine-transcribed
       * @enum {string|null}
       */
      machine: "translated" | "transcribed" | null;
      /** @description The blacklist entry of this provider + candidate, if it is blacklisted */
      blacklistId: number | null;
      createdAt: string;
    };
    BlacklistEntry: {
      id: number;
      provider: string;
      candidateId: string;
      reason: string | null;
      /** @description What it was last downloaded for, if history knows */
      title: string | null;
      language: string | null;
      release: string | null;
      createdAt: string;
    };
    BlacklistInput: {
      /** @enum {string} */
      provider: "opensubtitles" | "subdl" | "jimaku" | "animetosho" | "podnapisi" | "gestdown";
      candidateId: string;
      reason?: string;
    };
    HistoryBlacklistInput: {
      reason?: string;
    };
    DailyDownloads: {
      days: {
        /**
         * @description UTC day
         * @example 2026-11-24
         */
        date: string;
        /** @description Downloaded from providers (incl. replacements) */
        downloaded: number;
        translated: number;
        transcribed: number;
      }[];
    };
    Activity: {
      scan: components["schemas"]["ScanProgress"] & (Record<string, never> | null);
      search: components["schemas"]["SearchRun"] & (Record<string, never> | null);
    };
    Task: {
      /** @example wanted-scan */
      name: string;
      /** @description What the job does */
      description: string | null;
      /**
       * @description Cron expression
       * @example 0 *\/6 * * *
       */
      schedule: string;
      /**
       * @description The cron expression in words
       * @example On the hour, every 6 hours
       */
      scheduleText: string;
      /**
       * @description IANA zone the cron expression is read in
       * @example UTC
       */
      timezone: string;
      /** @description Null once the scheduler has stopped */
      nextRun: string | null;
      /** @description When the last finished run started */
      lastRun: string | null;
      /** @description Status of the last finished run */
      lastOutcome: components["schemas"]["RunStatus"] | null;
      lastFinishedAt: string | null;
      lastDurationMs: number | null;
      /** @description Why the last finished run failed or stopped */
      lastError: string | null;
      running: boolean;
      /** @description The run going on now; null while idle */
      currentRun: {
        id: number;
        /** @enum {string} */
        trigger: "schedule" | "manual";
        startedAt: string;
        /** @description Units done, when the job counts them */
        done: number | null;
        /** @description Units to do, when known */
        total: number | null;
        /** @description The job's current phase, when it has phases */
        phase: string | null;
        /** @description What it works on right now */
        current: string | null;
      } | null;
      /** @description The running job's own progress report */
      progress?: unknown;
    };
    TaskRun: {
      id: number;
      job: string;
      /** @enum {string} */
      trigger: "schedule" | "manual";
      startedAt: string;
      finishedAt: string | null;
      outcome: components["schemas"]["RunStatus"];
      /** @description What the run did; its shape depends on the job */
      summary?: unknown;
      error: string | null;
      durationMs: number | null;
    };
    WebhookAccepted: {
      /** @enum {boolean} */
      accepted: true;
      /** @example Download */
      eventType: string;
      /**
       * @description What runs in the background: import → scoped scan then search; rename → scoped scan; delete-files / delete-media → those rows removed; test / ignore → a log line
       * @example import
       * @enum {string}
       */
      action: "import" | "rename" | "delete-files" | "delete-media" | "test" | "ignore";
      /**
       * @description The configured instance the event was attributed to
       * @example main
       */
      instance: string | null;
    };
    /**
     * @example {
     *       "series": {
     *         "id": 1,
     *         "title": "Breaking Bad",
     *         "path": "/tv/Breaking Bad",
     *         "tvdbId": 81189,
     *         "type": "standard",
     *         "year": 2008
     *       },
     *       "episodes": [
     *         {
     *           "id": 101,
     *           "episodeNumber": 1,
     *           "seasonNumber": 1,
     *           "title": "Pilot",
     *           "seriesId": 1
     *         }
     *       ],
     *       "episodeFile": {
     *         "id": 556,
     *         "relativePath": "Season 01/Breaking Bad - S01E01 - Pilot Bluray-1080p.mkv",
     *         "path": "/tv/Breaking Bad/Season 01/Breaking Bad - S01E01 - Pilot Bluray-1080p.mkv",
     *         "quality": "Bluray-1080p",
     *         "size": 2147483648
     *       },
     *       "isUpgrade": false,
     *       "eventType": "Download",
     *       "instanceName": "Sonarr"
     *     }
     */
    SonarrWebhook: {
      /** @description PascalCase: Test, Grab, Download, Rename, SeriesDelete/MovieDelete, EpisodeFileDelete/MovieFileDelete, Health, … */
      eventType: string;
      /** @description Matched case-insensitively against the configured instance names */
      instanceName?: string | null;
      applicationUrl?: string | null;
      isUpgrade?: boolean | null;
      deletedFiles?: components["schemas"]["ArrWebhookFile"][] | boolean | null;
      deleteReason?: string | null;
      series?:
        | ({
            id?: number | null;
            title?: string | null;
            path?: string | null;
          } & {
            [key: string]: unknown;
          })
        | null;
      episodes?:
        | ({
            id?: number | null;
            seasonNumber?: number | null;
            episodeNumber?: number | null;
          } & {
            [key: string]: unknown;
          })[]
        | null;
      episodeFile?: components["schemas"]["ArrWebhookFile"] & (Record<string, never> | null);
      /** @description On Import Complete (Sonarr v4.0.6+): every file of the release */
      episodeFiles?: components["schemas"]["ArrWebhookFile"][] | null;
      renamedEpisodeFiles?:
        | (components["schemas"]["ArrWebhookFile"] &
            ({
              previousRelativePath?: string | null;
              previousPath?: string | null;
            } & {
              [key: string]: unknown;
            }))[]
        | null;
    } & {
      [key: string]: unknown;
    };
    ArrWebhookFile: {
      id?: number | null;
      relativePath?: string | null;
      path?: string | null;
      size?: number | null;
      quality?: string | null;
      sceneName?: string | null;
      releaseGroup?: string | null;
    } & {
      [key: string]: unknown;
    };
    /**
     * @example {
     *       "movie": {
     *         "id": 7,
     *         "title": "The Matrix",
     *         "year": 1999,
     *         "folderPath": "/movies/The Matrix (1999)",
     *         "tmdbId": 603
     *       },
     *       "movieFile": {
     *         "id": 43,
     *         "relativePath": "The Matrix (1999) Bluray-1080p.mkv",
     *         "path": "/movies/The Matrix (1999)/The Matrix (1999) Bluray-1080p.mkv",
     *         "quality": "Bluray-1080p",
     *         "size": 8589934592
     *       },
     *       "isUpgrade": false,
     *       "eventType": "Download",
     *       "instanceName": "Radarr"
     *     }
     */
    RadarrWebhook: {
      /** @description PascalCase: Test, Grab, Download, Rename, SeriesDelete/MovieDelete, EpisodeFileDelete/MovieFileDelete, Health, … */
      eventType: string;
      /** @description Matched case-insensitively against the configured instance names */
      instanceName?: string | null;
      applicationUrl?: string | null;
      isUpgrade?: boolean | null;
      deletedFiles?: components["schemas"]["ArrWebhookFile"][] | boolean | null;
      deleteReason?: string | null;
      movie?:
        | ({
            id?: number | null;
            title?: string | null;
            /** @description Radarr's webhook names the movie folder folderPath */
            folderPath?: string | null;
            path?: string | null;
          } & {
            [key: string]: unknown;
          })
        | null;
      movieFile?: components["schemas"]["ArrWebhookFile"] & (Record<string, never> | null);
      renamedMovieFiles?:
        | (components["schemas"]["ArrWebhookFile"] &
            ({
              previousRelativePath?: string | null;
              previousPath?: string | null;
            } & {
              [key: string]: unknown;
            }))[]
        | null;
    } & {
      [key: string]: unknown;
    };
    Profile: {
      /**
       * @example [
       *       "en",
       *       "de"
       *     ]
       */
      languages: string[];
      /** @enum {string} */
      forced: "off" | "separate";
      /** @enum {string} */
      hearingImpaired: "include" | "prefer" | "exclude";
      /** @enum {string} */
      embedded: "text" | "any" | "none";
      formats: ("ass" | "ssa" | "srt" | "vtt")[];
      upgradeSrtToAss: boolean;
      /** @description Translate a source-language subtitle when none exists (needs translation.chain) */
      translate: boolean;
      /**
       * @description Languages a subtitle may be translated from
       * @example [
       *       "en"
       *     ]
       */
      translateFrom: string[];
      /** @description Transcribe the audio when nothing is found (needs whisper.enabled) */
      whisper: boolean;
    };
    ProfileOverride: {
      id: number;
      instance: string;
      /** @enum {string} */
      kind: "series" | "movie";
      arrId: number;
      /** @description Only the fields that differ from the default profile */
      override: {
        /**
         * @example [
         *       "en",
         *       "de"
         *     ]
         */
        languages?: string[];
        /** @enum {string} */
        forced?: "off" | "separate";
        /** @enum {string} */
        hearingImpaired?: "include" | "prefer" | "exclude";
        /** @enum {string} */
        embedded?: "text" | "any" | "none";
        formats?: ("ass" | "ssa" | "srt" | "vtt")[];
        upgradeSrtToAss?: boolean;
        /** @description Translate a source-language subtitle when none exists (needs translation.chain) */
        translate?: boolean;
        /**
         * @description Languages a subtitle may be translated from
         * @example [
         *       "en"
         *     ]
         */
        translateFrom?: string[];
        /** @description Transcribe the audio when nothing is found (needs whisper.enabled) */
        whisper?: boolean;
      };
      updatedAt: string;
    };
    ProfileOverrideInput: {
      /** @example main */
      instance: string;
      /** @enum {string} */
      kind: "series" | "movie";
      /**
       * @description Sonarr series id or Radarr movie id
       * @example 1
       */
      arrId: number;
      override: {
        /**
         * @example [
         *       "en",
         *       "de"
         *     ]
         */
        languages?: string[];
        /** @enum {string} */
        forced?: "off" | "separate";
        /** @enum {string} */
        hearingImpaired?: "include" | "prefer" | "exclude";
        /** @enum {string} */
        embedded?: "text" | "any" | "none";
        formats?: ("ass" | "ssa" | "srt" | "vtt")[];
        upgradeSrtToAss?: boolean;
        /** @description Translate a source-language subtitle when none exists (needs translation.chain) */
        translate?: boolean;
        /**
         * @description Languages a subtitle may be translated from
         * @example [
         *       "en"
         *     ]
         */
        translateFrom?: string[];
        /** @description Transcribe the audio when nothing is found (needs whisper.enabled) */
        whisper?: boolean;
      };
    };
    SubtitleSync: {
      id: number;
      /** @description The history entry whose file was synced */
      historyId: number;
      path: string;
      /** @enum {string} */
      method: "audio" | "reference" | "fixes";
      /** @description What it was aligned to, as asked */
      reference: {
        [key: string]: unknown;
      };
      status: components["schemas"]["RunStatus"];
      /**
       * @description While running: queued, reading-reference, aligning, saving
       * @example aligning
       */
      phase: string | null;
      /**
       * @description synced: the file was rewritten; unchanged: left as it was (`reason` says why). Null while running or when it failed
       * @enum {string|null}
       */
      outcome: "synced" | "fixed" | "unchanged" | null;
      reason: string | null;
      /** @description New time = old time × ratio + offsetMs */
      offsetMs: number | null;
      ratio: number | null;
      /** @description The framerate conversion, e.g. 25/23.976, or 1 */
      ratioLabel: string | null;
      /** @description How far the best match beats the best one more than a second away (share of the subtitle's length) */
      confidence: number | null;
      /** @description The replaced bytes, kept for restore */
      originalSha256: string | null;
      resultHistoryId: number | null;
      restoredHistoryId: number | null;
      startedAt: string;
      finishedAt: string | null;
      restoredAt: string | null;
    };
    SubtitleSyncInput: {
      historyId: number;
      reference?: components["schemas"]["SyncReference"];
    };
    /**
     * @default {
     *       "kind": "audio"
     *     }
     */
    SyncReference:
      | {
          /** @enum {string} */
          kind: "audio";
          /** @description Nth audio stream, default 0 */
          audioStream?: number;
        }
      | {
          /** @enum {string} */
          kind: "embedded";
          /** @description Nth subtitle stream of the video (a text one) */
          streamIndex: number;
        }
      | {
          /** @enum {string} */
          kind: "sidecar";
          /** @description Another SRT/VTT/ASS/SSA subtitle of the same video, next to it */
          path: string;
        };
    SubtitleFixInput: {
      historyId: number;
      removeHearingImpaired?: boolean;
      removeTags?: boolean;
      fixOcr?: boolean;
      shiftMs?: number;
      /** @description The subtitle was timed for `from` fps; the video runs at `to` */
      framerate?: {
        from: number;
        to: number;
      };
    };
  };
  responses: never;
  parameters: never;
  requestBodies: never;
  headers: never;
  pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
  getHealth: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The server is up */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "status": "ok",
           *       "version": "0.1.0",
           *       "uptimeSeconds": 3600.5,
           *       "time": "2026-11-24T10:00:00.000Z"
           *     }
           */
          "application/json": components["schemas"]["Liveness"];
        };
      };
    };
  };
  getAuthState: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The web UI's login state */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "setupRequired": false,
           *       "authenticated": false
           *     }
           */
          "application/json": components["schemas"]["AuthState"];
        };
      };
    };
  };
  setupLogin: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/json": components["schemas"]["Setup"];
      };
    };
    responses: {
      /** @description Created and signed in; the session cookie is set */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "setupRequired": false,
           *       "authenticated": true,
           *       "username": "admin",
           *       "method": "session"
           *     }
           */
          "application/json": components["schemas"]["AuthState"];
        };
      };
      /** @description The request is malformed or fails validation */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description A browser request from another site (cross-origin) was refused */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Conflicts with work already running */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  login: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/json": components["schemas"]["Login"];
      };
    };
    responses: {
      /** @description Signed in; the session cookie is set */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "setupRequired": false,
           *       "authenticated": true,
           *       "username": "admin",
           *       "method": "session"
           *     }
           */
          "application/json": components["schemas"]["AuthState"];
        };
      };
      /** @description The request is malformed or fails validation */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Missing or wrong API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description A browser request from another site (cross-origin) was refused */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Conflicts with work already running */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Too many attempts; wait for Retry-After seconds */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  logout: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Signed out; the cookie is cleared */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "setupRequired": false,
           *       "authenticated": false
           *     }
           */
          "application/json": components["schemas"]["AuthState"];
        };
      };
      /** @description A browser request from another site (cross-origin) was refused */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  getDetailedHealth: {
    parameters: {
      query?: {
        /** @description true = ignore the cached report and check now */
        fresh?: "true" | "false";
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Every critical subsystem is healthy */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "status": "healthy",
           *       "checkedAt": "2026-11-24T10:00:00.000Z",
           *       "critical": [
           *         "database",
           *         "ollama",
           *         "disk_config",
           *         "disk_media",
           *         "translation_backends",
           *         "media_servers",
           *         "arr_connectivity",
           *         "subtitle_sync"
           *       ],
           *       "subsystems": {
           *         "database": {
           *           "healthy": true,
           *           "message": "the database answers",
           *           "sizeBytes": 401408,
           *           "journalMode": "wal",
           *           "schemaVersion": "0000_init",
           *           "lastIntegrityCheck": null
           *         },
           *         "ollama": {
           *           "healthy": true,
           *           "message": "not in the translation chain"
           *         },
           *         "providers": {
           *           "healthy": true,
           *           "message": "1 of 1 providers answering",
           *           "providers": [
           *             {
           *               "name": "opensubtitles",
           *               "healthy": true,
           *               "message": "answering"
           *             }
           *           ]
           *         },
           *         "disk_config": {
           *           "path": "/var/lib/subhound",
           *           "healthy": true,
           *           "message": "21% free",
           *           "freeBytes": 52428800000,
           *           "totalBytes": 250000000000,
           *           "freePercent": 21
           *         },
           *         "disk_media": {
           *           "healthy": true,
           *           "message": "no media paths configured (disk.mediaPaths, standalone.roots)",
           *           "paths": []
           *         },
           *         "memory": {
           *           "healthy": true,
           *           "message": "84 MiB resident",
           *           "rssBytes": 88080384,
           *           "heapUsedBytes": 20971520,
           *           "heapTotalBytes": 31457280
           *         },
           *         "translation_backends": {
           *           "healthy": true,
           *           "message": "translation is off (translation.chain is empty)",
           *           "backends": [],
           *           "fallback": {
           *             "count": 0,
           *             "failures": 0,
           *             "meanMs": null
           *           }
           *         },
           *         "media_servers": {
           *           "healthy": true,
           *           "message": "no media servers configured",
           *           "instances": []
           *         },
           *         "whisper_backends": {
           *           "healthy": true,
           *           "message": "Whisper disabled",
           *           "activeBackend": null,
           *           "fallback": {
           *             "count": 0,
           *             "failures": 0,
           *             "meanMs": null
           *           }
           *         },
           *         "arr_connectivity": {
           *           "healthy": true,
           *           "message": "2/2 instances reachable",
           *           "sonarr": [
           *             {
           *               "instance": "sonarr",
           *               "healthy": true,
           *               "message": "Sonarr 4.0.14.2939 answers",
           *               "version": "4.0.14.2939",
           *               "listing": {
           *                 "error": null,
           *                 "failedAt": null,
           *                 "heldBack": 0,
           *                 "heldSince": null
           *               }
           *             }
           *           ],
           *           "radarr": [
           *             {
           *               "instance": "radarr",
           *               "healthy": true,
           *               "message": "Radarr 5.14.0.9383 answers",
           *               "version": "5.14.0.9383",
           *               "listing": {
           *                 "error": null,
           *                 "failedAt": null,
           *                 "heldBack": 0,
           *                 "heldSince": null
           *               }
           *             }
           *           ]
           *         },
           *         "scheduler": {
           *           "healthy": true,
           *           "message": "3 jobs scheduled",
           *           "jobs": [
           *             {
           *               "name": "wanted-scan",
           *               "schedule": "0 *\/6 * * *",
           *               "nextRun": "2026-11-24T12:00:00.000Z",
           *               "lastRun": "2026-11-24T06:00:00.000Z",
           *               "lastOutcome": "succeeded",
           *               "running": false
           *             }
           *           ],
           *           "lastScan": {
           *             "id": 12,
           *             "mode": "incremental",
           *             "status": "succeeded",
           *             "startedAt": "2026-11-24T09:00:00.000Z",
           *             "finishedAt": "2026-11-24T09:00:04.000Z"
           *           }
           *         },
           *         "subtitle_sync": {
           *           "healthy": true,
           *           "message": "ffmpeg found: /usr/bin/ffmpeg",
           *           "ffmpegPath": "/usr/bin/ffmpeg"
           *         }
           *       }
           *     }
           */
          "application/json": components["schemas"]["DetailedHealth"];
        };
      };
      /** @description The request is malformed or fails validation */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Missing or wrong API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description At least one critical subsystem is unhealthy */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "status": "degraded",
           *       "checkedAt": "2026-11-24T10:00:00.000Z",
           *       "critical": [
           *         "database",
           *         "ollama",
           *         "disk_config",
           *         "disk_media",
           *         "translation_backends",
           *         "media_servers",
           *         "arr_connectivity",
           *         "subtitle_sync"
           *       ],
           *       "subsystems": {
           *         "database": {
           *           "healthy": true,
           *           "message": "the database answers",
           *           "sizeBytes": 401408,
           *           "journalMode": "wal",
           *           "schemaVersion": "0000_init",
           *           "lastIntegrityCheck": null
           *         },
           *         "ollama": {
           *           "healthy": true,
           *           "message": "not in the translation chain"
           *         },
           *         "providers": {
           *           "healthy": true,
           *           "message": "1 of 1 providers answering",
           *           "providers": [
           *             {
           *               "name": "opensubtitles",
           *               "healthy": true,
           *               "message": "answering"
           *             }
           *           ]
           *         },
           *         "disk_config": {
           *           "path": "/var/lib/subhound",
           *           "healthy": true,
           *           "message": "21% free",
           *           "freeBytes": 52428800000,
           *           "totalBytes": 250000000000,
           *           "freePercent": 21
           *         },
           *         "disk_media": {
           *           "healthy": true,
           *           "message": "no media paths configured (disk.mediaPaths, standalone.roots)",
           *           "paths": []
           *         },
           *         "memory": {
           *           "healthy": true,
           *           "message": "84 MiB resident",
           *           "rssBytes": 88080384,
           *           "heapUsedBytes": 20971520,
           *           "heapTotalBytes": 31457280
           *         },
           *         "translation_backends": {
           *           "healthy": true,
           *           "message": "translation is off (translation.chain is empty)",
           *           "backends": [],
           *           "fallback": {
           *             "count": 0,
           *             "failures": 0,
           *             "meanMs": null
           *           }
           *         },
           *         "media_servers": {
           *           "healthy": true,
           *           "message": "no media servers configured",
           *           "instances": []
           *         },
           *         "whisper_backends": {
           *           "healthy": true,
           *           "message": "Whisper disabled",
           *           "activeBackend": null,
           *           "fallback": {
           *             "count": 0,
           *             "failures": 0,
           *             "meanMs": null
           *           }
           *         },
           *         "arr_connectivity": {
           *           "healthy": false,
           *           "message": "timed out after 5000 ms"
           *         },
           *         "scheduler": {
           *           "healthy": true,
           *           "message": "3 jobs scheduled",
           *           "jobs": [
           *             {
           *               "name": "wanted-scan",
           *               "schedule": "0 *\/6 * * *",
           *               "nextRun": "2026-11-24T12:00:00.000Z",
           *               "lastRun": "2026-11-24T06:00:00.000Z",
           *               "lastOutcome": "succeeded",
           *               "running": false
           *             }
           *           ],
           *           "lastScan": {
           *             "id": 12,
           *             "mode": "incremental",
           *             "status": "succeeded",
           *             "startedAt": "2026-11-24T09:00:00.000Z",
           *             "finishedAt": "2026-11-24T09:00:04.000Z"
           *           }
           *         },
           *         "subtitle_sync": {
           *           "healthy": true,
           *           "message": "ffmpeg found: /usr/bin/ffmpeg",
           *           "ffmpegPath": "/usr/bin/ffmpeg"
           *         }
           *       }
           *     }
           */
          "application/json": components["schemas"]["DetailedHealth"];
        };
      };
    };
  };
  getSystemStatus: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Status of this Subhound */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "version": "0.1.0",
           *       "commit": "abc1234",
           *       "buildDate": "2026-11-24T00:00:00Z",
           *       "compiled": true,
           *       "startedAt": "2026-11-24T09:00:00.000Z",
           *       "uptimeSeconds": 3600,
           *       "dataDir": "/var/lib/subhound",
           *       "database": {
           *         "path": "/var/lib/subhound/subhound.db",
           *         "sizeBytes": 401408,
           *         "schemaVersion": "0000_init",
           *         "journalMode": "wal"
           *       },
           *       "runtime": {
           *         "bun": "1.4.4",
           *         "platform": "linux",
           *         "arch": "x64"
           *       },
           *       "probe": {
           *         "engine": "auto",
           *         "ffprobe": {
           *           "available": true,
           *           "path": "/usr/bin/ffprobe"
           *         }
           *       },
           *       "config": {
           *         "server": {
           *           "host": "0.0.0.0",
           *           "port": 6868
           *         },
           *         "auth": {
           *           "apiKey": "***"
           *         }
           *       }
           *     }
           */
          "application/json": components["schemas"]["SystemStatus"];
        };
      };
      /** @description Missing or wrong API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  reloadConfig: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Reloaded */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "rescheduled": [
           *         "wanted-scan"
           *       ],
           *       "restartNeeded": []
           *     }
           */
          "application/json": components["schemas"]["ReloadResult"];
        };
      };
      /** @description The request is malformed or fails validation */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Missing or wrong API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  getSearch: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Progress */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "runId": 3,
           *       "trigger": "api",
           *       "scope": {},
           *       "status": "running",
           *       "total": 120,
           *       "done": 40,
           *       "found": 31,
           *       "notFound": 8,
           *       "failed": 1,
           *       "skipped": 0,
           *       "current": "Breaking Bad S01 [de]",
           *       "startedAt": "2026-11-24T10:00:00.000Z",
           *       "finishedAt": null,
           *       "transcribing": [
           *         {
           *           "itemId": 77,
           *           "title": "Some Movie",
           *           "language": "de",
           *           "stage": "transcribing"
           *         }
           *       ]
           *     }
           */
          "application/json": components["schemas"]["SearchRun"];
        };
      };
      /** @description Missing or wrong API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description No such resource */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  startSearch: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: {
      content: {
        /**
         * @example {
         *       "seriesId": 1
         *     }
         */
        "application/json": components["schemas"]["SearchRequest"];
      };
    };
    responses: {
      /** @description The run started */
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "runId": 3,
           *       "total": 120
           *     }
           */
          "application/json": {
            runId: number;
            total: number;
          };
        };
      };
      /** @description The request is malformed or fails validation */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Missing or wrong API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Conflicts with work already running */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description The body is not sent as application/json */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  cancelSearch: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Cancellation requested */
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "runIds": [
           *         3
           *       ]
           *     }
           */
          "application/json": {
            runIds: number[];
          };
        };
      };
      /** @description Missing or wrong API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Conflicts with work already running */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  searchWantedItem: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: number;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Candidates */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "candidates": [
           *         {
           *           "provider": "opensubtitles",
           *           "id": "4467084",
           *           "language": "de",
           *           "release": "Breaking.Bad.S01E01.1080p.BluRay.x264-ROVERS",
           *           "releaseNames": [
           *             "Breaking.Bad.S01E01.1080p.BluRay.x264-ROVERS"
           *           ],
           *           "format": "srt",
           *           "hearingImpaired": false,
           *           "forced": false,
           *           "seasonPack": false,
           *           "score": 653,
           *           "breakdown": {
           *             "match:hash": 359,
           *             "match:imdb": 180,
           *             "match:season": 30,
           *             "match:episode": 30,
           *             "format:srt": 25
           *           },
           *           "matches": [
           *             "hash",
           *             "imdb",
           *             "season",
           *             "episode"
           *           ],
           *           "rejected": null,
           *           "pageUrl": "https://www.opensubtitles.com/en/subtitles/4467084"
           *         }
           *       ],
           *       "outcomes": [
           *         {
           *           "provider": "opensubtitles",
           *           "ok": true,
           *           "candidates": 1,
           *           "ms": 412
           *         },
           *         {
           *           "provider": "animetosho",
           *           "ok": false,
           *           "skipped": true,
           *           "reason": "no AniDB episode id for this item"
           *         }
           *       ]
           *     }
           */
          "application/json": {
            candidates: components["schemas"]["SubtitleCandidate"][];
            outcomes: components["schemas"]["ProviderOutcome"][];
          };
        };
      };
      /** @description The request is malformed or fails validation */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Missing or wrong API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description No such resource */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Conflicts with work already running */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  translateWantedItem: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: number;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Translated and saved (found), or a file of yours already there (resolved) */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "status": "found",
           *       "path": "/mnt/tv/Show/S01E01.de.srt"
           *     }
           */
          "application/json": {
            /** @enum {string} */
            status: "found" | "resolved";
            path: string;
          };
        };
      };
      /** @description The request is malformed or fails validation */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Missing or wrong API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description No such resource */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Conflicts with work already running */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description A dependency is unavailable */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  downloadCandidate: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: number;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        /**
         * @example {
         *       "provider": "opensubtitles",
         *       "candidateId": "4467084"
         *     }
         */
        "application/json": components["schemas"]["DownloadRequest"];
      };
    };
    responses: {
      /** @description Saved (found), or a file of yours already there (resolved) */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "status": "found",
           *       "path": "/mnt/tv/Show/S01E01.de.srt"
           *     }
           */
          "application/json": {
            /** @enum {string} */
            status: "found" | "resolved";
            path: string;
          };
        };
      };
      /** @description The request is malformed or fails validation */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Missing or wrong API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description No such resource */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Conflicts with work already running */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description The body is not sent as application/json */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description A dependency is unavailable */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  bulkWantedAction: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        /**
         * @example {
         *       "ids": [
         *         42,
         *         43,
         *         44
         *       ],
         *       "action": "ignore"
         *     }
         */
        "application/json": components["schemas"]["WantedBulkRequest"];
      };
    };
    responses: {
      /** @description What changed */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "action": "ignore",
           *       "requested": 3,
           *       "changed": 2,
           *       "unchanged": 1,
           *       "missing": [],
           *       "runId": null
           *     }
           */
          "application/json": components["schemas"]["WantedBulkResult"];
        };
      };
      /** @description The request is malformed or fails validation */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Missing or wrong API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description The body is not sent as application/json */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  getScan: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Progress or result */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "scanId": 7,
           *       "mode": "incremental",
           *       "trigger": "schedule",
           *       "scope": {},
           *       "status": "succeeded",
           *       "phase": "succeeded",
           *       "done": 120,
           *       "total": 120,
           *       "current": null,
           *       "startedAt": "2026-11-24T06:00:00.000Z",
           *       "finishedAt": "2026-11-24T06:00:01.204Z",
           *       "summary": {
           *         "mode": "incremental",
           *         "filesSeen": 4812,
           *         "probed": 12,
           *         "cacheHits": 0,
           *         "unreadable": 0,
           *         "undecodableNames": 0,
           *         "added": 9,
           *         "resolved": 3,
           *         "reopened": 0,
           *         "removed": 0,
           *         "heldBack": 0,
           *         "errors": {},
           *         "warnings": {},
           *         "durationMs": 1204
           *       },
           *       "errors": {}
           *     }
           */
          "application/json": components["schemas"]["ScanProgress"];
        };
      };
      /** @description Missing or wrong API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description No such resource */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  startScan: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: {
      content: {
        /**
         * @example {
         *       "full": true
         *     }
         */
        "application/json": components["schemas"]["ScanRequest"];
      };
    };
    responses: {
      /** @description The scan started */
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "scanId": 7,
           *       "mode": "full"
           *     }
           */
          "application/json": components["schemas"]["ScanStarted"];
        };
      };
      /** @description The request is malformed or fails validation */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Missing or wrong API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Conflicts with work already running */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description The body is not sent as application/json */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  cancelScan: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Cancellation requested */
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "scanId": 7
           *     }
           */
          "application/json": {
            scanId: number;
          };
        };
      };
      /** @description Missing or wrong API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Conflicts with work already running */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  listWanted: {
    parameters: {
      query?: {
        page?: number;
        pageSize?: number;
        /** @description Comma-separated statuses, or `all`. Default: every status except `resolved` (what is still missing or in work). */
        status?: string;
        kind?: "episode" | "movie";
        instance?: string;
        language?: string;
        variant?: "full" | "forced";
        seriesId?: number | null;
        movieId?: number | null;
        /** @description Exact series or movie title (with `instance`, what `seriesId` does for one instance) */
        title?: string;
        /** @description Search: every word must start a word of the title or path (e.g. `break ba s01e02`) */
        q?: string;
        sort?: "added" | "title" | "status" | "language" | "lastSearched" | "retryAfter";
        /** @description Default: ascending for title, status, language and retryAfter; descending (newest first) for added and lastSearched */
        order?: "asc" | "desc";
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A page of items */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "items": [
           *         {
           *           "id": 42,
           *           "status": "wanted",
           *           "language": "de",
           *           "languageName": "German",
           *           "variant": "full",
           *           "kind": "episode",
           *           "instance": "main",
           *           "title": "Breaking Bad",
           *           "season": 1,
           *           "episodes": [
           *             1
           *           ],
           *           "year": 2008,
           *           "seriesId": 1,
           *           "movieId": null,
           *           "path": "/mnt/tv/Breaking Bad/Season 01/Breaking Bad - S01E01 - Pilot Bluray-1080p.mkv",
           *           "satisfiedBy": null,
           *           "upgradeCandidate": false,
           *           "reason": {
           *             "code": "image_based_only",
           *             "text": "German exists but is image-based only (embedded stream 3 (PGS)); the profile takes text streams only (embedded = \"text\")."
           *           },
           *           "attempts": 2,
           *           "maxAttempts": 10,
           *           "lastSearchedAt": "2026-11-24T09:00:00.000Z",
           *           "retryAfter": "2026-11-24T11:00:00.000Z",
           *           "autoSearch": "waiting",
           *           "nextRetryAt": "2026-11-24T11:00:00.000Z",
           *           "lastError": "no subtitle found",
           *           "addedAt": "2026-11-24T10:00:00.000Z",
           *           "updatedAt": "2026-11-24T10:00:00.000Z",
           *           "resolvedAt": null,
           *           "translate": null,
           *           "whisper": null,
           *           "machine": null,
           *           "fileMissingSince": null
           *         }
           *       ],
           *       "page": 1,
           *       "pageSize": 50,
           *       "total": 1
           *     }
           */
          "application/json": components["schemas"]["WantedPage"];
        };
      };
      /** @description The request is malformed or fails validation */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Missing or wrong API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  getWantedSummary: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Counts */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "total": 3,
           *       "byStatus": {
           *         "wanted": 2,
           *         "resolved": 1
           *       },
           *       "wantedByLanguageVariant": [
           *         {
           *           "language": "de",
           *           "variant": "full",
           *           "count": 1
           *         },
           *         {
           *           "language": "en",
           *           "variant": "forced",
           *           "count": 1
           *         }
           *       ],
           *       "byKind": {
           *         "episode": 3
           *       },
           *       "byInstance": {
           *         "main": 3
           *       },
           *       "byLanguage": {
           *         "de": 2,
           *         "en": 1
           *       },
           *       "byExisting": {
           *         "none": 2,
           *         "sidecar": 1
           *       },
           *       "upgradeCandidates": 0,
           *       "fallbacks": {
           *         "translated": 4,
           *         "translationFailures": 1,
           *         "translationMeanMs": 5200,
           *         "transcribed": 0,
           *         "transcriptionFailures": 0,
           *         "transcriptionMeanMs": null
           *       }
           *     }
           */
          "application/json": components["schemas"]["WantedSummary"];
        };
      };
      /** @description Missing or wrong API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  getWantedItem: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: number;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The item */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "id": 42,
           *       "status": "wanted",
           *       "language": "de",
           *       "languageName": "German",
           *       "variant": "full",
           *       "kind": "episode",
           *       "instance": "main",
           *       "title": "Breaking Bad",
           *       "season": 1,
           *       "episodes": [
           *         1
           *       ],
           *       "year": 2008,
           *       "seriesId": 1,
           *       "movieId": null,
           *       "path": "/mnt/tv/Breaking Bad/Season 01/Breaking Bad - S01E01 - Pilot Bluray-1080p.mkv",
           *       "satisfiedBy": null,
           *       "upgradeCandidate": false,
           *       "reason": {
           *         "code": "image_based_only",
           *         "text": "German exists but is image-based only (embedded stream 3 (PGS)); the profile takes text streams only (embedded = \"text\")."
           *       },
           *       "attempts": 2,
           *       "maxAttempts": 10,
           *       "lastSearchedAt": "2026-11-24T09:00:00.000Z",
           *       "retryAfter": "2026-11-24T11:00:00.000Z",
           *       "autoSearch": "waiting",
           *       "nextRetryAt": "2026-11-24T11:00:00.000Z",
           *       "lastError": "no subtitle found",
           *       "addedAt": "2026-11-24T10:00:00.000Z",
           *       "updatedAt": "2026-11-24T10:00:00.000Z",
           *       "resolvedAt": null,
           *       "translate": null,
           *       "whisper": null,
           *       "machine": null,
           *       "fileMissingSince": null,
           *       "file": {
           *         "source": "sonarr",
           *         "arrFileId": 555,
           *         "arrPath": "/tv/Breaking Bad/Season 01/Breaking Bad - S01E01 - Pilot Bluray-1080p.mkv",
           *         "relativePath": "Season 01/Breaking Bad - S01E01 - Pilot Bluray-1080p.mkv",
           *         "size": 2147483648,
           *         "sceneName": "Breaking.Bad.S01E01.1080p.BluRay.x264-ROVERS",
           *         "releaseGroup": "ROVERS",
           *         "dateAdded": "2023-01-05T10:20:00.000Z",
           *         "inspectedAt": "2026-11-24T06:00:00.000Z",
           *         "subtitles": {
           *           "streams": [
           *             {
           *               "index": 2,
           *               "codec": "subrip",
           *               "language": "eng",
           *               "languageIetf": null,
           *               "title": null,
           *               "forced": false,
           *               "hearingImpaired": false,
           *               "default": true,
           *               "textBased": true
           *             },
           *             {
           *               "index": 3,
           *               "codec": "hdmv_pgs_subtitle",
           *               "language": "ger",
           *               "languageIetf": null,
           *               "title": null,
           *               "forced": false,
           *               "hearingImpaired": false,
           *               "default": false,
           *               "textBased": false
           *             }
           *           ],
           *           "sidecars": []
           *         }
           *       }
           *     }
           */
          "application/json": components["schemas"]["WantedItemDetail"];
        };
      };
      /** @description The request is malformed or fails validation */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Missing or wrong API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description No such resource */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  deleteWantedItem: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: number;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Deleted */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description The request is malformed or fails validation */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Missing or wrong API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description No such resource */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  updateWantedItem: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: number;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        /**
         * @example {
         *       "ignored": true
         *     }
         */
        "application/json": components["schemas"]["WantedPatch"];
      };
    };
    responses: {
      /** @description The updated item */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "id": 42,
           *       "status": "ignored",
           *       "language": "de",
           *       "languageName": "German",
           *       "variant": "full",
           *       "kind": "episode",
           *       "instance": "main",
           *       "title": "Breaking Bad",
           *       "season": 1,
           *       "episodes": [
           *         1
           *       ],
           *       "year": 2008,
           *       "seriesId": 1,
           *       "movieId": null,
           *       "path": "/mnt/tv/Breaking Bad/Season 01/Breaking Bad - S01E01 - Pilot Bluray-1080p.mkv",
           *       "satisfiedBy": null,
           *       "upgradeCandidate": false,
           *       "reason": {
           *         "code": "image_based_only",
           *         "text": "German exists but is image-based only (embedded stream 3 (PGS)); the profile takes text streams only (embedded = \"text\")."
           *       },
           *       "attempts": 2,
           *       "maxAttempts": 10,
           *       "lastSearchedAt": "2026-11-24T09:00:00.000Z",
           *       "retryAfter": "2026-11-24T11:00:00.000Z",
           *       "autoSearch": "off",
           *       "nextRetryAt": null,
           *       "lastError": "no subtitle found",
           *       "addedAt": "2026-11-24T10:00:00.000Z",
           *       "updatedAt": "2026-11-24T10:00:00.000Z",
           *       "resolvedAt": null,
           *       "translate": null,
           *       "whisper": null,
           *       "machine": null,
           *       "fileMissingSince": null
           *     }
           */
          "application/json": components["schemas"]["WantedItem"];
        };
      };
      /** @description The request is malformed or fails validation */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Missing or wrong API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description No such resource */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description The body is not sent as application/json */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  listProviders: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Providers, in the order they are asked */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example [
           *       {
           *         "name": "opensubtitles",
           *         "title": "OpenSubtitles",
           *         "goodFor": "Movies and TV; matches by file hash",
           *         "enabled": true,
           *         "priority": 100,
           *         "healthy": true,
           *         "limitation": null,
           *         "credentials": [
           *           {
           *             "key": "providers.opensubtitles.apiKey",
           *             "env": "SUBHOUND_PROVIDERS__OPENSUBTITLES__API_KEY",
           *             "required": true,
           *             "set": true,
           *             "purpose": "API consumer key from opensubtitles.com"
           *           }
           *         ],
           *         "breaker": "closed",
           *         "breakerRetryAt": null,
           *         "consecutiveFailures": 0,
           *         "rateLimit": {
           *           "requests": 5,
           *           "perMs": 1000,
           *           "tokens": 4.2,
           *           "pausedUntil": null,
           *           "waiting": 0
           *         },
           *         "quota": {
           *           "pausedUntil": null,
           *           "reason": null,
           *           "remaining": 17,
           *           "limit": 20,
           *           "resetAt": "2026-11-25T00:00:00.000Z",
           *           "reportedAt": "2026-11-24T09:12:00.000Z"
           *         },
           *         "lastError": null,
           *         "lastTest": {
           *           "ok": true,
           *           "latencyMs": 412,
           *           "message": "API reachable; logged in as me: 17 of 20 downloads left",
           *           "at": "2026-11-24T09:12:00.000Z"
           *         },
           *         "stats": {
           *           "searches": 120,
           *           "searchesWithResults": 97,
           *           "searchFailures": 1,
           *           "downloads": 88,
           *           "downloadFailures": 0,
           *           "requests": 330,
           *           "totalLatencyMs": 49200,
           *           "hitRate": 0.81,
           *           "meanLatencyMs": 410
           *         }
           *       }
           *     ]
           */
          "application/json": components["schemas"]["ProviderStatus"][];
        };
      };
      /** @description Missing or wrong API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  testProvider: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        name: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The test ran */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "ok": false,
           *       "latencyMs": 231,
           *       "message": "the API key was refused (HTTP 403)"
           *     }
           */
          "application/json": components["schemas"]["ProviderTestResult"];
        };
      };
      /** @description Missing or wrong API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description No such resource */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Conflicts with work already running */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  listHistory: {
    parameters: {
      query?: {
        page?: number;
        pageSize?: number;
        /** @description A provider name, or `embedded` / `whisper` for what the fallbacks made */
        provider?: string;
        wantedItemId?: number | null;
        language?: string;
        instance?: string;
        action?:
          | "downloaded"
          | "downloaded-manually"
          | "replaced"
          | "translated"
          | "transcribed"
          | "synced"
          | "fixed"
          | "restored";
        /** @description Substring of the title, release name or path */
        q?: string;
        /** @description Saved at or after this instant (ISO 8601; a bare date is midnight UTC) */
        from?: string;
        /** @description Saved before this instant (exclusive; for a whole last day, give the next day) */
        to?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A page of history */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "items": [
           *         {
           *           "id": 51,
           *           "wantedItemId": 42,
           *           "instance": "main",
           *           "title": "Breaking Bad",
           *           "language": "de",
           *           "variant": "full",
           *           "provider": "opensubtitles",
           *           "candidateId": "4467084",
           *           "release": "Breaking.Bad.S01E01.1080p.BluRay.x264-ROVERS",
           *           "score": 653,
           *           "breakdown": {
           *             "match:hash": 359,
           *             "match:imdb": 180,
           *             "format:srt": 25
           *           },
           *           "format": "srt",
           *           "encoding": "windows-1252",
           *           "path": "/mnt/tv/Breaking Bad/Season 01/Breaking Bad - S01E01 - Pilot Bluray-1080p.de.srt",
           *           "sha256": "9f2c4d0e1b7a6c5d8e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d",
           *           "size": 41873,
           *           "action": "downloaded",
           *           "machine": null,
           *           "blacklistId": null,
           *           "createdAt": "2026-11-24T07:00:12.000Z"
           *         }
           *       ],
           *       "page": 1,
           *       "pageSize": 50,
           *       "total": 1
           *     }
           */
          "application/json": {
            items: components["schemas"]["HistoryEntry"][];
            page: number;
            pageSize: number;
            total: number;
          };
        };
      };
      /** @description The request is malformed or fails validation */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Missing or wrong API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  listBlacklist: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Blacklisted candidates */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example [
           *       {
           *         "id": 3,
           *         "provider": "opensubtitles",
           *         "candidateId": "4467084",
           *         "reason": "out of sync",
           *         "title": "Breaking Bad",
           *         "language": "de",
           *         "release": "Breaking.Bad.S01E01.1080p.BluRay.x264-ROVERS",
           *         "createdAt": "2026-11-24T08:00:00.000Z"
           *       }
           *     ]
           */
          "application/json": components["schemas"]["BlacklistEntry"][];
        };
      };
      /** @description Missing or wrong API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  addBlacklist: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        /**
         * @example {
         *       "provider": "opensubtitles",
         *       "candidateId": "4467084",
         *       "reason": "out of sync"
         *     }
         */
        "application/json": components["schemas"]["BlacklistInput"];
      };
    };
    responses: {
      /** @description Blacklisted (or already was) */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "id": 3,
           *       "provider": "opensubtitles",
           *       "candidateId": "4467084",
           *       "reason": "out of sync",
           *       "title": "Breaking Bad",
           *       "language": "de",
           *       "release": "Breaking.Bad.S01E01.1080p.BluRay.x264-ROVERS",
           *       "createdAt": "2026-11-24T08:00:00.000Z"
           *     }
           */
          "application/json": components["schemas"]["BlacklistEntry"];
        };
      };
      /** @description The request is malformed or fails validation */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Missing or wrong API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description The body is not sent as application/json */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  blacklistHistoryEntry: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: number;
      };
      cookie?: never;
    };
    requestBody?: {
      content: {
        /**
         * @example {
         *       "reason": "out of sync"
         *     }
         */
        "application/json": components["schemas"]["HistoryBlacklistInput"];
      };
    };
    responses: {
      /** @description Blacklisted (or already was) */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "id": 3,
           *       "provider": "opensubtitles",
           *       "candidateId": "4467084",
           *       "reason": "out of sync",
           *       "title": "Breaking Bad",
           *       "language": "de",
           *       "release": "Breaking.Bad.S01E01.1080p.BluRay.x264-ROVERS",
           *       "createdAt": "2026-11-24T08:00:00.000Z"
           *     }
           */
          "application/json": components["schemas"]["BlacklistEntry"];
        };
      };
      /** @description The request is malformed or fails validation */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Missing or wrong API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description No such resource */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Conflicts with work already running */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description The body is not sent as application/json */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  deleteBlacklist: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: number;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Removed */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description The request is malformed or fails validation */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Missing or wrong API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description No such resource */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  getDownloadsPerDay: {
    parameters: {
      query?: {
        days?: number;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Counts per day */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "days": [
           *         {
           *           "date": "2026-11-23",
           *           "downloaded": 12,
           *           "translated": 1,
           *           "transcribed": 0
           *         },
           *         {
           *           "date": "2026-11-24",
           *           "downloaded": 4,
           *           "translated": 0,
           *           "transcribed": 1
           *         }
           *       ]
           *     }
           */
          "application/json": components["schemas"]["DailyDownloads"];
        };
      };
      /** @description The request is malformed or fails validation */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Missing or wrong API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  getActivity: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Scan and search state */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "scan": null,
           *       "search": {
           *         "runId": 3,
           *         "trigger": "api",
           *         "scope": {},
           *         "status": "running",
           *         "total": 120,
           *         "done": 40,
           *         "found": 31,
           *         "notFound": 8,
           *         "failed": 1,
           *         "skipped": 0,
           *         "current": "Breaking Bad S01 [de]",
           *         "startedAt": "2026-11-24T10:00:00.000Z",
           *         "finishedAt": null,
           *         "transcribing": []
           *       }
           *     }
           */
          "application/json": components["schemas"]["Activity"];
        };
      };
      /** @description Missing or wrong API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  listTasks: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The jobs */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example [
           *       {
           *         "name": "wanted-scan",
           *         "description": "Scans the library for video files missing subtitles in your languages",
           *         "schedule": "0 *\/6 * * *",
           *         "scheduleText": "On the hour, every 6 hours",
           *         "timezone": "UTC",
           *         "nextRun": "2026-11-24T12:00:00.000Z",
           *         "lastRun": "2026-11-24T06:00:00.000Z",
           *         "lastOutcome": "succeeded",
           *         "lastFinishedAt": "2026-11-24T06:00:41.000Z",
           *         "lastDurationMs": 41200,
           *         "lastError": null,
           *         "running": true,
           *         "currentRun": {
           *           "id": 43,
           *           "trigger": "manual",
           *           "startedAt": "2026-11-24T09:00:00.000Z",
           *           "done": 120,
           *           "total": 410,
           *           "phase": "scanning sonarr:sonarr",
           *           "current": "Breaking Bad"
           *         }
           *       }
           *     ]
           */
          "application/json": components["schemas"]["Task"][];
        };
      };
      /** @description Missing or wrong API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  runTask: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        name: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The run started */
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "runId": 42
           *     }
           */
          "application/json": {
            runId: number;
          };
        };
      };
      /** @description Missing or wrong API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description No such resource */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Conflicts with work already running */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  cancelTask: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        name: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Cancellation requested */
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "runId": 42
           *     }
           */
          "application/json": {
            runId: number;
          };
        };
      };
      /** @description Missing or wrong API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description No such resource */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Conflicts with work already running */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  getTaskHistory: {
    parameters: {
      query?: {
        limit?: number;
      };
      header?: never;
      path: {
        name: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The runs */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example [
           *       {
           *         "id": 42,
           *         "job": "maintenance",
           *         "trigger": "schedule",
           *         "startedAt": "2026-11-24T03:30:00.000Z",
           *         "finishedAt": "2026-11-24T03:30:02.000Z",
           *         "outcome": "succeeded",
           *         "summary": {
           *           "probeCachePruned": 3,
           *           "integrityCheck": "ok"
           *         },
           *         "error": null,
           *         "durationMs": 1870
           *       }
           *     ]
           */
          "application/json": components["schemas"]["TaskRun"][];
        };
      };
      /** @description The request is malformed or fails validation */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Missing or wrong API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description No such resource */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  receiveSonarrWebhookPut: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/json": components["schemas"]["SonarrWebhook"];
      };
    };
    responses: {
      /** @description Accepted; the work runs in the background */
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "accepted": true,
           *       "eventType": "Download",
           *       "action": "import",
           *       "instance": "sonarr"
           *     }
           */
          "application/json": components["schemas"]["WebhookAccepted"];
        };
      };
      /** @description The request is malformed or fails validation */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Missing or wrong API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  receiveSonarrWebhook: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/json": components["schemas"]["SonarrWebhook"];
      };
    };
    responses: {
      /** @description Accepted; the work runs in the background */
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "accepted": true,
           *       "eventType": "Download",
           *       "action": "import",
           *       "instance": "sonarr"
           *     }
           */
          "application/json": components["schemas"]["WebhookAccepted"];
        };
      };
      /** @description The request is malformed or fails validation */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Missing or wrong API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  receiveRadarrWebhookPut: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/json": components["schemas"]["RadarrWebhook"];
      };
    };
    responses: {
      /** @description Accepted; the work runs in the background */
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "accepted": true,
           *       "eventType": "Download",
           *       "action": "import",
           *       "instance": "radarr"
           *     }
           */
          "application/json": components["schemas"]["WebhookAccepted"];
        };
      };
      /** @description The request is malformed or fails validation */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Missing or wrong API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  receiveRadarrWebhook: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        "application/json": components["schemas"]["RadarrWebhook"];
      };
    };
    responses: {
      /** @description Accepted; the work runs in the background */
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "accepted": true,
           *       "eventType": "Download",
           *       "action": "import",
           *       "instance": "radarr"
           *     }
           */
          "application/json": components["schemas"]["WebhookAccepted"];
        };
      };
      /** @description The request is malformed or fails validation */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Missing or wrong API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  streamEvents: {
    parameters: {
      query?: never;
      header?: {
        /** @description The id of the last event received before reconnecting */
        "last-event-id"?: string;
      };
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description An endless event stream */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "text/event-stream": string;
        };
      };
      /** @description The request is malformed or fails validation */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Missing or wrong API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  getProfiles: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Profiles */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "default": {
           *         "languages": [
           *           "en",
           *           "de"
           *         ],
           *         "forced": "off",
           *         "hearingImpaired": "include",
           *         "embedded": "text",
           *         "formats": [
           *           "ass",
           *           "srt"
           *         ],
           *         "upgradeSrtToAss": false,
           *         "translate": true,
           *         "whisper": true,
           *         "translateFrom": [
           *           "en"
           *         ]
           *       },
           *       "overrides": [
           *         {
           *           "id": 3,
           *           "instance": "main",
           *           "kind": "series",
           *           "arrId": 1,
           *           "override": {
           *             "languages": [
           *               "ja",
           *               "en"
           *             ],
           *             "forced": "separate"
           *           },
           *           "updatedAt": "2026-11-24T10:00:00.000Z"
           *         }
           *       ]
           *     }
           */
          "application/json": {
            default: components["schemas"]["Profile"];
            overrides: components["schemas"]["ProfileOverride"][];
          };
        };
      };
      /** @description Missing or wrong API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  putProfileOverride: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        /**
         * @example {
         *       "instance": "main",
         *       "kind": "series",
         *       "arrId": 1,
         *       "override": {
         *         "languages": [
         *           "ja",
         *           "en"
         *         ]
         *       }
         *     }
         */
        "application/json": components["schemas"]["ProfileOverrideInput"];
      };
    };
    responses: {
      /** @description The stored override */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "id": 3,
           *       "instance": "main",
           *       "kind": "series",
           *       "arrId": 1,
           *       "override": {
           *         "languages": [
           *           "ja",
           *           "en"
           *         ],
           *         "forced": "separate"
           *       },
           *       "updatedAt": "2026-11-24T10:00:00.000Z"
           *     }
           */
          "application/json": components["schemas"]["ProfileOverride"];
        };
      };
      /** @description The request is malformed or fails validation */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Missing or wrong API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description The body is not sent as application/json */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  getProfileOverride: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: number;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The override */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "id": 3,
           *       "instance": "main",
           *       "kind": "series",
           *       "arrId": 1,
           *       "override": {
           *         "languages": [
           *           "ja",
           *           "en"
           *         ],
           *         "forced": "separate"
           *       },
           *       "updatedAt": "2026-11-24T10:00:00.000Z"
           *     }
           */
          "application/json": components["schemas"]["ProfileOverride"];
        };
      };
      /** @description The request is malformed or fails validation */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Missing or wrong API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description No such resource */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  deleteProfileOverride: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: number;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Deleted */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description The request is malformed or fails validation */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Missing or wrong API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description No such resource */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  listSubtitleSyncs: {
    parameters: {
      query?: {
        page?: number;
        pageSize?: number;
        historyId?: number | null;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A page of syncs */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "items": [
           *         {
           *           "id": 7,
           *           "historyId": 51,
           *           "path": "/mnt/tv/Breaking Bad/Season 01/Breaking Bad - S01E01 - Pilot Bluray-1080p.de.srt",
           *           "method": "audio",
           *           "reference": {
           *             "kind": "audio"
           *           },
           *           "status": "succeeded",
           *           "phase": null,
           *           "outcome": "synced",
           *           "reason": "moved by up to 2513 ms (audio)",
           *           "offsetMs": -2480,
           *           "ratio": 1,
           *           "ratioLabel": "1",
           *           "confidence": 0.412,
           *           "originalSha256": "9f2c4d0e1b7a6c5d8e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d",
           *           "resultHistoryId": 52,
           *           "restoredHistoryId": null,
           *           "startedAt": "2026-11-24T07:05:00.000Z",
           *           "finishedAt": "2026-11-24T07:05:06.000Z",
           *           "restoredAt": null
           *         }
           *       ],
           *       "page": 1,
           *       "pageSize": 50,
           *       "total": 1
           *     }
           */
          "application/json": {
            items: components["schemas"]["SubtitleSync"][];
            page: number;
            pageSize: number;
            total: number;
          };
        };
      };
      /** @description The request is malformed or fails validation */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Missing or wrong API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  startSubtitleSync: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        /**
         * @example {
         *       "historyId": 51,
         *       "reference": {
         *         "kind": "audio"
         *       }
         *     }
         */
        "application/json": components["schemas"]["SubtitleSyncInput"];
      };
    };
    responses: {
      /** @description Queued; poll its record */
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "id": 7,
           *       "historyId": 51,
           *       "path": "/mnt/tv/Breaking Bad/Season 01/Breaking Bad - S01E01 - Pilot Bluray-1080p.de.srt",
           *       "method": "audio",
           *       "reference": {
           *         "kind": "audio"
           *       },
           *       "status": "running",
           *       "phase": "queued",
           *       "outcome": null,
           *       "reason": null,
           *       "offsetMs": null,
           *       "ratio": null,
           *       "ratioLabel": null,
           *       "confidence": null,
           *       "originalSha256": null,
           *       "resultHistoryId": null,
           *       "restoredHistoryId": null,
           *       "startedAt": "2026-11-24T07:05:00.000Z",
           *       "finishedAt": null,
           *       "restoredAt": null
           *     }
           */
          "application/json": components["schemas"]["SubtitleSync"];
        };
      };
      /** @description The request is malformed or fails validation */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Missing or wrong API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description No such resource */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Conflicts with work already running */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description The body is not sent as application/json */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  getSubtitleSync: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: number;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The sync */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "id": 7,
           *       "historyId": 51,
           *       "path": "/mnt/tv/Breaking Bad/Season 01/Breaking Bad - S01E01 - Pilot Bluray-1080p.de.srt",
           *       "method": "audio",
           *       "reference": {
           *         "kind": "audio"
           *       },
           *       "status": "succeeded",
           *       "phase": null,
           *       "outcome": "synced",
           *       "reason": "moved by up to 2513 ms (audio)",
           *       "offsetMs": -2480,
           *       "ratio": 1,
           *       "ratioLabel": "1",
           *       "confidence": 0.412,
           *       "originalSha256": "9f2c4d0e1b7a6c5d8e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d",
           *       "resultHistoryId": 52,
           *       "restoredHistoryId": null,
           *       "startedAt": "2026-11-24T07:05:00.000Z",
           *       "finishedAt": "2026-11-24T07:05:06.000Z",
           *       "restoredAt": null
           *     }
           */
          "application/json": components["schemas"]["SubtitleSync"];
        };
      };
      /** @description The request is malformed or fails validation */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Missing or wrong API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description No such resource */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  cancelSubtitleSync: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: number;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Stopping */
      202: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description The request is malformed or fails validation */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Missing or wrong API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description No such resource */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Conflicts with work already running */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  fixSubtitle: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        /**
         * @example {
         *       "historyId": 51,
         *       "removeHearingImpaired": true,
         *       "fixOcr": true,
         *       "shiftMs": -500
         *     }
         */
        "application/json": components["schemas"]["SubtitleFixInput"];
      };
    };
    responses: {
      /** @description Fixed, or unchanged when there was nothing to fix */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "id": 7,
           *       "historyId": 51,
           *       "path": "/mnt/tv/Breaking Bad/Season 01/Breaking Bad - S01E01 - Pilot Bluray-1080p.de.srt",
           *       "method": "fixes",
           *       "reference": {
           *         "removeHearingImpaired": true,
           *         "fixOcr": true,
           *         "shiftMs": -500
           *       },
           *       "status": "succeeded",
           *       "phase": null,
           *       "outcome": "fixed",
           *       "reason": null,
           *       "offsetMs": -500,
           *       "ratio": null,
           *       "ratioLabel": null,
           *       "confidence": null,
           *       "originalSha256": "9f2c4d0e1b7a6c5d8e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d",
           *       "resultHistoryId": 52,
           *       "restoredHistoryId": null,
           *       "startedAt": "2026-11-24T07:05:00.000Z",
           *       "finishedAt": "2026-11-24T07:05:06.000Z",
           *       "restoredAt": null
           *     }
           */
          "application/json": components["schemas"]["SubtitleSync"];
        };
      };
      /** @description The request is malformed or fails validation */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Missing or wrong API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description No such resource */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Conflicts with work already running */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description The body is not sent as application/json */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
  restoreSubtitleSync: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: number;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Restored */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "id": 7,
           *       "historyId": 51,
           *       "path": "/mnt/tv/Breaking Bad/Season 01/Breaking Bad - S01E01 - Pilot Bluray-1080p.de.srt",
           *       "method": "audio",
           *       "reference": {
           *         "kind": "audio"
           *       },
           *       "status": "succeeded",
           *       "phase": null,
           *       "outcome": "synced",
           *       "reason": "moved by up to 2513 ms (audio)",
           *       "offsetMs": -2480,
           *       "ratio": 1,
           *       "ratioLabel": "1",
           *       "confidence": 0.412,
           *       "originalSha256": "9f2c4d0e1b7a6c5d8e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d",
           *       "resultHistoryId": 52,
           *       "restoredHistoryId": 53,
           *       "startedAt": "2026-11-24T07:05:00.000Z",
           *       "finishedAt": "2026-11-24T07:05:06.000Z",
           *       "restoredAt": "2026-11-24T08:00:00.000Z"
           *     }
           */
          "application/json": components["schemas"]["SubtitleSync"];
        };
      };
      /** @description The request is malformed or fails validation */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Missing or wrong API key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description No such resource */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
      /** @description Conflicts with work already running */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          "application/problem+json": components["schemas"]["Problem"];
        };
      };
    };
  };
}
