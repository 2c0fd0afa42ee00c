import type { AudioRule } from "../config/audio-rules.ts";
import type { Unmonitored } from "../library/types.ts";
import { languageSatisfies } from "../media/languages.ts";
import type { SidecarSubtitle } from "../media/sidecar-name.ts";
import { readStream } from "../media/stream-language.ts";
import type { SubtitleStream } from "../media/types.ts";
import type { Profile } from "../profiles/profile.ts";
import type { FileContext } from "./file-facts.ts";

export type Variant = "full" | "forced";

export interface Decision {
  language: string;
  variant: Variant;
  satisfied: boolean;
  /** "sidecar:Movie.en.srt" or "embedded:3:subrip"; null while missing. */
  by: string | null;
  /** Satisfied by an SRT-like subtitle while the profile wants ASS: search may upgrade it. */
  upgradeCandidate: boolean;
}

export interface Candidate {
  language: string | null;
  forced: boolean;
  hearingImpaired: boolean;
  textBased: boolean;
  /** ass/ssa keep styling; everything else is what an SRT→ASS upgrade replaces. */
  styled: boolean;
  by: string;
  embedded: boolean;
}

/** Tracks titled like these carry only signs or foreign parts, whatever their forced flag says. */
const SIGNS_TITLE = /\b(signs?|forced|foreign)\b/i;

export function streamCandidates(streams: readonly SubtitleStream[]): Candidate[] {
  return streams.map((s) => {
    // The tags, made more exact by the title ("Brazilian" → pt-BR, "English (SDH)" → hearing-impaired).
    const { language, hearingImpaired } = readStream(s);
    return {
      language,
      forced: s.forced || (s.title !== null && SIGNS_TITLE.test(s.title)),
      hearingImpaired,
      textBased: s.textBased,
      styled: s.codec === "ass" || s.codec === "ssa",
      by: `embedded:${s.index}:${s.codec}`,
      embedded: true,
    };
  });
}

/** What a scan stores of a sidecar: enough to decide again without the file system. */
export type StoredSidecar = Pick<
  SidecarSubtitle,
  "fileName" | "language" | "forced" | "hearingImpaired" | "format"
>;

export function sidecarCandidates(sidecars: readonly StoredSidecar[]): Candidate[] {
  return sidecars.map((s) => ({
    language: s.language,
    forced: s.forced,
    hearingImpaired: s.hearingImpaired,
    // A subtitle file the user put there counts whatever its kind; `embedded` only governs streams.
    textBased: true,
    styled: s.format === "ass" || s.format === "ssa",
    by: `sidecar:${s.fileName}`,
    embedded: false,
  }));
}

/** Why a subtitle does not count for language × variant under the profile; null when it does. */
export type Rejection =
  | "untagged"
  | "other-language"
  | "forced-only"
  | "not-forced"
  | "hearing-impaired"
  | "embedded-refused"
  | "image-based";

export function rejection(
  c: Candidate,
  language: string,
  variant: Variant,
  profile: Profile,
): Rejection | null {
  if (c.language === null) return "untagged";
  if (!languageSatisfies(language, c.language)) return "other-language";
  // A forced-only subtitle never satisfies the full variant; only a forced one satisfies forced.
  if (variant === "full" && c.forced) return "forced-only";
  if (variant === "forced" && !c.forced) return "not-forced";
  if (variant === "full" && c.hearingImpaired && profile.hearingImpaired === "exclude")
    return "hearing-impaired";
  if (c.embedded) {
    if (profile.embedded === "none") return "embedded-refused";
    if (!c.textBased && profile.embedded !== "any") return "image-based";
  }
  return null;
}

const acceptable = (c: Candidate, language: string, variant: Variant, profile: Profile) =>
  rejection(c, language, variant, profile) === null;

/** Why a whole file wants nothing under its profile. */
export type FileSkip = { why: "unmonitored"; level: Unmonitored } | { why: "special" };

export function fileSkip(profile: Profile, context: FileContext | undefined): FileSkip | null {
  if (!context) return null;
  if (profile.monitoredOnly && context.unmonitored !== null)
    return { why: "unmonitored", level: context.unmonitored };
  if (profile.skipSpecials && context.season === 0) return { why: "special" };
  return null;
}

const baseLanguage = (code: string) => code.split("-")[0]!.toLowerCase();

/** The audio rule that drops language × variant for this file, or null. */
export function audioRuleAgainst(
  profile: Profile,
  context: FileContext | undefined,
  language: string,
  variant: Variant,
): AudioRule | null {
  const audio = context?.audio;
  if (!audio || profile.audioRules.length === 0) return null;
  const inAudio = audio.languages.some((a) => baseLanguage(a) === baseLanguage(language));
  if (variant === "full")
    return inAudio && profile.audioRules.includes("skip-audio-language") ? "skip-audio-language" : null;
  if (inAudio && profile.audioRules.includes("forced-only-foreign-audio")) return "forced-only-foreign-audio";
  if (!inAudio && profile.audioRules.includes("forced-only-audio-language"))
    return "forced-only-audio-language";
  return null;
}

/** The subtitle that meets the profile's cutoff on a file: its language and what it is. */
export interface CutoffMet {
  language: string;
  by: string;
}

/**
 * What meets the profile's cutoff among a file's subtitles, or null (no cutoff, or not met): a full
 * subtitle that satisfies the cutoff language as a wanted one would (a sidecar, or an embedded stream
 * the profile's `embedded` accepts); with "any", of any of its languages, the first in profile order.
 */
export function cutoffMet(profile: Profile, candidates: readonly Candidate[]): CutoffMet | null {
  if (profile.cutoff === null) return null;
  const languages = profile.cutoff === "any" ? profile.languages : [profile.cutoff];
  for (const language of languages) {
    const by = candidates.find((c) => acceptable(c, language, "full", profile));
    if (by) return { language, by: by.by };
  }
  return null;
}

/**
 * Whether the cutoff drops language × variant from the file: met by another language, while nothing
 * satisfies this one (a subtitle that is there keeps its item, resolved).
 */
export function droppedByCutoff(
  met: CutoffMet | null,
  candidates: readonly Candidate[],
  language: string,
  variant: Variant,
  profile: Profile,
): boolean {
  return (
    met !== null &&
    met.language !== language &&
    !candidates.some((c) => acceptable(c, language, variant, profile))
  );
}

/** Languages × variants the profile asks of this file, after its skip and audio rules. */
export function wantedSlots(
  profile: Profile,
  context?: FileContext,
): { language: string; variant: Variant }[] {
  if (fileSkip(profile, context)) return [];
  const variants: Variant[] = profile.forced === "separate" ? ["full", "forced"] : ["full"];
  return profile.languages.flatMap((language) =>
    variants
      .filter((variant) => audioRuleAgainst(profile, context, language, variant) === null)
      .map((variant) => ({ language, variant })),
  );
}

/**
 * For each wanted language × variant: is it there already, and by what? Pure; no I/O. With the
 * file's context, a skipped file (unmonitored, a special) wants nothing and audio rules drop
 * what the audio makes unnecessary; a met cutoff drops the other languages still missing. Their
 * items then go like any the profile no longer asks for.
 */
export function decide(
  profile: Profile,
  sidecars: readonly StoredSidecar[],
  streams: readonly SubtitleStream[],
  context?: FileContext,
): Decision[] {
  const candidates = [...sidecarCandidates(sidecars), ...streamCandidates(streams)];
  const wantsStyled = profile.upgradeSrtToAss && profile.formats.some((f) => f === "ass" || f === "ssa");
  const met = cutoffMet(profile, candidates);
  const out: Decision[] = [];
  for (const { language, variant } of wantedSlots(profile, context)) {
    const matches = candidates.filter((c) => acceptable(c, language, variant, profile));
    if (matches.length === 0 && met !== null && met.language !== language) continue;
    // Prefer what ends the search for good: a styled one, then a sidecar, then a stream.
    const best = matches.find((c) => c.styled) ?? matches.find((c) => !c.embedded) ?? matches[0];
    out.push({
      language,
      variant,
      satisfied: best !== undefined,
      by: best?.by ?? null,
      upgradeCandidate:
        variant === "full" && wantsStyled && best !== undefined && !matches.some((c) => c.styled),
    });
  }
  return out;
}

/** Bump when decide's rules change, so that decisions stored under the old rules are made again. */
const DECISION_RULES = 3;
const fingerprints = new WeakMap<Profile, string>();

/**
 * What a decision depends on besides the file: every field of the profile (keys sorted, so two
 * equal profiles agree) and the rules above. A scan stores it with the file's subtitles; while it and
 * the file's subtitles stay the same, the stored items are what decide would answer again.
 */
export function profileFingerprint(profile: Profile): string {
  let fingerprint = fingerprints.get(profile);
  if (fingerprint === undefined) {
    const fields = Object.keys(profile)
      // Without a cutoff, decisions are what they were before the field existed: no file is decided again for it.
      .filter((key) => key !== "cutoff" || profile.cutoff !== null)
      .sort()
      .map((key) => [key, profile[key as keyof Profile]]);
    fingerprint = Bun.hash(JSON.stringify([DECISION_RULES, fields])).toString(36);
    fingerprints.set(profile, fingerprint);
  }
  return fingerprint;
}

/** An embedded text stream to write out as a sidecar for language × variant. */
export interface Extraction {
  language: string;
  variant: Variant;
  streamIndex: number;
}

/**
 * For a profile with `extractEmbedded`: each wanted language × variant that no sidecar covers but
 * an embedded text stream would (whatever `embedded` says: the point is a player that cannot show
 * it), with the stream to extract. `canExtract` says which codecs the extractor converts.
 */
export function extractionPlan(
  profile: Profile,
  sidecars: readonly StoredSidecar[],
  streams: readonly SubtitleStream[],
  context: FileContext | undefined,
  canExtract: (codec: string) => boolean,
): Extraction[] {
  if (!profile.extractEmbedded) return [];
  const onDisk = sidecarCandidates(sidecars);
  const embedded = streamCandidates(streams);
  const all = [...onDisk, ...embedded];
  const met = cutoffMet(profile, all);
  const asText: Profile = { ...profile, embedded: "text" };
  const out: Extraction[] = [];
  for (const { language, variant } of wantedSlots(profile, context)) {
    if (onDisk.some((c) => rejection(c, language, variant, profile) === null)) continue;
    if (droppedByCutoff(met, all, language, variant, profile)) continue;
    const at = streams.findIndex(
      (s, i) => canExtract(s.codec) && rejection(embedded[i]!, language, variant, asText) === null,
    );
    if (at >= 0) out.push({ language, variant, streamIndex: streams[at]!.index });
  }
  return out;
}
