import { analyse } from "chardet";

export interface DecodedSubtitle {
  /** Without a BOM, line endings normalized to \n. */
  text: string;
  /** The WHATWG label the bytes were decoded with. */
  encoding: string;
}

// chardet's names → WHATWG labels TextDecoder accepts; absent ones (UTF-32, ISO-2022-CN/KR) are skipped.
const WHATWG_LABELS: Record<string, string> = {
  "UTF-8": "utf-8",
  ASCII: "utf-8",
  "UTF-16LE": "utf-16le",
  "UTF-16BE": "utf-16be",
  // WHATWG decodes Latin-1 as windows-1252, which also covers € and the curly quotes.
  "ISO-8859-1": "windows-1252",
  "ISO-8859-2": "iso-8859-2",
  "ISO-8859-5": "iso-8859-5",
  "ISO-8859-6": "iso-8859-6",
  "ISO-8859-7": "iso-8859-7",
  "ISO-8859-8": "iso-8859-8",
  "ISO-8859-9": "windows-1254",
  "KOI8-R": "koi8-r",
  "windows-1250": "windows-1250",
  "windows-1251": "windows-1251",
  "windows-1252": "windows-1252",
  "windows-1253": "windows-1253",
  "windows-1254": "windows-1254",
  "windows-1255": "windows-1255",
  "windows-1256": "windows-1256",
  "windows-1257": "windows-1257",
  "windows-1258": "windows-1258",
  "windows-874": "windows-874",
  Shift_JIS: "shift_jis",
  "EUC-JP": "euc-jp",
  "ISO-2022-JP": "iso-2022-jp",
  "EUC-KR": "euc-kr",
  GB18030: "gb18030",
  Big5: "big5",
};

const FALLBACK = "windows-1252";

export function decodeSubtitle(bytes: Uint8Array): DecodedSubtitle {
  const encoding =
    bomEncoding(bytes) ?? (isUtf8(bytes) ? "utf-8" : (utf16WithoutBom(bytes) ?? detected(bytes)));
  // TextDecoder drops a BOM that matches its encoding.
  const text = new TextDecoder(encoding as ConstructorParameters<typeof TextDecoder>[0])
    .decode(bytes)
    .replace(/^\uFEFF/, "");
  return { text: text.replace(/\r\n?/g, "\n"), encoding };
}

function bomEncoding(bytes: Uint8Array): string | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return "utf-8";
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return "utf-16le";
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return "utf-16be";
  return null;
}

function isUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** Latin-script UTF-16 without a BOM: nearly every high (or low) byte is zero. */
function utf16WithoutBom(bytes: Uint8Array): string | null {
  const sample = bytes.subarray(0, 4096 - (Math.min(bytes.length, 4096) % 2));
  if (sample.length < 8) return null;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < sample.length; i += 2) {
    if (sample[i] === 0) evenZeros++;
    if (sample[i + 1] === 0) oddZeros++;
  }
  const pairs = sample.length / 2;
  if (oddZeros > pairs * 0.7 && evenZeros < pairs * 0.05) return "utf-16le";
  if (evenZeros > pairs * 0.7 && oddZeros < pairs * 0.05) return "utf-16be";
  return null;
}

function detected(bytes: Uint8Array): string {
  for (const match of analyse(bytes)) {
    const label = WHATWG_LABELS[match.name];
    if (label && label !== "utf-8") return label;
  }
  return FALLBACK;
}
