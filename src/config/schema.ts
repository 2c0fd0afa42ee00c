import { z } from "zod";

/**
 * The one description of every setting. Defaults live here; `config.toml` and `SUBHOUND_*`
 * variables only override. Every key is camelCase, the same in TOML and in the schema.
 * Values coming from the environment are strings, so scalar fields accept both forms.
 */

const bool = z.union([z.boolean(), z.stringbool()]);
const int = (min: number, max = Number.MAX_SAFE_INTEGER) => {
  const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `from ${min} to ${max}`;
  const error = (issue: { input?: unknown }) =>
    `expected a whole number ${range}, got ${JSON.stringify(issue.input)}`;
  return z.preprocess(
    (v) => (typeof v === "string" && /^\s*-?\d+\s*$/.test(v) ? Number(v) : v),
    z.number({ error }).int({ error }).min(min, { error }).max(max, { error }),
  );
};
/** A list that may arrive as an array (TOML) or as a comma-separated string (env). */
const list = <T extends z.ZodType>(item: T) =>
  z.preprocess(
    (value) =>
      typeof value === "string"
        ? value
            .split(",")
            .map((s) => s.trim())
            .filter((s) => s.length > 0)
        : value,
    z.array(item),
  );
const httpUrl = z
  .url({ protocol: /^https?$/, error: "expected an http(s) URL" })
  .transform((u) => u.replace(/\/+$/, ""));
const secret = z.string().min(1);
const cron = z.string().min(1);

export const pathMappingSchema = z.strictObject({
  from: z.string().min(1),
  to: z.string().min(1),
});
export type PathMapping = z.infer<typeof pathMappingSchema>;

const arrInstance = (defaultName: string) =>
  z.strictObject({
    name: z.string().min(1).default(defaultName),
    url: httpUrl,
    apiKey: secret,
    enabled: bool.default(true),
    pathMappings: z.array(pathMappingSchema).default([]),
    timeoutMs: int(100).default(15_000),
    retries: int(0, 10).default(3),
  });
export type ArrInstanceConfig = z.infer<ReturnType<typeof arrInstance>>;

const languageCode = z
  .string()
  .trim()
  .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, "expected a language code like en, de or pt-BR");

export const profileSchema = z.strictObject({
  /** `separate`: also want a forced (foreign parts) subtitle per language. */
  forced: z.enum(["off", "separate"]).default("off"),
  hearingImpaired: z.enum(["include", "prefer", "exclude"]).default("include"),
  /** Which embedded streams satisfy a language: text streams only, any stream (also PGS/VobSub), none. */
  embedded: z.enum(["text", "any", "none"]).default("text"),
  formats: list(z.enum(["ass", "ssa", "srt", "vtt"])).default(["ass", "srt"]),
  upgradeSrtToAss: bool.default(false),
});

const providerBase = { enabled: bool.default(false), priority: int(0, 1000).default(100) };

export const configSchema = z.strictObject({
  dataDir: z.string().min(1).default("./data"),
  server: z
    .strictObject({
      host: z.string().min(1).default("0.0.0.0"),
      port: int(1, 65535).default(6868),
      urlBase: z
        .string()
        .default("")
        .transform((s) => (s === "" || s === "/" ? "" : `/${s.replace(/^\/+|\/+$/g, "")}`)),
      shutdownTimeoutMs: int(0).default(10_000),
    })
    .prefault({}),
  auth: z
    .strictObject({
      apiKey: z.string().min(16, "must be at least 16 characters").optional(),
    })
    .prefault({}),
  log: z
    .strictObject({
      level: z.enum(["debug", "info", "warn", "error"]).default("info"),
      format: z.enum(["auto", "json", "pretty"]).default("auto"),
    })
    .prefault({}),
  database: z
    .strictObject({
      /** WAL breaks on network filesystems (NFS/SMB); switch it off there. */
      wal: bool.default(true),
    })
    .prefault({}),
  sonarr: z.array(arrInstance("sonarr")).default([]),
  radarr: z.array(arrInstance("radarr")).default([]),
  /** Applied after an instance's own mappings: longest matching prefix wins. */
  pathMappings: z.array(pathMappingSchema).default([]),
  standalone: z
    .strictObject({
      roots: list(z.string().min(1)).default([]),
    })
    .prefault({}),
  languages: list(languageCode).default(["en"]),
  profile: profileSchema.prefault({}),
  scan: z
    .strictObject({
      schedule: cron.default("0 */6 * * *"),
      fullEvery: int(1).default(6),
      probeEngine: z.enum(["auto", "native", "ffprobe"]).default("auto"),
      ffprobePath: z.string().min(1).optional(),
      ffprobeConcurrency: int(1, 64).default(4),
      ffprobeTimeoutMs: int(100).default(30_000),
    })
    .prefault({}),
  search: z
    .strictObject({
      schedule: cron.default("0 * * * *"),
      concurrency: int(1, 32).default(4),
      maxAttempts: int(1).default(10),
      backoffBaseMinutes: int(1).default(60),
      backoffCapHours: int(1).default(168),
      minScore: int(0).default(0),
      itemsPerRun: int(1).default(500),
      requestTimeoutMs: int(100).default(20_000),
    })
    .prefault({}),
  providers: z
    .strictObject({
      opensubtitles: z
        .strictObject({
          ...providerBase,
          apiKey: secret.optional(),
          username: z.string().optional(),
          password: secret.optional(),
          userAgent: z.string().default("Subhound v0.1.0"),
          baseUrl: httpUrl.default("https://api.opensubtitles.com/api/v1"),
        })
        .prefault({}),
      subdl: z
        .strictObject({
          ...providerBase,
          apiKey: secret.optional(),
          baseUrl: httpUrl.default("https://api.subdl.com/api/v1"),
          downloadUrl: httpUrl.default("https://dl.subdl.com"),
        })
        .prefault({}),
      jimaku: z
        .strictObject({
          ...providerBase,
          apiKey: secret.optional(),
          baseUrl: httpUrl.default("https://jimaku.cc/api"),
        })
        .prefault({}),
      animetosho: z
        .strictObject({
          ...providerBase,
          feedUrl: httpUrl.default("https://feed.animetosho.org"),
          storageUrl: httpUrl.default("https://animetosho.org/storage"),
        })
        .prefault({}),
      podnapisi: z
        .strictObject({ ...providerBase, baseUrl: httpUrl.default("https://podnapisi.net") })
        .prefault({}),
      gestdown: z
        .strictObject({ ...providerBase, baseUrl: httpUrl.default("https://api.gestdown.info") })
        .prefault({}),
    })
    .prefault({}),
  translation: z
    .strictObject({
      /** Backends tried in order; empty means translation is off. */
      chain: list(z.enum(["ollama", "openai", "deepl", "libretranslate"])).default([]),
      sourceLanguages: list(languageCode).default(["en"]),
      ollama: z
        .strictObject({
          url: httpUrl.default("http://127.0.0.1:11434"),
          model: z.string().default("llama3.2"),
        })
        .prefault({}),
      openai: z
        .strictObject({
          url: httpUrl.default("https://api.openai.com/v1"),
          apiKey: secret.optional(),
          model: z.string().default("gpt-4o-mini"),
        })
        .prefault({}),
      deepl: z.strictObject({ apiKey: secret.optional(), url: httpUrl.optional() }).prefault({}),
      libretranslate: z
        .strictObject({ url: httpUrl.default("http://127.0.0.1:5000"), apiKey: secret.optional() })
        .prefault({}),
    })
    .prefault({}),
  mediaServers: z
    .array(
      z.strictObject({
        type: z.enum(["jellyfin", "emby", "plex"]),
        name: z.string().min(1).optional(),
        url: httpUrl,
        apiKey: secret,
        enabled: bool.default(true),
        pathMappings: z.array(pathMappingSchema).default([]),
      }),
    )
    .default([]),
  whisper: z
    .strictObject({
      enabled: bool.default(false),
      backend: z.enum(["asr-webservice", "openai"]).default("asr-webservice"),
      url: httpUrl.default("http://127.0.0.1:9000"),
      apiKey: secret.optional(),
      model: z.string().default("whisper-1"),
      timeoutMs: int(1000).default(3_600_000),
      concurrency: int(1, 8).default(1),
    })
    .prefault({}),
  disk: z
    .strictObject({
      /** Extra folders whose free space health reports; media roots of standalone are always included. */
      mediaPaths: list(z.string().min(1)).default([]),
      minFreePercent: z.coerce.number().min(0).max(100).default(5),
    })
    .prefault({}),
  health: z
    .strictObject({
      timeoutMs: int(100).default(5_000),
      cacheSeconds: int(0).default(30),
    })
    .prefault({}),
  maintenance: z
    .strictObject({
      schedule: cron.default("30 3 * * *"),
      backupRetention: int(0).default(7),
    })
    .prefault({}),
});

export type Config = z.infer<typeof configSchema>;
export type ConfigInput = z.input<typeof configSchema>;
