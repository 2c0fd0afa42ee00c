import SevenZip from "7z-wasm";
import { gzipSync, zipSync } from "fflate";
import { storedRar4 } from "./stored-rar4.ts";

/**
 * Decompression bombs, built at test time (nothing large is committed): each is a few kilobytes
 * that unpacks to `size` zero bytes, under a subtitle's name. xz and 7z are made by 7-Zip's own
 * WASM build, the same one the server unpacks 7z with.
 */
export const MiB = 1024 * 1024;

export function gzipBomb(size: number): Uint8Array {
  return gzipSync(new Uint8Array(size), { level: 9 });
}

/** A zip whose local header and central directory both declare `declared` bytes for `size` bytes of data. */
export function lyingZipBomb(size: number, declared: number): Uint8Array {
  const zip = zipSync({ "bomb.srt": new Uint8Array(size) }, { level: 9 });
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  view.setUint32(22, declared, true);
  for (let at = 0; at + 4 <= zip.length; at++) {
    if (view.getUint32(at, true) === 0x02014b50) view.setUint32(at + 24, declared, true);
  }
  return zip;
}

/** Sets the CRC of every member, in the local headers and the central directory, to `crc`. */
export function withCrc(zip: Uint8Array, crc: number): Uint8Array {
  const copy = zip.slice();
  const view = new DataView(copy.buffer);
  for (let at = 0; at + 4 <= copy.length; at++) {
    const signature = view.getUint32(at, true);
    if (signature === 0x04034b50) view.setUint32(at + 14, crc, true);
    if (signature === 0x02014b50) view.setUint32(at + 16, crc, true);
  }
  return copy;
}

/**
 * `copies` central-directory entries that all point at the same compressed member (the
 * overlapping-entries construction): each entry is honest on its own, together they are a bomb.
 */
export function overlappingZipBomb(size: number, copies: number): Uint8Array {
  const zip = zipSync({ "a.srt": new Uint8Array(size) }, { level: 9 });
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  let central = -1;
  for (let at = zip.length - 22; at >= 0; at--) {
    if (view.getUint32(at, true) === 0x06054b50) {
      central = view.getUint32(at + 16, true);
      break;
    }
  }
  const entry = zip.slice(central, zip.length - 22);
  const entries = new Uint8Array(entry.length * copies);
  for (let i = 0; i < copies; i++) entries.set(entry, i * entry.length);
  const end = new Uint8Array(22);
  const endView = new DataView(end.buffer);
  endView.setUint32(0, 0x06054b50, true);
  endView.setUint16(8, copies, true);
  endView.setUint16(10, copies, true);
  endView.setUint32(12, entries.length, true);
  endView.setUint32(16, central, true);
  const out = new Uint8Array(central + entries.length + end.length);
  out.set(zip.subarray(0, central));
  out.set(entries, central);
  out.set(end, central + entries.length);
  return out;
}

/** An archive made by 7-Zip from `members` (zero-filled files of the given sizes). */
export async function sevenZipBomb(type: "xz" | "7z", members: Record<string, number>): Promise<Uint8Array> {
  const sevenZip = await SevenZip({ print: () => {}, printErr: () => {} });
  const names = Object.keys(members);
  for (const name of names) sevenZip.FS.writeFile(`/${name}`, new Uint8Array(members[name] ?? 0));
  const out = `/bomb.${type}`;
  sevenZip.callMain(["a", `-t${type}`, "-mx1", out, ...names.map((name) => `/${name}`)]);
  return sevenZip.FS.readFile(out);
}

/** A stored RAR 4 member whose header declares `declared` bytes for its real data. */
export function lyingRar(data: Uint8Array, declared: number): Uint8Array {
  const rar = storedRar4([{ name: "bomb.srt", bytes: data }]);
  const view = new DataView(rar.buffer);
  // The first file header follows the 7-byte marker and the 13-byte archive header; UNP_SIZE is at +11.
  const file = 7 + 13;
  view.setUint32(file + 11, declared, true);
  // The header CRC covers the header from its type byte: recompute it so only the size lies.
  const headerSize = view.getUint16(file + 5, true);
  view.setUint16(file, Bun.hash.crc32(rar.subarray(file + 2, file + headerSize)) & 0xffff, true);
  return rar;
}

/**
 * Rewrites the LZMA2 dictionary-size byte in an xz file's first block header (and that header's
 * CRC32): a small file that asks the decoder for a huge dictionary.
 */
export function withXzDictionary(xz: Uint8Array, props: number): Uint8Array {
  const copy = xz.slice();
  const start = 12; // after the stream header
  const size = ((copy[start] ?? 0) + 1) * 4;
  for (let at = start + 2; at < start + size - 4; at++) {
    if (copy[at] === 0x21 && copy[at + 1] === 1) {
      copy[at + 2] = props;
      new DataView(copy.buffer).setUint32(
        start + size - 4,
        Bun.hash.crc32(copy.subarray(start, start + size - 4)),
        true,
      );
      return copy;
    }
  }
  throw new Error("no LZMA2 filter in the first block header");
}
