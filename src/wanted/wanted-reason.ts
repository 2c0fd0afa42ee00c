import { AUDIO_RULES } from "../config/audio-rules.ts";
import { languageName } from "../media/languages.ts";
import type { Profile } from "../profiles/profile.ts";
import {
  audioRuleAgainst,
  type Candidate,
  cutoffMet,
  decide,
  droppedByCutoff,
  fileSkip,
  type Rejection,
  rejection,
  sidecarCandidates,
  streamCandidates,
  type Variant,
  wantedSlots,
} from "./decide.ts";
import { fileContext, readStoredMedia } from "./file-facts.ts";
import type { ProfileTarget } from "./profile-resolver.ts";
import type { WantedStatus } from "./store/index.ts";

/** Why an item is (or no longer is) wanted, derived from what the last scan stored and the profile. */
export const WANTED_REASONS = [
  "no_subtitle",
  "untagged_only",
  "forced_only",
  "no_forced",
  "image_based_only",
  "embedded_refused",
  "hi_excluded",
  "rescan_pending",
  "satisfied",
  "upgrade_available",
  "not_monitored",
  "special_skipped",
  "audio_rule",
  "cutoff",
] as const;
export type WantedReasonCode = (typeof WANTED_REASONS)[number];

export interface WantedReason {
  code: WantedReasonCode;
  text: string;
}

/**
 * due: the next scheduled search takes it; waiting: backoff (after the attempts, the wait of
 * search.afterAttemptsEveryDays); exhausted: out of attempts and no longer searched automatically
 * (search.afterAttemptsEveryDays = 0); off: not searched.
 */
export type AutoSearch = "due" | "waiting" | "exhausted" | "off";

export interface ItemFacts {
  status: WantedStatus;
  language: string;
  variant: Variant;
  satisfiedBy: string | null;
  upgradeCandidate: boolean;
  attempts: number;
  retryAfter: string | null;
  subtitlesJson: string;
  source: "sonarr" | "radarr" | "standalone";
  instance: string;
  seriesId: number | null;
  movieId: number | null;
  /** The file's season (season 0 holds specials); absent reads as unknown. */
  season?: number | null;
}

export interface Explanation {
  languageName: string;
  reason: WantedReason;
  maxAttempts: number;
  autoSearch: AutoSearch;
  nextRetryAt: string | null;
}

const CODEC_LABELS: Record<string, string> = {
  hdmv_pgs_subtitle: "PGS",
  dvd_subtitle: "VobSub",
  dvb_subtitle: "DVB",
  subrip: "SRT",
  ass: "ASS",
  ssa: "SSA",
  webvtt: "WebVTT",
  mov_text: "MP4 text",
};

const names = new Map<string, string>();
let standardNames: Intl.DisplayNames | undefined;
/**
 * "Portuguese (Brazil)", as the web UI's language labels say it; codes Intl does not know fall
 * back to the ISO tables. Asked for on every row of a page; the set of codes is small.
 */
function nameOf(code: string): string {
  let name = names.get(code);
  if (name === undefined) {
    standardNames ??= new Intl.DisplayNames(["en"], {
      type: "language",
      languageDisplay: "standard",
      fallback: "none",
    });
    let standard: string | undefined;
    try {
      standard = standardNames.of(code);
    } catch {
      standard = undefined;
    }
    name =
      standard && standard.toLowerCase() !== code.toLowerCase() ? standard : (languageName(code) ?? code);
    names.set(code, name);
  }
  return name;
}

/**
 * "Movie.de.srt" or "embedded PGS stream 3" from a candidate's `by`. No brackets of its own: the
 * reasons list sources inside brackets ("image-based only (embedded PGS stream 3)").
 */
export function describeSource(by: string): string {
  if (by.startsWith("sidecar:")) return by.slice("sidecar:".length);
  const [, index, codec = ""] = by.split(":");
  const label = CODEC_LABELS[codec] ?? codec;
  return label ? `embedded ${label} stream ${index}` : `embedded stream ${index}`;
}

function listOf(candidates: readonly Candidate[]): string {
  const names = candidates.slice(0, 3).map((c) => describeSource(c.by));
  const more = candidates.length - names.length;
  return more > 0 ? `${names.join(", ")} and ${more} more` : names.join(", ");
}

/** Most telling first: the reason a user can act on (a profile setting) before the general one. */
const REJECTION_ORDER: { rejection: Rejection; code: WantedReasonCode }[] = [
  { rejection: "hearing-impaired", code: "hi_excluded" },
  { rejection: "image-based", code: "image_based_only" },
  { rejection: "embedded-refused", code: "embedded_refused" },
];

const LEVELS = { series: "series", season: "season", episode: "episode", movie: "movie" } as const;

export function explainReason(
  facts: Pick<
    ItemFacts,
    "language" | "variant" | "satisfiedBy" | "upgradeCandidate" | "subtitlesJson" | "season"
  >,
  profile: Profile,
): WantedReason {
  const name = nameOf(facts.language);
  const forced = facts.variant === "forced" ? "forced " : "";
  const stored = readStoredMedia(facts.subtitlesJson);
  const context = fileContext(facts.season ?? null, stored.library, stored.probedAudio);
  const skip = fileSkip(profile, context);
  if (skip?.why === "unmonitored") {
    return {
      code: "not_monitored",
      text: `Not wanted: the ${LEVELS[skip.level]} is unmonitored in ${skip.level === "movie" ? "Radarr" : "Sonarr"} and the profile wants monitored items only (monitoredOnly); the next scan removes this item.`,
    };
  }
  if (skip?.why === "special") {
    return {
      code: "special_skipped",
      text: "Not wanted: this is a special (season 0) and the profile skips specials (skipSpecials); the next scan removes this item.",
    };
  }
  const rule = audioRuleAgainst(profile, context, facts.language, facts.variant);
  if (rule !== null && context.audio !== null) {
    const audio = context.audio.languages.map(nameOf).join(", ");
    const from = context.audio.from === "arr" ? "as the arr reports it" : "as probed";
    return {
      code: "audio_rule",
      text: `Not wanted: the audio is ${audio} (${from}) and the audio rule ${rule} applies (${AUDIO_RULES[rule].charAt(0).toLowerCase()}${AUDIO_RULES[rule].slice(1)}); the next scan removes this item.`,
    };
  }
  const all = [...sidecarCandidates(stored.sidecars), ...streamCandidates(stored.streams)];
  const met = facts.satisfiedBy === null ? cutoffMet(profile, all) : null;
  if (met && droppedByCutoff(met, all, facts.language, facts.variant, profile)) {
    const enough =
      profile.cutoff === "any"
        ? `any one language of the profile is enough (cutoff = "any")`
        : `${nameOf(met.language)} is enough (cutoff = "${met.language}")`;
    return {
      code: "cutoff",
      text: `Not needed: the cutoff is met by ${nameOf(met.language)} (${describeSource(met.by)}): ${enough}; the next scan removes this item.`,
    };
  }
  if (facts.satisfiedBy !== null) {
    const source = describeSource(facts.satisfiedBy);
    if (facts.upgradeCandidate) {
      return {
        code: "upgrade_available",
        text: `Has ${name} (${source}), not styled; the profile prefers ASS, so a search may upgrade it.`,
      };
    }
    return { code: "satisfied", text: `Has ${forced}${name}: ${source}.` };
  }
  const judged = all.map((c) => ({ c, why: rejection(c, facts.language, facts.variant, profile) }));
  const fine = judged.filter((j) => j.why === null).map((j) => j.c);
  if (fine.length > 0) {
    return {
      code: "rescan_pending",
      text: `${/^[aeiou]/i.test(forced + name) ? "An" : "A"} ${forced}${name} subtitle counts now (${listOf(fine)}); the next scan resolves this item.`,
    };
  }
  const inLanguage = judged.filter((j) => j.why !== "untagged" && j.why !== "other-language");
  if (inLanguage.length === 0) {
    const untagged = judged.filter((j) => j.why === "untagged").map((j) => j.c);
    if (untagged.length > 0) {
      const n = untagged.length;
      return {
        code: "untagged_only",
        text: `No ${forced}${name} subtitle found; ${n === 1 ? "one subtitle has" : `${n} subtitles have`} no language tag (${listOf(untagged)}), so ${n === 1 ? "it cannot" : "none can"} count.`,
      };
    }
    // "pt" for "pt-BR", "zh-Hans" for "zh-Hant": there, but not what the profile asks for.
    const base = (code: string) => code.split("-")[0]!.toLowerCase();
    const related = judged
      .map((j) => j.c)
      .filter((c) => c.language !== null && base(c.language) === base(facts.language));
    if (related.length > 0) {
      const named = related.slice(0, 3).map((c) => `${describeSource(c.by)} is ${nameOf(c.language!)}`);
      const more = related.length - named.length;
      const list = more > 0 ? `${named.join(", ")} and ${more} more` : named.join(" and ");
      return {
        code: "no_subtitle",
        text: `No ${forced}${name} subtitle: ${list}, which ${related.length === 1 ? "does" : "do"} not count as ${name}.`,
      };
    }
    return {
      code: "no_subtitle",
      text: `No ${forced}${name} subtitle: no sidecar file and no embedded stream in ${name}.`,
    };
  }
  const sameVariant = inLanguage.filter((j) => j.why !== "forced-only" && j.why !== "not-forced");
  if (sameVariant.length === 0) {
    return facts.variant === "full"
      ? {
          code: "forced_only",
          text: `Only a forced ${name} subtitle (signs and foreign parts) exists: ${listOf(inLanguage.map((j) => j.c))}; the full one is missing.`,
        }
      : {
          code: "no_forced",
          text: `No forced ${name} subtitle (signs and foreign parts); the full ones (${listOf(inLanguage.map((j) => j.c))}) do not count as forced.`,
        };
  }
  const parts: string[] = [];
  let code: WantedReasonCode | null = null;
  for (const { rejection: kind, code: candidateCode } of REJECTION_ORDER) {
    const hit = sameVariant.filter((j) => j.why === kind).map((j) => j.c);
    if (hit.length === 0) continue;
    code ??= candidateCode;
    if (kind === "hearing-impaired")
      parts.push(
        `hearing-impaired only (${listOf(hit)}); the profile excludes HI (hearingImpaired = "exclude")`,
      );
    if (kind === "image-based")
      parts.push(
        `image-based only (${listOf(hit)}); the profile takes text streams only (embedded = "text")`,
      );
    if (kind === "embedded-refused")
      parts.push(
        `embedded only (${listOf(hit)}); the profile does not use embedded subtitles (embedded = "none")`,
      );
  }
  return {
    code: code ?? "no_subtitle",
    text: `${forced ? "Forced " : ""}${name} exists but is ${parts.join("; ")}.`,
  };
}

/** `search.afterAttemptsEveryDays`'s default: what an explainer not told the setting assumes. */
export const AFTER_ATTEMPTS_EVERY_DAYS_DEFAULT = 7;

export interface ExplainerDeps {
  profileOf: (file: ProfileTarget) => Profile;
  maxAttempts: number;
  /**
   * `search.afterAttemptsEveryDays`: whether an item out of attempts is still searched (> 0) or
   * exhausted (0). Absent: its default (AFTER_ATTEMPTS_EVERY_DAYS_DEFAULT).
   */
  afterAttemptsEveryDays?: number;
  now: string;
  /** When the scheduled search runs next; null without a schedule. */
  nextSearchRun: string | null;
}

/** A language × variant the profile names but this file does not want (skipped file, audio rule, cutoff), and why. */
export interface NotWanted {
  language: string;
  languageName: string;
  variant: Variant;
  reason: WantedReason;
}

export function explainNotWanted(
  facts: Pick<ItemFacts, "subtitlesJson" | "season">,
  profile: Profile,
): NotWanted[] {
  const stored = readStoredMedia(facts.subtitlesJson);
  const context = fileContext(facts.season ?? null, stored.library, stored.probedAudio);
  const kept = new Set(
    decide(profile, stored.sidecars, stored.streams, context).map((d) => `${d.language}|${d.variant}`),
  );
  return wantedSlots(profile)
    .filter((s) => !kept.has(`${s.language}|${s.variant}`))
    .map(({ language, variant }) => ({
      language,
      languageName: nameOf(language),
      variant,
      reason: explainReason(
        { language, variant, satisfiedBy: null, upgradeCandidate: false, ...facts },
        profile,
      ),
    }));
}

/*
 * Files without subtitles, or with the same tracks, recur across pages: each kind is judged once per
 * profile object (a kept resolver hands the same objects to every answer until the profiles change).
 * The reason depends on nothing but the facts in the key and the profile.
 */
const MAX_REASONS = 20_000;
const reasons = new WeakMap<Profile, Map<string, WantedReason>>();
function reasonFor(facts: ItemFacts, profile: Profile): WantedReason {
  let byFacts = reasons.get(profile);
  if (!byFacts) {
    byFacts = new Map();
    reasons.set(profile, byFacts);
  }
  const key = `${facts.language}|${facts.variant}|${facts.satisfiedBy}|${facts.upgradeCandidate}|${facts.season}|${facts.subtitlesJson}`;
  let reason = byFacts.get(key);
  if (!reason) {
    reason = explainReason(facts, profile);
    if (byFacts.size >= MAX_REASONS) byFacts.clear();
    byFacts.set(key, reason);
  }
  return reason;
}

/** Explains rows one at a time: callers run it over a page, never over the table. */
export function createExplainer(deps: ExplainerDeps) {
  const profileOfFile = (
    facts: Pick<ItemFacts, "source" | "instance" | "seriesId" | "movieId" | "subtitlesJson">,
  ) => deps.profileOf({ ...facts, tags: readStoredMedia(facts.subtitlesJson).library?.tags ?? [] });
  const everyDays = deps.afterAttemptsEveryDays ?? AFTER_ATTEMPTS_EVERY_DAYS_DEFAULT;
  const explain = (facts: ItemFacts): Explanation => {
    let autoSearch: AutoSearch = "off";
    let nextRetryAt: string | null = null;
    // Mirrors what the scheduled search picks (eligibleItemIds in store/claims.ts): failed items are tried again too.
    // Out of attempts, an item is still taken every afterAttemptsEveryDays: its retry_after says when.
    if (facts.status === "wanted" || facts.status === "not_found" || facts.status === "failed") {
      if (facts.attempts >= deps.maxAttempts && everyDays === 0) autoSearch = "exhausted";
      else if (facts.retryAfter !== null && facts.retryAfter > deps.now) {
        autoSearch = "waiting";
        nextRetryAt = facts.retryAfter;
      } else {
        autoSearch = "due";
        nextRetryAt = deps.nextSearchRun;
      }
    }
    return {
      languageName: nameOf(facts.language),
      reason: reasonFor(facts, profileOfFile(facts)),
      maxAttempts: deps.maxAttempts,
      autoSearch,
      nextRetryAt,
    };
  };
  return Object.assign(explain, {
    /** What a file's profile names but the file does not want, and why (nothing else is listed). */
    notWanted: (
      file: Pick<ItemFacts, "source" | "instance" | "seriesId" | "movieId" | "subtitlesJson" | "season">,
    ): NotWanted[] => explainNotWanted(file, profileOfFile(file)),
  });
}

export type Explainer = ReturnType<typeof createExplainer>;
