import { canonicalLanguage } from "./languages.ts";

/** The one rule for a wanted language, shared by the config, the API and the CLI. */
export const LANGUAGE_CODE_HINT = "expected a language code like en, de or pt-BR, or a name like German";

/** Letters, digits, spaces and hyphens: a name with punctuation ("english!") is a typo, not a language. */
const SHAPE = /^[A-Za-z][A-Za-z0-9 _-]*$/;

/** True for what the language tables know: a code (en, ger, pt-BR) or a name (German); "xx" is not. */
export function isLanguageCode(value: string): boolean {
  return SHAPE.test(value.trim()) && canonicalLanguage(value) !== null;
}
