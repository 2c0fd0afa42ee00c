import { ExtractError } from "./types.ts";

/** One central-directory entry, with the numbers a hostile archive can lie about left as found. */
export interface ZipEntry {
  rawName: string;
  flags: number;
  method: number;
  crc: number;
  compressedSize: number;
  declaredSize: number;
  localHeaderOffset: number;
}

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const MAX_COMMENT = 0xffff;

function corrupt(detail: string): ExtractError {
  return new ExtractError("corrupt", `zip: ${detail}`);
}

/**
 * Reads the central directory (the archive's table of contents at its end), yielding entries one
 * by one so that the caller's member count can stop a directory of millions early.
 */
export function* zipEntries(bytes: Uint8Array): Generator<ZipEntry> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const eocd = findEocd(view);
  let count = view.getUint16(eocd + 10, true);
  let offset = view.getUint32(eocd + 16, true);
  if (count === 0xffff || offset === 0xffffffff) {
    const locator = eocd - 20;
    if (locator < 0 || view.getUint32(locator, true) !== ZIP64_LOCATOR) throw corrupt("bad zip64 directory");
    const zip64 = safeNumber(view.getBigUint64(locator + 8, true));
    if (zip64 + 56 > bytes.length || view.getUint32(zip64, true) !== ZIP64_EOCD)
      throw corrupt("bad zip64 directory");
    count = safeNumber(view.getBigUint64(zip64 + 32, true));
    offset = safeNumber(view.getBigUint64(zip64 + 48, true));
  }
  for (let i = 0; i < count; i++) {
    if (offset + 46 > bytes.length || view.getUint32(offset, true) !== CENTRAL)
      throw corrupt("truncated central directory");
    const nameLength = view.getUint16(offset + 28, true);
    const extraLength = view.getUint16(offset + 30, true);
    const commentLength = view.getUint16(offset + 32, true);
    const end = offset + 46 + nameLength + extraLength + commentLength;
    if (end > bytes.length) throw corrupt("truncated central directory");
    const flags = view.getUint16(offset + 8, true);
    const entry: ZipEntry = {
      rawName: decodeName(bytes.subarray(offset + 46, offset + 46 + nameLength), flags),
      flags,
      method: view.getUint16(offset + 10, true),
      crc: view.getUint32(offset + 16, true),
      compressedSize: view.getUint32(offset + 20, true),
      declaredSize: view.getUint32(offset + 24, true),
      localHeaderOffset: view.getUint32(offset + 42, true),
    };
    applyZip64Extra(view, offset + 46 + nameLength, extraLength, entry);
    yield entry;
    offset = end;
  }
}

/** Where an entry's compressed bytes are, from its local header (whose own sizes are ignored). */
export function entryData(bytes: Uint8Array, entry: ZipEntry): Uint8Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const at = entry.localHeaderOffset;
  if (at + 30 > bytes.length || view.getUint32(at, true) !== LOCAL)
    throw corrupt(`${entry.rawName}: bad local header`);
  const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
  const end = start + entry.compressedSize;
  if (end > bytes.length) throw corrupt(`${entry.rawName}: truncated data`);
  return bytes.subarray(start, end);
}

function findEocd(view: DataView): number {
  const lowest = Math.max(0, view.byteLength - 22 - MAX_COMMENT);
  for (let at = view.byteLength - 22; at >= lowest; at--) {
    if (view.getUint32(at, true) === EOCD) return at;
  }
  throw corrupt("no central directory (truncated or not a zip)");
}

/** Sizes and offset saturated at 0xFFFFFFFF live, in that order, in the zip64 extra field. */
function applyZip64Extra(view: DataView, start: number, length: number, entry: ZipEntry): void {
  const fields = ["declaredSize", "compressedSize", "localHeaderOffset"] as const;
  if (!fields.some((field) => entry[field] === 0xffffffff)) return;
  for (let at = start; at + 4 <= start + length; ) {
    const id = view.getUint16(at, true);
    const size = view.getUint16(at + 2, true);
    if (id === 0x0001) {
      let field = at + 4;
      for (const name of fields) {
        if (entry[name] !== 0xffffffff) continue;
        if (field + 8 > at + 4 + size) throw corrupt(`${entry.rawName}: bad zip64 field`);
        entry[name] = safeNumber(view.getBigUint64(field, true));
        field += 8;
      }
      return;
    }
    at += 4 + size;
  }
  throw corrupt(`${entry.rawName}: missing zip64 field`);
}

function safeNumber(value: bigint): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw corrupt("size or offset out of range");
  return Number(value);
}

/** Bit 11 promises UTF-8; many tools write UTF-8 without it, so that is tried before Latin-1. */
function decodeName(raw: Uint8Array, flags: number): string {
  if (flags & 0x800) return new TextDecoder().decode(raw);
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(raw);
  } catch {
    return new TextDecoder("latin1").decode(raw);
  }
}
