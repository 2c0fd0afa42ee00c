/**
 * Which legacy code pages a subtitle in a given language was likely saved in, most likely first,
 * and which script its letters are in. The script comes from CLDR likely subtags
 * (`Intl.Locale#maximize`: "ru" → Cyrl, "fa" → Arab, "zh-TW" → Hant); the code pages are the
 * Windows and ISO/KOI/DOS pages each script's users wrote subtitles in. Every label here is one
 * the WHATWG Encoding Standard defines, so Bun's TextDecoder (and the compiled binary) has it.
 */
export type Script = "Latn" | "Cyrl" | "Grek" | "Hebr" | "Arab" | "Thai" | "Jpan" | "Kore" | "Hans" | "Hant";

const BY_SCRIPT: Readonly<Record<Script, readonly string[]>> = {
  Latn: ["windows-1252", "iso-8859-15"],
  Cyrl: ["windows-1251", "koi8-r", "koi8-u", "ibm866", "iso-8859-5", "x-mac-cyrillic"],
  Grek: ["windows-1253", "iso-8859-7"],
  Hebr: ["windows-1255", "iso-8859-8"],
  Arab: ["windows-1256", "iso-8859-6"],
  Thai: ["windows-874"],
  Jpan: ["shift_jis", "euc-jp", "iso-2022-jp"],
  Kore: ["euc-kr"],
  Hans: ["gb18030", "big5"],
  Hant: ["big5", "gb18030"],
};

/**
 * ISO-8859-2 before Windows-1250: 8859-2 leaves 0x80–0x9F undefined, where 1250 keeps š, ž, ś,
 * ź, ť and „“, so a 1250 file read as 8859-2 shows control characters and is refused; the other
 * way round, 8859-2's š and ž read as 1250's ą and ľ, letters that would pass.
 */
const CENTRAL_EUROPEAN = ["iso-8859-2", "windows-1250", "windows-1252"];
const BALTIC = ["windows-1257", "iso-8859-13", "iso-8859-4"];

/** Languages whose pages differ from their script's default (Latin: Western European). */
const BY_LANGUAGE: Readonly<Record<string, readonly string[]>> = {
  pl: CENTRAL_EUROPEAN,
  cs: CENTRAL_EUROPEAN,
  sk: CENTRAL_EUROPEAN,
  hu: CENTRAL_EUROPEAN,
  sl: CENTRAL_EUROPEAN,
  hr: CENTRAL_EUROPEAN,
  bs: CENTRAL_EUROPEAN,
  sq: CENTRAL_EUROPEAN,
  ro: ["iso-8859-2", "windows-1250", "iso-8859-16", "windows-1252"],
  lt: BALTIC,
  lv: BALTIC,
  et: ["windows-1257", "iso-8859-15", "windows-1252", "iso-8859-13"],
  tr: ["windows-1254"],
  az: ["windows-1254"],
  vi: ["windows-1258"],
  uk: ["windows-1251", "koi8-u", "ibm866", "iso-8859-5", "x-mac-cyrillic"],
  be: ["windows-1251", "koi8-u", "ibm866", "iso-8859-5"],
  ru: ["windows-1251", "koi8-r", "ibm866", "iso-8859-5", "x-mac-cyrillic"],
  // Serbian subtitles come in both alphabets.
  sr: ["windows-1251", "iso-8859-2", "windows-1250", "iso-8859-5"],
  "sr-Latn": CENTRAL_EUROPEAN,
};

export interface LanguageCodePages {
  /** ISO 15924 scripts the text's letters are expected in; two for Serbian. */
  scripts: string[];
  /** Empty for scripts without legacy code pages here (Armenian, Devanagari…): only UTF-8/16 then. */
  codePages: readonly string[];
}

/** Null when the language is not a valid tag. */
export function codePagesFor(language: string): LanguageCodePages | null {
  let tag: Intl.Locale;
  let maximized: Intl.Locale;
  try {
    tag = new Intl.Locale(language);
    maximized = tag.maximize();
  } catch {
    return null;
  }
  const script = maximized.script;
  if (script === undefined) return null;
  const base = maximized.language;
  const explicitScript = tag.script !== undefined;
  const scripts = base === "sr" && !explicitScript ? ["Cyrl", "Latn"] : [script];
  const codePages =
    (explicitScript ? BY_LANGUAGE[`${base}-${script}`] : BY_LANGUAGE[base]) ??
    BY_SCRIPT[script as Script] ??
    [];
  return { scripts, codePages };
}
