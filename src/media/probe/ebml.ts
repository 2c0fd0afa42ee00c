import { keepClosureFromFtl, keepFromFtl } from "../../jit-tier.ts";

/** An EBML element header: its ID (marker bits kept, as the Matroska spec writes IDs) and payload extent. */
export interface EbmlHeader {
  id: number;
  /** Offset of the payload, relative to the buffer the header was read from. */
  dataStart: number;
  /** Payload size in bytes; null for the "unknown size" of live-written Segments and Clusters. */
  size: number | null;
}

/** Reads an element header at `offset`; null when the bytes are not a valid header or are cut off. */
export function readEbmlHeader(bytes: Uint8Array, offset: number): EbmlHeader | null {
  const first = bytes[offset];
  if (first === undefined || first === 0) return null;
  const idLength = Math.clz32(first) - 23;
  if (idLength > 4 || offset + idLength > bytes.length) return null;
  let id = 0;
  for (let i = 0; i < idLength; i++) id = id * 256 + bytes[offset + i]!;
  const sizeOffset = offset + idLength;
  const sizeFirst = bytes[sizeOffset];
  if (sizeFirst === undefined || sizeFirst === 0) return null;
  const sizeLength = Math.clz32(sizeFirst) - 23;
  if (sizeOffset + sizeLength > bytes.length) return null;
  let size = sizeFirst & (0xff >> sizeLength);
  let allOnes = size === 0xff >> sizeLength;
  for (let i = 1; i < sizeLength; i++) {
    const b = bytes[sizeOffset + i]!;
    size = size * 256 + b;
    allOnes &&= b === 0xff;
  }
  return { id, dataStart: sizeOffset + sizeLength, size: allOnes ? null : size };
}

export function readUint(bytes: Uint8Array, start: number, size: number): number {
  let value = 0;
  for (let i = 0; i < size; i++) value = value * 256 + bytes[start + i]!;
  return value;
}

const utf8 = new TextDecoder("utf-8");

/** EBML strings may be zero-padded; like FFmpeg, stop at the first NUL. */
export function readString(bytes: Uint8Array, start: number, size: number): string {
  let end = start;
  const limit = start + size;
  let ascii = true;
  while (end < limit && bytes[end] !== 0) {
    if (bytes[end]! >= 0x80) ascii = false;
    end++;
  }
  // Codec ids, languages and most names are short ASCII: built directly they cost a fraction of a decode.
  if (ascii && end - start <= 64) {
    let text = "";
    for (let i = start; i < end; i++) text += String.fromCharCode(bytes[i]!);
    return text;
  }
  return utf8.decode(bytes.subarray(start, end));
}

/** Calls `visit` for each direct child of the payload [start, end); stops early when `visit` returns false. */
export function forEachChild(
  bytes: Uint8Array,
  start: number,
  end: number,
  visit: (id: number, dataStart: number, size: number) => boolean | undefined,
): boolean {
  // The visitors are closures made per file, as hot in the burst as the readers themselves.
  keepClosureFromFtl(visit);
  let offset = start;
  while (offset < end) {
    const header = readEbmlHeader(bytes, offset);
    if (!header || header.size === null) return false;
    const dataEnd = header.dataStart + header.size;
    if (dataEnd > end) return false;
    if (visit(header.id, header.dataStart, header.size) === false) return true;
    offset = dataEnd;
  }
  return true;
}

// Run a few hundred times a file in a first scan, then idle: see jit-tier.ts.
keepFromFtl(readEbmlHeader, readUint, readString, forEachChild);
