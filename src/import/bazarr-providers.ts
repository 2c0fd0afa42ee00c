import type { ProviderName } from "../providers/types.ts";

/**
 * Bazarr's providers that Subhound also has, and how a Bazarr subtitle id (`subs_id`: what its
 * subliminal provider calls `Subtitle.id`) becomes the candidate id Subhound's provider gives the same
 * subtitle. Only where both name one subtitle alike: a blacklist entry under another id would never
 * match anything.
 */
interface ProviderMapping {
  name: ProviderName;
  candidateId(subsId: string): string | null;
}

const same = (subsId: string) => (subsId.trim() === "" ? null : subsId.trim());

export const BAZARR_PROVIDERS: Readonly<Record<string, ProviderMapping>> = {
  // The REST API of opensubtitles.com: both keep the file id.
  opensubtitlescom: { name: "opensubtitles", candidateId: same },
  podnapisi: { name: "podnapisi", candidateId: same },
  gestdown: { name: "gestdown", candidateId: same },
  // Bazarr keeps the download link (`…/storage/attach/0009a2f3/631539.xz`); Subhound the attachment id in it.
  animetosho: {
    name: "animetosho",
    candidateId: (subsId) => /\/attach\/[0-9a-f]{8}\/(\d+)\.xz$/i.exec(subsId.trim())?.[1] ?? null,
  },
};

/** Providers both have whose ids differ, with why, for the summary. */
export const UNMAPPED_PROVIDERS: Readonly<Record<string, string>> = {
  subdl: "Bazarr keeps the name SubDL lists, Subhound the download id",
  jimaku: "Bazarr keeps the download URL, Subhound the entry id and file name",
  opensubtitles: "the old opensubtitles.org API, whose ids opensubtitles.com does not use",
};

/** The provider and candidate id Subhound knows a Bazarr subtitle by, or null when it has none. */
export function subhoundCandidate(
  bazarrProvider: string,
  subsId: string,
): { provider: ProviderName; candidateId: string } | null {
  const mapping = Object.hasOwn(BAZARR_PROVIDERS, bazarrProvider)
    ? BAZARR_PROVIDERS[bazarrProvider]
    : undefined;
  if (!mapping) return null;
  const candidateId = mapping.candidateId(subsId);
  return candidateId === null ? null : { provider: mapping.name, candidateId };
}

/** The mapping as the summary lists it: Bazarr's name → Subhound's. */
export function providerMappingList(): Record<string, string> {
  return Object.fromEntries(Object.entries(BAZARR_PROVIDERS).map(([bazarr, m]) => [bazarr, m.name]));
}
