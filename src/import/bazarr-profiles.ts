import type { BazarrDb } from "./bazarr-db.ts";
import { bazarrLanguage } from "./bazarr-language.ts";

/** One of Bazarr's language profiles as a Subhound named profile (`[profiles.<name>]`), with what did not carry over. */
export interface ProfileDraft {
  bazarrId: number;
  bazarrName: string;
  /** A valid Subhound profile name made from Bazarr's (letters, digits, - and _). */
  name: string;
  languages: string[];
  forced?: "separate";
  hearingImpaired?: "prefer";
  audioRules?: ["skip-audio-language"];
  /** Bazarr's cutoff: "any" (its 65535) or the language of the item it names. */
  cutoff?: string;
  /** Bazarr's tag that assigns the profile automatically, for a `[[profileTags]]` entry. */
  tag: string | null;
  /** What Bazarr's profile says that Subhound's fields cannot, each as one sentence. */
  notes: string[];
}

export const PROFILE_COLUMNS = ["profileId", "name", "items"] as const;
const OPTIONAL = ["cutoff", "mustContain", "mustNotContain", "originalFormat", "tag"] as const;

interface BazarrItem {
  /** What the profile's cutoff names (65535 = any item). */
  id: number | null;
  language: string;
  forced: boolean;
  hi: boolean;
  audioExclude: boolean;
}

/** Bazarr writes its booleans as Python's str(): "True" / "False". */
const pythonTrue = (v: unknown) => v === true || (typeof v === "string" && v.toLowerCase() === "true");

/** A Python literal list ("['x']") or JSON list that holds anything. */
const nonEmptyList = (v: unknown) => typeof v === "string" && /\S/.test(v.replace(/^\s*\[\s*\]\s*$/, ""));

/** Letters, digits, - and _ only (config's profile names); accents dropped, the rest turned into dashes. */
export function profileNameFrom(bazarrName: string, bazarrId: number): string {
  const ascii = bazarrName.normalize("NFKD").replace(/[\u0300-\u036f]/g, "");
  const name = ascii.replace(/[^A-Za-z0-9_-]+/g, "-").replace(/^[-_]+|-+$/g, "");
  return name === "" ? `bazarr-${bazarrId}` : name;
}

function readItems(raw: unknown): BazarrItem[] | null {
  try {
    const parsed = JSON.parse(String(raw)) as unknown;
    if (!Array.isArray(parsed)) return null;
    return parsed
      .filter((i): i is Record<string, unknown> => typeof i === "object" && i !== null)
      .map((i) => ({
        id: typeof i.id === "number" ? i.id : Number.isFinite(Number(i.id)) ? Number(i.id) : null,
        language: String(i.language ?? ""),
        forced: pythonTrue(i.forced),
        hi: pythonTrue(i.hi),
        audioExclude: pythonTrue(i.audio_exclude),
      }));
  } catch {
    return null;
  }
}

/** Bazarr's profiles as drafts, in profile id order; one whose items do not read is left out with a note. */
export function readBazarrProfiles(db: BazarrDb): { drafts: ProfileDraft[]; unreadable: string[] } {
  const drafts: ProfileDraft[] = [];
  const unreadable: string[] = [];
  const taken = new Set<string>();
  const rows = db
    .rows("table_languages_profiles", [...PROFILE_COLUMNS, ...OPTIONAL])
    .sort((a, b) => Number(a.profileId) - Number(b.profileId));
  for (const row of rows) {
    const bazarrId = Number(row.profileId);
    const bazarrName = String(row.name ?? "");
    const items = readItems(row.items);
    if (!Number.isInteger(bazarrId) || items === null) {
      unreadable.push(`profile ${String(row.profileId)} "${bazarrName}": its language list does not read`);
      continue;
    }
    let name = profileNameFrom(bazarrName, bazarrId);
    if (taken.has(name.toLowerCase())) name = `${name}-${bazarrId}`;
    taken.add(name.toLowerCase());
    drafts.push(draftOf({ bazarrId, bazarrName, name, items, row }));
  }
  return { drafts, unreadable };
}

/** Bazarr's 65535: the first language of the profile found is enough. */
const ANY_ITEM = 65535;

/**
 * Bazarr's cutoff (null or 0: none) names one item of the profile by id, or any of them: as
 * `cutoff`, "any" or that item's language (a forced item's too: Subhound's cutoff is per language).
 */
function cutoffOf(raw: unknown, items: BazarrItem[]): { value?: string; note?: string } {
  const id = Number(raw);
  if (raw === null || raw === undefined || !Number.isFinite(id) || id === 0) return {};
  if (id === ANY_ITEM) return { value: "any" };
  const item = items.find((i) => i.id === id);
  const language = item ? bazarrLanguage(item.language) : null;
  if (!item || language === null)
    return {
      note: `Bazarr's cutoff names item ${id}, which is not a language Subhound knows: no cutoff set`,
    };
  return item.forced
    ? {
        value: language,
        note: `Bazarr's cutoff was the forced ${language} subtitle; Subhound's is ${language} as a whole`,
      }
    : { value: language };
}

function draftOf(p: {
  bazarrId: number;
  bazarrName: string;
  name: string;
  items: BazarrItem[];
  row: Record<string, unknown>;
}): ProfileDraft {
  const notes: string[] = [];
  const languages: string[] = [];
  const unknown: string[] = [];
  for (const item of p.items) {
    const language = bazarrLanguage(item.language);
    if (language === null) unknown.push(item.language);
    else if (!languages.includes(language)) languages.push(language);
  }
  if (unknown.length > 0) notes.push(`left out languages Subhound does not know: ${unknown.join(", ")}`);
  const full = p.items.filter((i) => !i.forced);
  const forced = p.items.filter((i) => i.forced);
  const draft: ProfileDraft = {
    bazarrId: p.bazarrId,
    bazarrName: p.bazarrName,
    name: p.name,
    languages,
    tag: typeof p.row.tag === "string" && p.row.tag.trim() !== "" ? p.row.tag.trim() : null,
    notes,
  };
  if (forced.length > 0) {
    draft.forced = "separate";
    const onlyForced = forced.map((i) => i.language).filter((l) => !full.some((f) => f.language === l));
    if (onlyForced.length > 0)
      notes.push(
        `Bazarr wanted only a forced subtitle of ${onlyForced.join(", ")}; Subhound also wants a full one of every listed language`,
      );
    if (full.some((f) => !forced.some((i) => i.language === f.language)))
      notes.push(
        `forced = "separate" wants a forced subtitle of every listed language, not only of ${forced.map((i) => i.language).join(", ")}`,
      );
  }
  if (full.some((i) => i.hi)) {
    draft.hearingImpaired = "prefer";
    notes.push(
      `Bazarr took only hearing-impaired subtitles of ${full
        .filter((i) => i.hi)
        .map((i) => i.language)
        .join(", ")}; Subhound prefers them, and for every language`,
    );
  }
  if (p.items.some((i) => i.audioExclude)) {
    draft.audioRules = ["skip-audio-language"];
    if (!p.items.every((i) => i.audioExclude))
      notes.push("skip-audio-language applies to every language, Bazarr's audio exclusion only to some");
  }
  const cutoff = cutoffOf(p.row.cutoff, p.items);
  if (cutoff.value) draft.cutoff = cutoff.value;
  if (cutoff.note) notes.push(cutoff.note);
  if (nonEmptyList(p.row.mustContain) || nonEmptyList(p.row.mustNotContain))
    notes.push("Bazarr's must contain / must not contain release words are not imported");
  if (pythonTrue(p.row.originalFormat) || p.row.originalFormat === 1)
    notes.push('Bazarr kept the original format; Subhound picks by `formats` (default ["ass", "srt"])');
  return draft;
}
