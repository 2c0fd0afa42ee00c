import { Cron } from "croner";
import { z } from "zod";
import { isLanguageCode, LANGUAGE_CODE_HINT } from "../media/language-code.ts";
import { isSubtitleFolderName } from "../media/subtitle-folders.ts";
import { exclusionHost, proxyUrlProblem } from "../net/proxy.ts";
import { AUDIO_RULE_NAMES, conflictingAudioRules } from "./audio-rules.ts";
import { bool, httpUrl, int, list, num, secret } from "./fields.ts";
import { HEARING_IMPAIRED_TAGS, LANGUAGE_CODE_FORMS } from "./naming.ts";
import { notificationsSchema } from "./notifications.ts";
import { CUTOFF_REFUSAL, checkProfileCutoffs, isCutoffValue } from "./profile-cutoff.ts";
import { checkProfileTags, profileSetSchemas } from "./profile-sets.ts";
import { providersSchema } from "./providers.ts";
import { SUBTITLE_FIX_NAMES } from "./subtitle-fixes.ts";

/**
 * The one description of every setting. Defaults live here; `config.toml` and `SUBHOUND_*`
 * variables only override. Every key is camelCase, the same in TOML and in the schema.
 */

/** Why croner rejects `pattern`, or null; a one-off date is not a schedule. */
function cronProblem(pattern: string): string | null {
  if (!pattern.trim().startsWith("@") && pattern.trim().split(/\s+/).length < 5)
    return "expected 5 to 7 space-separated fields (or a nickname such as @daily)";
  try {
    new Cron(pattern, { paused: true }).stop();
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}
const cron = z
  .string()
  .min(1)
  .check((ctx) => {
    const problem = cronProblem(ctx.value);
    if (problem)
      ctx.issues.push({
        code: "custom",
        input: ctx.value,
        message: `invalid cron expression ${JSON.stringify(ctx.value)}: ${problem}`,
      });
  });

export const pathMappingSchema = z.strictObject({
  from: z
    .string()
    .min(1)
    .describe("Path prefix as the remote app (or media server) sees it, e.g. /tv or D:\\\\TV"),
  to: z.string().min(1).describe("The same folder as Subhound sees it"),
});
export type PathMapping = z.infer<typeof pathMappingSchema>;

const arrInstance = (defaultName: string, port: number) =>
  z.strictObject({
    name: z
      .string()
      .min(1)
      .default(defaultName)
      .describe("Instance name shown in the API and matched against webhooks' instanceName"),
    url: httpUrl.describe(`Base URL including any URL base, e.g. http://${defaultName}:${port}`),
    apiKey: secret.describe("Settings → General → API Key in the arr app"),
    enabled: bool.default(true).describe("Skip this instance when false"),
    pathMappings: z
      .array(pathMappingSchema)
      .default([])
      .describe("This instance's remote-to-local path prefixes; longest match wins"),
    timeoutMs: int(100).default(15_000).describe("Per-request timeout"),
    retries: int(0, 10).default(3).describe("Retries on network errors and 5xx, with backoff"),
  });
export type ArrInstanceConfig = z.infer<ReturnType<typeof arrInstance>>;

const languageCode = z
  .string()
  .trim()
  .refine(isLanguageCode, { error: (issue) => `${LANGUAGE_CODE_HINT}, got ${JSON.stringify(issue.input)}` });

export const profileSchema = z.strictObject({
  /** `separate`: also want a forced (foreign parts) subtitle per language. */
  forced: z
    .enum(["off", "separate"])
    .default("off")
    .describe("separate: also want a forced (foreign parts) subtitle per language"),
  hearingImpaired: z
    .enum(["include", "prefer", "exclude"])
    .default("include")
    .describe("Whether hearing-impaired (SDH) subtitles are acceptable, preferred or refused"),
  /** Which embedded streams satisfy a language: text streams only, any stream (also PGS/VobSub), none. */
  embedded: z
    .enum(["text", "any", "none"])
    .default("text")
    .describe("Which embedded streams satisfy a language: text ones, any (also PGS/VobSub), none"),
  formats: list(z.enum(["ass", "ssa", "srt", "vtt"]))
    .default(["ass", "srt"])
    .describe("Subtitle formats in order of preference"),
  upgradeSrtToAss: bool.default(false).describe("Keep searching for an ASS when only an SRT exists"),
  translate: bool
    .default(true)
    .describe(
      "When no subtitle exists in a wanted language, translate one in translation.sourceLanguages (needs translation.chain)",
    ),
  whisper: bool
    .default(true)
    .describe("When nothing is found at all, transcribe the audio (needs whisper.enabled)"),
  upgradeCutoff: int(0)
    .optional()
    .describe(
      "Score at which a downloaded subtitle is good enough: the upgrade job no longer re-searches it; unset = the best score possible for the item",
    ),
  syncAfterDownload: bool
    .default(false)
    .describe(
      "After a download, fit the subtitle to the video (embedded text stream, else audio; needs ffmpeg)",
    ),
  fixes: list(z.enum(SUBTITLE_FIX_NAMES))
    .default([])
    .describe(
      "Fixes applied to a downloaded subtitle before it is saved: removeHearingImpaired (not when HI is preferred), removeTags, fixOcr",
    ),
  monitoredOnly: bool
    .default(false)
    .describe("Want nothing for unmonitored series, seasons, episodes and movies (Sonarr/Radarr)"),
  skipSpecials: bool.default(false).describe("Want nothing for season 0 (specials)"),
  audioRules: list(z.enum(AUDIO_RULE_NAMES))
    .refine((rules) => conflictingAudioRules(rules) === null, {
      error: (issue) => conflictingAudioRules(issue.input as never) ?? "conflicting audio rules",
    })
    .default([])
    .describe(
      "Audio-language rules: skip-audio-language, forced-only-foreign-audio, forced-only-audio-language (see README)",
    ),
  extractEmbedded: bool
    .default(false)
    .describe(
      "After a scan, extract an embedded text stream that satisfies a wanted language to a sidecar (for players that cannot show embedded tracks)",
    ),
  cutoff: z
    .string()
    .trim()
    .refine(isCutoffValue, CUTOFF_REFUSAL)
    .optional()
    .describe(
      'Once a subtitle in this language is there, the other languages are no longer wanted for that file: "any" (any language of the profile) or one of its languages; unset or "off" = want every language',
    ),
});

const profileSets = profileSetSchemas(profileSchema.shape, languageCode);

/** The `{{name}}` placeholders of `postProcessing.command` and what each becomes (src/postprocess fills them in). */
export const POST_PROCESSING_PLACEHOLDERS = {
  subtitles: "the saved subtitle's absolute path",
  video: "the video's absolute path (empty if it cannot be told)",
  directory: "the subtitle's folder: the video's, or its Subs folder under naming.folder",
  language: "the subtitle's language code (de, pt-BR), whatever [naming] writes in its file name",
  language_code2: "its ISO 639-1 code (pt for pt-BR)",
  language_code3: "its ISO 639-2/T code (por for pt-BR)",
  variant: "full, hi or forced",
  provider: "the provider, or upload, embedded or whisper",
  score: "the score in points, as History shows it (0 when no provider scored it)",
  title: "the series or movie title",
  season: "the season number (empty for a movie)",
  episode: "the episode number, several joined by commas (empty for a movie)",
  action:
    "what saved it: downloaded, downloaded-manually, replaced, upgraded, translated, transcribed, uploaded, extracted, synced, fixed or restored",
} as const;
/** `{{name}}`, spaces inside the braces allowed. */
export const PLACEHOLDER_PATTERN = /\{\{\s*([^{}]*?)\s*\}\}/g;

const COMMAND_EXAMPLE = '["/usr/bin/chmod", "664", "{{subtitles}}"]';
/**
 * A program and its arguments, never a shell line: each element reaches the program as one argument
 * whatever a file name holds. From the environment the whole list is one JSON array (a comma list
 * would split arguments).
 */
const postProcessingCommand = z
  .preprocess(
    (value) => {
      if (typeof value !== "string" || !value.trim().startsWith("[")) return value;
      try {
        return JSON.parse(value);
      } catch {
        return value;
      }
    },
    z.array(
      z
        .string({ error: "expected a string" })
        .refine((s) => !s.includes("\0"), "must not hold a NUL character"),
      {
        error: (issue) =>
          typeof issue.input === "string"
            ? `expected the program and its arguments as a list, e.g. ${COMMAND_EXAMPLE}; a string is not split into arguments (there is no shell)`
            : undefined,
      },
    ),
  )
  .superRefine((argv, ctx) => {
    argv.forEach((argument, index) => {
      for (const [, name] of argument.matchAll(PLACEHOLDER_PATTERN))
        if (!Object.hasOwn(POST_PROCESSING_PLACEHOLDERS, name!))
          ctx.addIssue({
            code: "custom",
            path: [index],
            message: `unknown placeholder {{${name}}}; known: ${Object.keys(POST_PROCESSING_PLACEHOLDERS)
              .map((n) => `{{${n}}}`)
              .join(", ")}`,
          });
    });
    const program = argv[0];
    if (program === undefined) return;
    // A file name must never choose the program: a placeholder there would let one.
    if (program.match(PLACEHOLDER_PATTERN))
      ctx.addIssue({
        code: "custom",
        path: [0],
        message: "the program cannot hold a placeholder; pass the values as its arguments",
      });
    else if (program.trim() === "" || (program.includes("/") && !program.startsWith("/")))
      ctx.addIssue({
        code: "custom",
        path: [0],
        message: `expected an absolute path or the name of a program on PATH, got ${JSON.stringify(program)}`,
      });
  });

const configObject = z.strictObject({
  dataDir: z
    .string()
    .min(1)
    .default("./data")
    .describe("Where the database, the generated API key and backups live; config.toml is read from here"),
  server: z
    .strictObject({
      host: z.string().min(1).default("0.0.0.0").describe("Address to listen on"),
      // 0 asks the OS for a free port (the bound one is logged).
      port: int(0, 65535).default(6868).describe("TCP port (0 picks a free one and logs it)"),
      urlBase: z
        .string()
        .default("")
        .transform((s) => (s === "" || s === "/" ? "" : `/${s.replace(/^\/+|\/+$/g, "")}`))
        .describe("Path prefix when served behind a reverse proxy, e.g. /subhound"),
      shutdownTimeoutMs: int(0).default(10_000).describe("How long SIGTERM waits for in-flight requests"),
    })
    .prefault({}),
  auth: z
    .strictObject({
      apiKey: z
        .string()
        .min(16, "must be at least 16 characters")
        .optional()
        .describe("Key clients send as X-Api-Key; generated and stored on first start when unset"),
      username: z
        .string()
        .min(1)
        .optional()
        .describe("Web UI login; with auth.password it replaces the one made on the setup page"),
      password: secret
        .optional()
        .describe("Web UI password, plain or an argon2id hash ($argon2id$…, from Bun.password.hash)"),
      localBypass: bool
        .default(false)
        .describe("Requests from loopback or private addresses need no web UI login (not behind a proxy)"),
      sessionDays: int(1, 365).default(30).describe("A web UI session ends after this many days unused"),
    })
    .refine((a) => (a.username === undefined) === (a.password === undefined), {
      message: "auth.username and auth.password are set together or not at all",
      path: ["password"],
    })
    .prefault({}),
  log: z
    .strictObject({
      level: z
        .enum(["debug", "info", "warn", "error"])
        .default("info")
        .describe("Minimum level written; at debug, logged errors include their stacks"),
      format: z
        .enum(["auto", "json", "pretty"])
        .default("auto")
        .describe("auto = JSON lines unless stderr is a terminal"),
    })
    .prefault({}),
  database: z
    .strictObject({
      /** WAL breaks on network filesystems (NFS/SMB); switch it off there. */
      wal: bool.default(true).describe("SQLite write-ahead log; turn off when the data dir is on NFS/SMB"),
    })
    .prefault({}),
  sonarr: z.array(arrInstance("sonarr", 8989)).default([]).describe("Sonarr instances ([[sonarr]] tables)"),
  radarr: z.array(arrInstance("radarr", 7878)).default([]).describe("Radarr instances ([[radarr]] tables)"),
  /** Applied after an instance's own mappings: longest matching prefix wins. */
  pathMappings: z
    .array(pathMappingSchema)
    .default([])
    .describe("Global remote-to-local path prefixes, tried after each instance's own"),
  standalone: z
    .strictObject({
      roots: list(z.string().min(1)).default([]).describe("Folders scanned without any arr app"),
    })
    .prefault({}),
  languages: list(languageCode)
    .default(["en"])
    .describe("Subtitle languages you want (ISO 639-1 or BCP-47, e.g. en, de, pt-BR)"),
  profile: profileSchema.prefault({}),
  profiles: profileSets.profiles,
  profileTags: profileSets.profileTags,
  naming: z
    .strictObject({
      hearingImpairedTag: z
        .enum(HEARING_IMPAIRED_TAGS)
        .default("hi")
        .describe(
          "Tag of a saved hearing-impaired subtitle: hi (Bazarr's, Movie.en.hi.srt), sdh (Plex's, Movie.en.sdh.srt) or cc; a forced one is always .forced",
        ),
      languageCode: z
        .enum(LANGUAGE_CODE_FORMS)
        .default("alpha2")
        .describe(
          "Language code in saved subtitles' names: alpha2 = ISO 639-1 (en, de), alpha3 = ISO 639-2/B as Sonarr, Radarr and Matroska write it (eng, ger); a regional code stays as it is (pt-BR). Files already saved keep their names",
        ),
      folder: z
        .string()
        .default("")
        .refine((name) => name === "" || isSubtitleFolderName(name), {
          message:
            "must be empty (beside the video) or Subs or Subtitles (any case): the folders a scan reads",
        })
        .describe(
          'Where saved subtitles go: "" beside the video (Movie.en.srt), or "Subs" / "Subtitles" for a folder of that name beside the video (Subs/Movie.en.srt): one there already in another case (subs/) is used, else it is created as spelt here. Files already saved stay where they are',
        ),
    })
    .prefault({}),
  scan: z
    .strictObject({
      schedule: cron.default("0 */6 * * *").describe("Cron expression for the library scan"),
      fullEvery: int(1)
        .default(6)
        .describe(
          "Every Nth scheduled scan is a full scan; the others are incremental. A full scan of the whole library asked for (API, CLI) starts the count again",
        ),
      probeEngine: z
        .enum(["auto", "native", "ffprobe"])
        .default("auto")
        .describe("auto = native MKV/MP4 reader, ffprobe for other containers"),
      ffprobePath: z.string().min(1).optional().describe("ffprobe binary; default: ffprobe on PATH"),
      ffprobeConcurrency: int(1, 64).default(4).describe("ffprobe processes at once"),
      ffprobeTimeoutMs: int(100).default(30_000).describe("ffprobe is killed after this long"),
      maxRemovalShare: num(0, 1)
        .default(0.25)
        .describe(
          "Share (0–1) of an instance's files a full scan may find gone and remove at once; past it they wait for the next full scan to agree",
        ),
    })
    .prefault({}),
  search: z
    .strictObject({
      schedule: cron.default("0 * * * *").describe("Cron expression for searching wanted items"),
      concurrency: int(1, 32).default(4).describe("Items searched in parallel"),
      maxAttempts: int(1)
        .default(10)
        .describe(
          "Automatic searches per item at the backoff pace; afterAttemptsEveryDays says what follows",
        ),
      backoffBaseMinutes: int(1).default(60).describe("Wait after the first miss; doubles per miss"),
      backoffCapHours: int(1).default(168).describe("Longest wait between searches of one item"),
      afterAttemptsEveryDays: int(0, 365)
        .default(7)
        .describe(
          "Once maxAttempts are spent, search the item again every this many days, without end (Bazarr's adaptive searching: weekly); 0 = no more automatic searches",
        ),
      minScore: int(0).default(0).describe("Candidates scoring below this are never downloaded"),
      minScorePercent: z
        .strictObject({
          episodes: int(0, 100)
            .default(0)
            .describe(
              "Episodes: candidates below this share (%) of the item's best score without a hash match are never downloaded; Bazarr uses 90",
            ),
          movies: int(0, 100)
            .default(0)
            .describe(
              "Movies: candidates below this share (%) of the item's best score without a hash match are never downloaded; Bazarr uses 70",
            ),
        })
        .prefault({}),
      itemsPerRun: int(1).default(500).describe("Items one scheduled search looks at"),
      requestTimeoutMs: int(100).default(20_000).describe("Per-request timeout for providers"),
    })
    .prefault({}),
  webhooks: z
    .strictObject({
      scanOnImport: bool
        .default(true)
        .describe("Scan the imported files when Sonarr/Radarr report a download (Connect → Webhook)"),
      searchOnImport: bool
        .default(true)
        .describe("Search subtitles for the items an imported file adds to the wanted list"),
      searchDelaySeconds: int(0, 86_400)
        .default(0)
        .describe("Wait this long after the import scan before searching (lets sidecars arrive first)"),
    })
    .prefault({}),
  providers: providersSchema,
  translation: z
    .strictObject({
      /** Backends tried in order; empty means translation is off. */
      chain: list(z.enum(["ollama", "openai", "deepl", "libretranslate"]))
        .default([])
        .describe("Translation backends tried in order; empty = translation off"),
      sourceLanguages: list(languageCode)
        .default(["en"])
        .describe("Languages a subtitle may be translated from"),
      ollama: z
        .strictObject({
          url: httpUrl.default("http://127.0.0.1:11434").describe("Ollama server"),
          model: z.string().default("llama3.2").describe("Model name as `ollama list` shows it"),
          contextLength: int(2048, 131_072)
            .default(8192)
            .describe(
              "Context window asked for (num_ctx), in tokens: Ollama's own default cuts a batch's prompt short without saying so; lower it if the model runs out of memory",
            ),
        })
        .prefault({}),
      openai: z
        .strictObject({
          url: httpUrl.default("https://api.openai.com/v1").describe("Base URL of an OpenAI-compatible API"),
          apiKey: secret.optional().describe("Its API key, sent as Bearer"),
          model: z.string().default("gpt-4o-mini").describe("Chat model of the OpenAI-compatible server"),
        })
        .prefault({}),
      deepl: z
        .strictObject({
          apiKey: secret.optional().describe("DeepL API key; one ending in :fx is a free-plan key"),
          url: httpUrl
            .optional()
            .describe(
              "API base URL; unset: https://api-free.deepl.com for :fx keys, else https://api.deepl.com",
            ),
        })
        .prefault({}),
      libretranslate: z
        .strictObject({
          url: httpUrl.default("http://127.0.0.1:5000").describe("LibreTranslate server"),
          apiKey: secret.optional().describe("Its API key, when the server requires one"),
        })
        .prefault({}),
    })
    .prefault({}),
  mediaServers: z
    .array(
      z.strictObject({
        type: z.enum(["jellyfin", "emby", "plex"]).describe("Which kind of server this table is for"),
        name: z.string().min(1).optional().describe("Shown in health; defaults to the type"),
        url: httpUrl.describe("e.g. http://jellyfin:8096 or http://plex:32400"),
        apiKey: secret.describe("Jellyfin/Emby API key or Plex token"),
        enabled: bool.default(true).describe("Skip this server when false"),
        pathMappings: z
          .array(pathMappingSchema)
          .default([])
          .describe("from = the folder as the media server sees it, to = as Subhound sees it"),
      }),
    )
    .default([])
    .describe(
      "Jellyfin, Emby and Plex servers ([[mediaServers]] tables): told to refresh a folder after a save; their webhooks need them",
    ),
  notifications: notificationsSchema,
  whisper: z
    .strictObject({
      enabled: bool.default(false).describe("Transcribe with Whisper when no subtitle exists"),
      backend: z
        .enum(["asr-webservice", "openai"])
        .default("asr-webservice")
        .describe("asr-webservice = whisper-asr-webservice; openai = an OpenAI-compatible transcription API"),
      url: httpUrl
        .default("http://127.0.0.1:9000")
        .describe("whisper-asr-webservice or OpenAI-compatible base URL"),
      apiKey: secret.optional().describe("API key of the openai backend, sent as Bearer"),
      model: z.string().default("whisper-1").describe("Model for the OpenAI-compatible backend"),
      timeoutMs: int(1000).default(3_600_000).describe("Timeout of one transcription"),
      concurrency: int(1, 8).default(1).describe("Transcriptions at once"),
    })
    .prefault({}),
  disk: z
    .strictObject({
      /** Extra folders whose free space health reports; media roots of standalone are always included. */
      mediaPaths: list(z.string().min(1))
        .default([])
        .describe("Folders whose free space health reports (standalone roots are always included)"),
      minFreePercent: num(0, 100)
        .default(5)
        .describe("disk_* health turns unhealthy below this free percentage"),
    })
    .prefault({}),
  health: z
    .strictObject({
      timeoutMs: int(100)
        .default(5_000)
        .describe("Timeout of each health check without its own in health.timeouts"),
      timeouts: z
        .record(
          z.string().regex(/^[a-z][a-zA-Z0-9_]*$/, "expected a health check name such as whisper_backends"),
          int(100),
        )
        .optional()
        .describe("Timeouts of single checks, in ms by subsystem name, that differ from health.timeoutMs"),
      cacheSeconds: int(0).default(30).describe("How long /health/detailed results are reused"),
      watchSeconds: int(10)
        .default(120)
        .describe("How often health is checked in the background while a notifier wants health changes"),
      // The health registry (src/health/checks.ts) knows the names and the defaults; it checks them at start.
      critical: list(z.string().regex(/^[a-z][a-z0-9_]*$/, "expected health check names such as disk_media"))
        .optional()
        .describe("Subsystems whose failure turns /health/detailed degraded (503); the others only report"),
    })
    .prefault({}),
  upgrades: z
    .strictObject({
      enabled: bool
        .default(true)
        .describe(
          "Re-search recent downloads that scored below the best possible and replace them with better ones",
        ),
      schedule: cron.default("30 */12 * * *").describe("Cron expression for the upgrade job"),
      days: int(1, 365)
        .default(7)
        .describe("Only subtitles Subhound downloaded within this many days are re-searched"),
      machineMadeDays: int(0, 3650)
        .default(30)
        .describe(
          "Translations and Whisper transcripts Subhound made within this many days are searched again, and the first real subtitle over the minimum score replaces them (unless you edited them); 0 = keep them",
        ),
      minGain: int(1)
        .default(20)
        .describe(
          "Points a candidate must score above the current subtitle to replace it; 20 is more than tie-breakers alone (provider priority, codec and resolution matches) can add",
        ),
      itemsPerRun: int(1)
        .default(100)
        .describe("Downloads one run re-searches, least recently searched first"),
    })
    .prefault({}),
  maintenance: z
    .strictObject({
      schedule: cron
        .default("30 3 * * *")
        .describe("Cron expression for maintenance (cache pruning, integrity check, backup)"),
      backupRetention: int(0).default(7).describe("Database backups kept"),
    })
    .prefault({}),
  network: z
    .strictObject({
      maxConnectionsPerHost: int(1, 64)
        .default(4)
        .describe(
          "Requests in flight at once to one Sonarr, Radarr, provider or other server (keep-alive reuses them)",
        ),
    })
    .prefault({}),
  proxy: z
    .strictObject({
      url: z
        .string()
        .trim()
        .check((ctx) => {
          // The message never quotes the value: it may hold the proxy's password.
          const problem = proxyUrlProblem(ctx.value);
          if (problem) ctx.issues.push({ code: "custom", input: ctx.value, message: problem });
        })
        .transform((u) => u.replace(/\/+$/, ""))
        .optional()
        .describe(
          "HTTP proxy every outside request goes through, e.g. http://10.0.0.5:8888 or http://user:password@gluetun:8888 (user and password are kept secret); unset = direct",
        ),
      exclude: list(
        z.string().refine((entry) => exclusionHost(entry) !== null, {
          error: (issue) =>
            `expected a host name, domain or IP address such as example.org (no scheme, port or path), got ${JSON.stringify(issue.input)}`,
        }),
      )
        .default([])
        .describe("Hosts that go direct; a domain also covers its subdomains (example.org: api.example.org)"),
      bypassLocal: bool
        .default(true)
        .describe(
          "Loopback and private addresses, single-label names (sonarr) and .local, .lan, .home.arpa, .internal names go direct: a proxy out on the internet cannot reach your LAN",
        ),
    })
    .prefault({}),
  postProcessing: z
    .strictObject({
      command: postProcessingCommand
        .default([])
        .describe(
          `Program and arguments run after each subtitle Subhound saves, without a shell, e.g. ${COMMAND_EXAMPLE} (from the environment: that JSON array). Arguments may hold {{placeholders}} (README: Post-processing). Empty = off. Only config.toml or the environment set it, never the settings API`,
        ),
      timeoutMs: int(1000, 3_600_000)
        .default(60_000)
        .describe("The command (and what it started) is ended after this long"),
      onlyBelowScore: int(1)
        .optional()
        .describe(
          "Run only for subtitles a provider scored below this many points; uploaded, extracted, embedded-stream translations and Whisper transcripts are then skipped. Unset = every save",
        ),
    })
    .prefault({}),
  sync: z
    .strictObject({
      ffmpegPath: z
        .string()
        .min(1)
        .optional()
        .describe("ffmpeg binary for subtitle sync; default: ffmpeg on PATH"),
      timeoutMs: int(1000)
        .default(300_000)
        .describe("A sync's ffmpeg and alignment are stopped after this long"),
      maxOffsetSeconds: int(1, 3600).default(60).describe("Offsets beyond this are not considered"),
      decodeProcesses: int(1, 16).default(2).describe("ffmpeg processes decoding one video's audio at once"),
    })
    .prefault({}),
});

/**
 * A tag naming an unknown profile, or a cutoff naming a language its profile lacks, is an error of that
 * key; these need several sections, so they sit on the whole.
 */
export const configSchema = configObject.superRefine(checkProfileTags).superRefine(checkProfileCutoffs);

export type Config = z.infer<typeof configSchema>;
export type ConfigInput = z.input<typeof configSchema>;
