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
}

export type ProfileOverride = Partial<Profile>;

function canonicalLanguages(codes: readonly string[]): string[] {
  const out: string[] = [];
  for (const code of codes) {
    const canonical = canonicalLanguage(code) ?? code;
    if (!out.includes(canonical)) out.push(canonical);
  }
  return out;
}

export function defaultProfile(
  config: Pick<Config, "languages"> & {
    // A resolved Profile may stand in for the config section (its cutoff is null rather than absent).
    profile: Omit<Config["profile"], "upgradeCutoff"> & { upgradeCutoff?: number | null };
    translation?: Pick<Config["translation"], "sourceLanguages">;
  },
): Profile {
  return {
    ...config.profile,
    translateFrom: canonicalLanguages(config.translation?.sourceLanguages ?? ["en"]),
    languages: canonicalLanguages(config.languages),
    formats: [...config.profile.formats],
    upgradeCutoff: config.profile.upgradeCutoff ?? null,
    fixes: [...config.profile.fixes],
  };
}

export function applyOverride(base: Profile, override: ProfileOverride | undefined): Profile {
  if (!override) return base;
  const merged: Profile = { ...base };
  for (const [key, value] of Object.entries(override) as [keyof Profile, unknown][]) {
    if (value !== undefined && value !== null) (merged as unknown as Record<string, unknown>)[key] = value;
  }
  merged.languages = canonicalLanguages(merged.languages);
  merged.translateFrom = canonicalLanguages(merged.translateFrom);
  return merged;
}
