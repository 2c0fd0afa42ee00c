import type { z } from "zod";
import { isLanguageCode } from "../media/language-code.ts";
import { canonicalLanguage } from "../media/languages.ts";

/**
 * A profile's `cutoff` (Bazarr's language-profile cutoff): once a subtitle in the cutoff language is
 * there, the profile's other languages are no longer wanted for that file. "any": a subtitle in any
 * language of the profile will do; "off" (or unset): every language is wanted. "any" is read as the
 * keyword, never as the ISO 639-3 code of Anyin.
 */
export const CUTOFF_HINT = 'expected "any", "off" or one of the profile\'s languages (en, pt-BR)';

const keyword = (value: string) => {
  const word = value.trim().toLowerCase();
  return word === "any" || word === "off" ? word : null;
};

export function isCutoffValue(value: string): boolean {
  return keyword(value) !== null || isLanguageCode(value);
}

/** The message of a cutoff field's `.refine(isCutoffValue, …)`, in the config and in the profiles API. */
export const CUTOFF_REFUSAL = {
  error: (issue: { input: unknown }) => `${CUTOFF_HINT}, got ${JSON.stringify(issue.input)}`,
};

/** The canonical language a cutoff names, or null for "any", "off" and unset. */
export function cutoffLanguage(value: string | null | undefined): string | null {
  if (value === null || value === undefined || keyword(value) !== null) return null;
  return canonicalLanguage(value) ?? value.trim();
}

const canonical = (codes: readonly string[]) => codes.map((c) => canonicalLanguage(c) ?? c);

/**
 * What a cutoff means for a profile of `languages`: null (none), "any" or one of its languages. A
 * language the profile does not have (inherited from the profile it is based on) means no cutoff.
 */
export function resolveCutoff(value: string | null | undefined, languages: readonly string[]): string | null {
  if (value === null || value === undefined) return null;
  if (keyword(value) !== null) return keyword(value) === "any" ? "any" : null;
  const language = cutoffLanguage(value);
  return language !== null && canonical(languages).includes(language) ? language : null;
}

/** Why `value` cannot be the cutoff of a profile of `languages`, or null when it can. */
export function cutoffProblem(value: string | null | undefined, languages: readonly string[]): string | null {
  const language = cutoffLanguage(value);
  if (language === null || canonical(languages).includes(language)) return null;
  return `${JSON.stringify(value)} is not one of the profile's languages (${languages.join(", ") || "none"}); expected "any", "off" or one of them`;
}

/** The default profile's and each named profile's own cutoff names one of that profile's languages. */
export function checkProfileCutoffs(
  config: {
    languages: string[];
    profile: { cutoff?: string };
    profiles: Record<string, { languages?: string[]; cutoff?: string } | undefined>;
  },
  ctx: z.RefinementCtx,
): void {
  const own = cutoffProblem(config.profile.cutoff, config.languages);
  if (own) ctx.addIssue({ code: "custom", path: ["profile", "cutoff"], message: own });
  for (const [name, fields] of Object.entries(config.profiles)) {
    const problem = cutoffProblem(fields?.cutoff, fields?.languages ?? config.languages);
    if (problem) ctx.addIssue({ code: "custom", path: ["profiles", name, "cutoff"], message: problem });
  }
}
