const names = new Intl.DisplayNames(["en"], {
  type: "language",
  languageDisplay: "standard",
  fallback: "none",
});

/** "Portuguese (Brazil)" for "pt-BR"; undefined when the code is not one Intl knows. */
export function languageName(code: string): string | undefined {
  try {
    return names.of(code) ?? undefined;
  } catch {
    return undefined;
  }
}

/**
 * A language as code plus name: `pt-BR Portuguese (Brazil)`; variants as small badges, which wrap
 * to the next line in a narrow cell instead of widening it.
 */
export function LanguageLabel({ code, variant }: { code: string; variant?: string | null }) {
  const name = languageName(code);
  return (
    <span class="lang">
      <span class="lang-name">
        <span class="lang-code">{code}</span>
        {name && name !== code ? name : null}
      </span>
      {variant && variant !== "full" ? (
        <>
          {" "}
          <span class="badge">{variant === "hi" ? "HI" : variant}</span>
        </>
      ) : null}
    </span>
  );
}
