import { canonicalLanguage } from "../media/languages.ts";

/**
 * Bazarr's two-letter codes that are not ISO 639-1 (bazarr/languages/custom_lang.py): it invented
 * them for the regional variants its providers tell apart.
 */
const BAZARR_CUSTOM_CODES: ReadonlyMap<string, string> = new Map([
  ["pb", "pt-BR"],
  ["zt", "zh-Hant"],
  ["ea", "es-419"],
]);

/**
 * A Bazarr language code as Subhound writes it, or null when it names no language Subhound knows.
 * Bazarr's history adds `:hi` or `:forced` to the code ("en:forced"); that suffix is left out here.
 *
 * @example bazarrLanguage("pb:forced") // "pt-BR"
 */
export function bazarrLanguage(code: string): string | null {
  const base = code.split(":")[0]!.trim().toLowerCase();
  if (base === "") return null;
  return BAZARR_CUSTOM_CODES.get(base) ?? canonicalLanguage(base);
}
