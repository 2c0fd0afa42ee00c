import { isSubtitleFolderName } from "../media/subtitle-folders.ts";
import { exclusionHost } from "../net/proxy.ts";

/**
 * Bazarr's settings (its config.yaml, as `bazarr/app/config.py` validates it) as a config.toml tree
 * for Subhound: only what has a faithful equivalent. The rest that Bazarr has set away from its
 * default is listed with why, so nothing is dropped without a word.
 */

type Section = Record<string, unknown>;
export type BazarrSettings = Record<string, Section>;

export interface NotCarried {
  /** Bazarr's key, `section.key` (or a provider's name). */
  key: string;
  reason: string;
}

export interface SettingsDraft {
  /** The config.toml tree, with the real secrets. */
  config: Record<string, unknown>;
  notCarried: NotCarried[];
}

const isObject = (v: unknown): v is Section => typeof v === "object" && v !== null && !Array.isArray(v);
const text = (v: unknown): string =>
  typeof v === "string" ? v.trim() : typeof v === "number" ? String(v) : "";
/** Bazarr writes real booleans; a config.ini converted by an old Bazarr may hold "True". */
const flag = (v: unknown): boolean => v === true || (typeof v === "string" && /^true$/i.test(v.trim()));
const whole = (v: unknown): number | null => {
  const n = typeof v === "string" && /^\s*\d+\s*$/.test(v) ? Number(v) : v;
  return typeof n === "number" && Number.isInteger(n) ? n : null;
};

/** `url_sonarr()`/`url_radarr()`: scheme from ssl, ip, `:port` unless empty, base_url without its trailing slash. */
function arrUrl(s: Section): string {
  const scheme = flag(s.ssl) ? "https" : "http";
  const ip = text(s.ip);
  const host = ip.includes(":") && !ip.startsWith("[") ? `[${ip}]` : ip;
  const port = text(s.port) === "" ? "" : `:${text(s.port)}`;
  let base = text(s.base_url).replace(/\/{2,}/g, "/");
  if (!base.startsWith("/")) base = `/${base}`;
  base = base.replace(/\/+$/, "");
  return `${scheme}://${host}${port}${base}`;
}

/** Bazarr's `[[from, to], …]` pairs; the settings page saves an empty row as ["", ""]. */
function pathMappings(value: unknown): { from: string; to: string }[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((pair) =>
    Array.isArray(pair) && text(pair[0]) !== "" && text(pair[1]) !== ""
      ? [{ from: text(pair[0]), to: text(pair[1]) }]
      : [],
  );
}

/** Keys whose value is a secret (never quoted in a reason). */
const SECRET_NAME = /key|pass|token|secret|cookie|email|username/i;

/**
 * Bazarr's settings with no Subhound equivalent, by their Bazarr default: reported only when set
 * away from it. Keys about Bazarr itself (its port, updates, UI, backups, its own sync schedule of
 * Sonarr/Radarr) are left out: they have no meaning for another program.
 */
const UNMAPPED: Record<string, { default: unknown; reason: string }> = {
  "general.single_language": {
    default: false,
    reason: "Subhound always names a subtitle with its language (Movie.en.srt)",
  },
  "general.anti_captcha_provider": {
    default: null,
    reason: "Subhound has no provider that needs a captcha solver",
  },
  "general.use_postprocessing": {
    default: false,
    reason:
      "Bazarr's command is a shell line with its own placeholders: write postProcessing.command as a list of arguments (README: Post-processing)",
  },
  "general.use_embedded_subs": {
    default: true,
    reason: "set profile.embedded (text, any or none) to say which embedded streams count",
  },
  "general.ignore_pgs_subs": { default: false, reason: 'profile.embedded = "text" already ignores PGS' },
  "general.ignore_vobsub_subs": {
    default: false,
    reason: 'profile.embedded = "text" already ignores VobSub',
  },
  "general.ignore_ass_subs": { default: false, reason: "Subhound has no setting to ignore embedded ASS" },
  "general.utf8_encode": { default: true, reason: "Subhound always saves subtitles as UTF-8" },
  "general.wanted_search_frequency": {
    default: 6,
    reason:
      "Subhound looks for due items hourly (search.schedule), each searched at its own backoff pace (search.backoffBaseMinutes, search.maxAttempts)",
  },
  "general.wanted_search_frequency_movie": {
    default: 6,
    reason: "Subhound has one search schedule for episodes and movies (search.schedule)",
  },
  "general.adaptive_searching_delay": {
    default: "3w",
    reason: "Subhound slows down after search.maxAttempts searches, not after a time",
  },
  "general.upgrade_manual": {
    default: true,
    reason: "Subhound's upgrade job has no switch for subtitles picked by hand",
  },
  "general.serie_default_enabled": {
    default: false,
    reason:
      "Subhound's [profile] applies to every series without a profile: copy the matching [profiles.<name>] (printed by --db) there",
  },
  "general.movie_default_enabled": {
    default: false,
    reason:
      "Subhound's [profile] applies to every movie without a profile: copy the matching [profiles.<name>] (printed by --db) there",
  },
  "general.subzero_mods": {
    default: "",
    reason: "set profile.fixes (removeHearingImpaired, removeTags, fixOcr) for what Subhound can apply",
  },
  "general.default_und_audio_lang": { default: "", reason: "no equivalent in Subhound" },
  "general.default_und_embedded_subtitles_lang": { default: "", reason: "no equivalent in Subhound" },
  "general.language_equals": { default: [], reason: "no equivalent in Subhound" },
  "plex.set_movie_added": { default: false, reason: "Subhound never changes Plex's added dates" },
  "plex.set_episode_added": { default: false, reason: "Subhound never changes Plex's added dates" },
  "general.base_url": {
    default: "",
    reason: "Bazarr's own path behind your reverse proxy: set server.urlBase when you route Subhound",
  },
  "auth.type": {
    default: null,
    reason:
      "Bazarr keeps only an MD5 of the password: set auth.username and auth.password, or use Subhound's setup page",
  },
  "sonarr.excluded_tags": { default: [], reason: "no equivalent in Subhound" },
  "sonarr.excluded_series_types": { default: [], reason: "no equivalent in Subhound" },
  "radarr.excluded_tags": { default: [], reason: "no equivalent in Subhound" },
  "subsync.use_subsync_threshold": {
    default: false,
    reason: "profile.syncAfterDownload syncs every download, whatever its score",
  },
  "subsync.use_subsync_movie_threshold": {
    default: false,
    reason: "profile.syncAfterDownload syncs every download, whatever its score",
  },
  "podnapisi.verify_ssl": { default: true, reason: "Subhound always verifies TLS certificates" },
  "opensubtitlescom.include_ai_translated": { default: false, reason: "no equivalent in Subhound" },
  "opensubtitlescom.use_hash": { default: true, reason: "Subhound always sends the file hash" },
  "jimaku.enable_archives_download": { default: false, reason: "no equivalent in Subhound" },
  "jimaku.enable_ai_subs": { default: false, reason: "no equivalent in Subhound" },
  "jimaku.enable_name_search_fallback": { default: true, reason: "no equivalent in Subhound" },
  "animetosho.search_threshold": { default: 6, reason: "no equivalent in Subhound" },
  "animetosho.anidb_api_client": {
    default: "",
    reason: "Subhound finds anime by the ids Sonarr gives, without AniDB",
  },
};

/** Why an enabled Bazarr provider is not carried over, where more can be said than that Subhound lacks it. */
const PROVIDER_REASONS: Record<string, string> = {
  addic7ed:
    "Subhound has no Addic7ed login; its gestdown provider serves Addic7ed's subtitles without an account ([providers.gestdown] enabled = true)",
  opensubtitles:
    "the old opensubtitles.org API; Subhound has only opensubtitles.com ([providers.opensubtitles], with an API consumer key)",
  embeddedsubtitles: "Subhound counts embedded streams itself (profile.embedded)",
};

/** Bazarr's `adaptive_searching_delta` in days. */
const DELTA_DAYS: Record<string, number> = { "3d": 3, "1w": 7, "2w": 14, "3w": 21, "4w": 28 };
/** `upgrade_frequency` in hours → Subhound's upgrade cron (Bazarr: every N hours from its start). */
const UPGRADE_SCHEDULES: Record<number, string> = {
  6: "30 */6 * * *",
  12: "30 */12 * * *",
  24: "30 3 * * *",
  168: "30 3 * * 0",
};
/** Bazarr's "Manually": a schedule a hundred years apart. */
const ONE_HUNDRED_YEARS_IN_HOURS = 876000;

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

export function draftFromBazarrSettings(settings: BazarrSettings): SettingsDraft {
  const get = (name: string): Section => (isObject(settings[name]) ? settings[name] : {});
  const general = get("general");
  const config: Record<string, unknown> = {};
  const notCarried: NotCarried[] = [];
  const skip = (key: string, reason: string) => notCarried.push({ key, reason });
  const table = (name: string): Record<string, unknown> => {
    config[name] ??= {};
    return config[name] as Record<string, unknown>;
  };

  // Sonarr and Radarr, each with the path mappings Bazarr kept for it.
  for (const [arr, use, mappingsKey] of [
    ["sonarr", "use_sonarr", "path_mappings"],
    ["radarr", "use_radarr", "path_mappings_movie"],
  ] as const) {
    const s = get(arr);
    const mappings = pathMappings(general[mappingsKey]);
    if (!flag(general[use])) {
      if (mappings.length > 0) skip(`general.${mappingsKey}`, `${arr} is off in Bazarr (general.${use})`);
      continue;
    }
    if (text(s.ip) === "" || text(s.apikey) === "") {
      skip(arr, "Bazarr has no address or API key for it");
      continue;
    }
    const instance: Record<string, unknown> = { name: arr, url: arrUrl(s), apiKey: text(s.apikey) };
    const timeout = whole(s.http_timeout);
    if (timeout !== null && timeout !== 60) instance.timeoutMs = timeout * 1000;
    if (mappings.length > 0) instance.pathMappings = mappings;
    config[arr] = [instance];
  }

  // Plex, which Bazarr refreshes after a download: a [[mediaServers]] table does that in Subhound (for
  // the folder saved in; it finds Plex's library by its folders, so Bazarr's library names are not needed).
  if (flag(general.use_plex)) {
    const plex = get("plex");
    if (text(plex.ip) === "" || text(plex.apikey) === "")
      skip(
        "plex",
        'Bazarr has no address or token for it in config.yaml: add a [[mediaServers]] table (type = "plex", url, apiKey = a Plex token)',
      );
    else {
      const server: Record<string, unknown> = { type: "plex", url: arrUrl(plex), apiKey: text(plex.apikey) };
      if (!flag(plex.update_movie_library) && !flag(plex.update_series_library)) {
        server.enabled = false;
        skip(
          "plex",
          "carried over switched off: Bazarr did not refresh Plex's libraries after a download; set enabled = true for Subhound to",
        );
      }
      config.mediaServers = [server];
    }
  }

  // Providers: the ones Subhound has, with their credentials.
  const enabled = Array.isArray(general.enabled_providers) ? general.enabled_providers.map(text) : [];
  const providers: Record<string, Record<string, unknown>> = {};
  for (const name of enabled) {
    switch (name) {
      case "opensubtitlescom": {
        const s = get(name);
        const entry: Record<string, unknown> = {};
        if (text(s.username) !== "") entry.username = text(s.username);
        if (text(s.password) !== "") entry.password = text(s.password);
        // Subhound speaks to the API with your own consumer key (Bazarr ships its own): without one
        // the provider cannot be on, and a draft the loader refuses would help nobody.
        entry.enabled = false;
        providers.opensubtitles = entry;
        skip(
          name,
          "carried over switched off: Subhound needs your own API consumer key (opensubtitles.com → API consumers); set providers.opensubtitles.apiKey and enabled = true",
        );
        break;
      }
      case "subdl":
      case "jimaku": {
        const key = text(get(name).api_key);
        if (key === "") skip(name, "Bazarr has no API key for it, which Subhound needs");
        else providers[name] = { enabled: true, apiKey: key };
        break;
      }
      case "podnapisi":
      case "gestdown":
      case "animetosho":
        providers[name] = { enabled: true };
        break;
      case "whisperai": {
        const s = get(name);
        const whisper: Record<string, unknown> = { enabled: true, backend: "asr-webservice" };
        if (text(s.endpoint) !== "") whisper.url = text(s.endpoint);
        const timeout = whole(s.timeout);
        if (timeout !== null && timeout > 0) whisper.timeoutMs = Math.max(1000, timeout * 1000);
        config.whisper = whisper;
        break;
      }
      case "":
        break;
      default:
        skip(name, PROVIDER_REASONS[name] ?? "Subhound has no such provider");
    }
  }
  if (Object.keys(providers).length > 0) config.providers = providers;

  // The proxy: Bazarr builds `type://user:pass@url:port` (both credentials, or none).
  const proxy = get("proxy");
  const proxyType = text(proxy.type);
  if (proxyType !== "" && proxyType !== "None") {
    if (proxyType !== "http") skip("proxy.type", `a ${proxyType} proxy: Subhound supports only HTTP proxies`);
    else if (text(proxy.url) === "" || text(proxy.port) === "")
      skip("proxy", "Bazarr has no host or port for it");
    else {
      const user = text(proxy.username);
      const password = text(proxy.password);
      const userinfo =
        user !== "" && password !== "" ? `${encodeURIComponent(user)}:${encodeURIComponent(password)}@` : "";
      const host = text(proxy.url)
        .replace(/^[a-z][a-z0-9+.-]*:\/\//i, "")
        .replace(/\/+$/, "");
      const entry: Record<string, unknown> = { url: `http://${userinfo}${host}:${text(proxy.port)}` };
      const exclude: string[] = [];
      for (const raw of Array.isArray(proxy.exclude) ? proxy.exclude.map(text) : []) {
        // proxy.bypassLocal (on by default) already sends these direct.
        if (raw === "" || raw === "localhost" || raw === "127.0.0.1") continue;
        if (exclusionHost(raw) === null)
          skip(`proxy.exclude ${JSON.stringify(raw)}`, "not a host or domain Subhound can match");
        else exclude.push(raw);
      }
      if (exclude.length > 0) entry.exclude = exclude;
      config.proxy = entry;
    }
  }

  // Preferences with the same meaning in both.
  const hi = text(general.hi_extension);
  if (hi === "sdh" || hi === "cc") table("naming").hearingImpairedTag = hi;
  // Bazarr's "relative" folder (`subfolder_custom`) is naming.folder when a scan reads it back.
  const subfolder = text(general.subfolder);
  const custom = text(general.subfolder_custom)
    .trim()
    .replace(/^(?:\.[/\\])+|[/\\]+$/g, "");
  if (subfolder === "relative" && isSubtitleFolderName(custom)) table("naming").folder = custom;
  else if (subfolder === "relative")
    skip(
      `general.subfolder_custom = ${JSON.stringify(custom)}`,
      "Subhound saves in a folder beside the video only when it is named Subs or Subtitles (naming.folder), the ones its scans read",
    );
  else if (subfolder !== "" && subfolder !== "current")
    skip(
      `general.subfolder = ${JSON.stringify(subfolder)}`,
      "Subhound saves subtitles beside the video, or in a Subs or Subtitles folder beside it (naming.folder); never in one folder for the whole library",
    );

  const search: Record<string, unknown> = {};
  const minScore = {
    episodes: whole(general.minimum_score) ?? 90,
    movies: whole(general.minimum_score_movie) ?? 70,
  };
  search.minScorePercent = {
    episodes: Math.min(100, minScore.episodes),
    movies: Math.min(100, minScore.movies),
  };
  if (general.adaptive_searching === undefined || flag(general.adaptive_searching)) {
    const days = DELTA_DAYS[text(general.adaptive_searching_delta) || "1w"];
    if (days !== undefined && days !== 7) search.afterAttemptsEveryDays = days;
  } else {
    skip(
      "general.adaptive_searching",
      "Subhound always slows down after search.maxAttempts searches: raise it to search longer at the backoff pace",
    );
  }
  config.search = search;

  const upgrades: Record<string, unknown> = {};
  const frequency = whole(general.upgrade_frequency);
  if (general.upgrade_subs !== undefined && !flag(general.upgrade_subs)) upgrades.enabled = false;
  else if (frequency === ONE_HUNDRED_YEARS_IN_HOURS) {
    upgrades.enabled = false;
    skip("general.upgrade_frequency", "Manually in Bazarr: Subhound's upgrade job switched off");
  } else if (frequency !== null && frequency !== 12 && UPGRADE_SCHEDULES[frequency])
    upgrades.schedule = UPGRADE_SCHEDULES[frequency];
  const days = whole(general.days_to_upgrade_subs);
  if (days !== null && days >= 1 && days !== 7) upgrades.days = days;
  else if (days === 0) skip("general.days_to_upgrade_subs", "0 days: Subhound's upgrades.days is at least 1");
  if (Object.keys(upgrades).length > 0) config.upgrades = upgrades;

  // Bazarr's file mode, as the post-processing command Subhound's README suggests for it.
  if (flag(general.chmod_enabled)) {
    const mode = text(general.chmod) || "0640";
    if (/^[0-7]{3,4}$/.test(mode) && !flag(general.use_postprocessing))
      table("postProcessing").command = ["chmod", mode, "{{subtitles}}"];
    else skip("general.chmod", "carry it into postProcessing.command yourself (README: Post-processing)");
  }

  if (flag(get("subsync").use_subsync)) table("profile").syncAfterDownload = true;

  // Bazarr's "only monitored" (to download, or to sync at all) per app is the default profile's
  // monitoredOnly, which Subhound applies to series and movies alike.
  const sonarr = get("sonarr");
  const radarr = get("radarr");
  const monitoredOnly = [
    flag(general.use_sonarr) && {
      key: "sonarr.only_monitored",
      on: ["only_monitored", "sync_only_monitored_series", "sync_only_monitored_episodes"].some((k) =>
        flag(sonarr[k]),
      ),
    },
    flag(general.use_radarr) && {
      key: "radarr.only_monitored",
      on: ["only_monitored", "sync_only_monitored_movies"].some((k) => flag(radarr[k])),
    },
  ].filter((app) => app !== false);
  if (monitoredOnly.length > 0 && monitoredOnly.every((app) => app.on)) table("profile").monitoredOnly = true;
  else
    for (const app of monitoredOnly.filter((a) => a.on))
      skip(
        `${app.key} = true`,
        "Subhound's profile.monitoredOnly covers series and movies alike, and Bazarr had it for one of them only: set it in the default profile, or in a named profile for the tags that want it",
      );
  if (flag(general.use_sonarr) && flag(sonarr.exclude_season_zero)) table("profile").skipSpecials = true;

  for (const [key, { default: byDefault, reason }] of Object.entries(UNMAPPED)) {
    const [sectionName, name] = key.split(".") as [string, string];
    const value = get(sectionName)[name];
    if (value === undefined || same(value, byDefault)) continue;
    if (byDefault === null && (value === "" || value === "None")) continue;
    if (sectionName === "sonarr" && !flag(general.use_sonarr)) continue;
    if (sectionName === "radarr" && !flag(general.use_radarr)) continue;
    if (
      !enabled.includes(sectionName) &&
      !["general", "auth", "sonarr", "radarr", "subsync", "plex"].includes(sectionName)
    )
      continue;
    if (sectionName === "subsync" && !flag(get("subsync").use_subsync)) continue;
    if (sectionName === "plex" && !flag(general.use_plex)) continue;
    const shown = SECRET_NAME.test(name) || typeof value === "object" ? "" : ` = ${JSON.stringify(value)}`;
    notCarried.push({ key: `${key}${shown}`, reason });
  }
  return { config, notCarried };
}
