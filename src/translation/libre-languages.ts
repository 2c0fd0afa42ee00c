import { z } from "zod";
import { canonicalLanguage, languageSatisfies, parseLanguageTag } from "../media/languages.ts";

/** One entry of LibreTranslate's `GET /languages` (external-apis.md §10). */
export const libreLanguagesSchema = z.array(
  z.object({
    code: z.string().min(1),
    name: z.string().nullish(),
    targets: z.array(z.string()).nullish(),
  }),
);

export interface LibreLanguage {
  /** The server's own code, sent as is: `pt`, `pb`, `zh-Hans`, `zt`… */
  code: string;
  /** What the code means as a canonical tag (`pb` → `pt-BR`, `zh` → `zh-Hans`). */
  language: string;
  /** Codes it translates into; null when the server does not say. */
  targets: string[] | null;
}

/** LibreTranslate's plain `zh` has always been Simplified Chinese (Traditional is `zt` or `zh-Hant`). */
const CODE_MEANS: Readonly<Record<string, string>> = { zh: "zh-Hans" };

function meaningOf(code: string, name: string | null | undefined): string | null {
  const byCode = CODE_MEANS[code.toLowerCase()] ?? canonicalLanguage(code, { strict: true });
  const byName = name ? canonicalLanguage(name, { strict: true }) : null;
  // A name like "Portuguese (Brazil)" is more precise than a bare code, never a contradiction of it.
  if (byCode !== null && byName !== null && byName.length > byCode.length) {
    const [a, b] = [parseLanguageTag(byCode), parseLanguageTag(byName)];
    if (a !== null && b !== null && a.language === b.language) return byName;
  }
  return byCode ?? byName;
}

/** The server's list as canonical languages; entries no tag can be given to are left out. */
export function readLibreLanguages(entries: z.infer<typeof libreLanguagesSchema>): LibreLanguage[] {
  const out: LibreLanguage[] = [];
  for (const entry of entries) {
    const language = meaningOf(entry.code, entry.name);
    if (language !== null) out.push({ code: entry.code, language, targets: entry.targets ?? null });
  }
  // Beside Brazilian `pb`, LibreTranslate's `pt` is the Portuguese of Portugal (its docs say so).
  if (out.some((l) => l.language === "pt-BR"))
    for (const l of out) if (l.language === "pt") l.language = "pt-PT";
  return out;
}

/**
 * The server's entry for a language. A target must be the variant asked for (pt-BR is never
 * sent as the server's `pt`: that would save European Portuguese as Brazilian); a source may
 * fall back to its base language, as the text is what it is whatever the model calls it.
 */
export function pickLibreLanguage(
  wanted: string,
  available: readonly LibreLanguage[],
  role: "source" | "target",
): LibreLanguage | null {
  const tag = canonicalLanguage(wanted) ?? wanted;
  const exact = available.find((l) => l.language.toLowerCase() === tag.toLowerCase());
  if (exact) return exact;
  const satisfying = available.find((l) => languageSatisfies(tag, l.language));
  if (satisfying) return satisfying;
  if (role === "target") return null;
  const base = parseLanguageTag(tag)?.language;
  return available.find((l) => l.language === base) ?? null;
}
