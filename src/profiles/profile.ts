import type { AudioRule } from "../config/audio-rules.ts";
import { resolveCutoff } from "../config/profile-cutoff.ts";
import type { Config } from "../config/schema.ts";
import type { SubtitleFixName } from "../config/subtitle-fixes.ts";
import { canonicalLanguage } from "../media/languages.ts";

/** What one series or movie wants: the default profile with any per-item override applied. */
export interface Profile {
  languages: string[];
  forced: "off" | "separate";
  hearingImpaired: "include" | "prefer" | "exclude";
  embedded: "text" | "any" | "none";
  formats: ("ass" | "ssa" | "srt" | "vtt")[];
  upgradeSrtToAss: boolean;
  /** Translate a source-language subtitle when none exists in the wanted language. */
  translate: boolean;
  /** Transcribe with Whisper when nothing is found at all. */
  whisper: boolean;
  /** Languages a subtitle may be translated from (default: `translation.sourceLanguages`). */
  translateFrom: string[];
  /** Score at which a download is good enough for the upgrade job; null = the best possible for the item. */
  upgradeCutoff: number | null;
  /** Fit a downloaded subtitle to its video after saving it (sync service; never fails the download). */
  syncAfterDownload: boolean;
  /** Text fixes applied to a downloaded subtitle before it is saved. */
  fixes: SubtitleFixName[];
  /** Skip files of unmonitored series, seasons, episodes and movies. */
  monitoredOnly: boolean;
  /** Skip season 0 (specials). */
  skipSpecials: boolean;
  /** Audio-language rules by name (src/config/audio-rules.ts). */
  audioRules: AudioRule[];
  /** Extract an embedded text stream that satisfies a wanted language to a sidecar. */
  extractEmbedded: boolean;
  /**
   * Once a subtitle in this language is there, the other languages are not wanted: "any" (any of
   * `languages`), one of `languages`, or null (every language is wanted). In an override or a named
   * profile, "off" sets it to null over the profile it is based on.
   */
  cutoff: string | null;
}

/** A series' or movie's own fields, and the named profile (config `profiles.<name>`) it follows. */
export type ProfileOverride = Partial<Profile> & { profileName?: string };

function canonicalLanguages(codes: readonly string[]): string[] {
  const out: string[] = [];
  for (const code of codes) {
    const canonical = canonicalLanguage(code) ?? code;
    if (!out.includes(canonical)) out.push(canonical);
  }
  return out;
}

/** Options that callers building a profile by hand (the CLI, tests) may leave out: off by default. */
type LibraryOptions = "monitoredOnly" | "skipSpecials" | "audioRules" | "extractEmbedded";

export function defaultProfile(
  config: Pick<Config, "languages"> & {
    // A resolved Profile may stand in for the config section (its cutoff is null rather than absent).
    profile: Omit<Config["profile"], "upgradeCutoff" | "cutoff" | LibraryOptions> & {
      upgradeCutoff?: number | null;
      cutoff?: string | null;
    } & Partial<Pick<Config["profile"], LibraryOptions>>;
    translation?: Pick<Config["translation"], "sourceLanguages">;
  },
): Profile {
  const languages = canonicalLanguages(config.languages);
  return {
    ...config.profile,
    translateFrom: canonicalLanguages(config.translation?.sourceLanguages ?? ["en"]),
    languages,
    formats: [...config.profile.formats],
    upgradeCutoff: config.profile.upgradeCutoff ?? null,
    fixes: [...config.profile.fixes],
    monitoredOnly: config.profile.monitoredOnly ?? false,
    skipSpecials: config.profile.skipSpecials ?? false,
    audioRules: [...(config.profile.audioRules ?? [])],
    extractEmbedded: config.profile.extractEmbedded ?? false,
    cutoff: resolveCutoff(config.profile.cutoff, languages),
  };
}

export function applyOverride(base: Profile, override: ProfileOverride | undefined): Profile {
  if (!override) return base;
  const merged: Profile = { ...base };
  for (const [key, value] of Object.entries(override) as [keyof Profile, unknown][]) {
    if ((key as string) === "profileName") continue;
    if (value !== undefined && value !== null) (merged as unknown as Record<string, unknown>)[key] = value;
  }
  merged.languages = canonicalLanguages(merged.languages);
  merged.translateFrom = canonicalLanguages(merged.translateFrom);
  // "off" clears the base's cutoff; one the languages set here lack (inherited) does not apply.
  merged.cutoff = resolveCutoff(merged.cutoff, merged.languages);
  return merged;
}

/** The profiles a resolver chooses from: the default, the named ones and the tag assignments. */
export interface ProfileSet {
  default: Profile;
  named: ReadonlyMap<string, Profile>;
  /** Tag label (lower case) → profile name, in priority order. */
  tags: readonly { tag: string; profile: string }[];
}

export function profileSet(
  config: Parameters<typeof defaultProfile>[0] & Partial<Pick<Config, "profiles" | "profileTags">>,
): ProfileSet {
  const base = defaultProfile(config);
  const named = new Map<string, Profile>();
  for (const [name, fields] of Object.entries(config.profiles ?? {})) {
    // A profile removed by a live reload leaves its key behind, unset.
    if (fields === undefined) continue;
    named.set(name, applyOverride(base, fields as ProfileOverride));
  }
  return {
    default: base,
    named,
    tags: (config.profileTags ?? []).map((t) => ({ tag: t.tag.toLowerCase(), profile: t.profile })),
  };
}
