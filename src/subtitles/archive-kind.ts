export type ArchiveKind = "zip" | "gzip" | "xz" | "rar" | "7z";

const SIGNATURES: [ArchiveKind, number[]][] = [
  ["zip", [0x50, 0x4b, 0x03, 0x04]],
  // An empty zip is only its end-of-central-directory record.
  ["zip", [0x50, 0x4b, 0x05, 0x06]],
  ["gzip", [0x1f, 0x8b]],
  ["xz", [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]],
  ["rar", [0x52, 0x61, 0x72, 0x21, 0x1a, 0x07, 0x00]],
  ["rar", [0x52, 0x61, 0x72, 0x21, 0x1a, 0x07, 0x01, 0x00]],
  ["7z", [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c]],
];

/** Tells an archive by its magic bytes; names from providers lie too often to trust. */
export function detectArchiveKind(bytes: Uint8Array): ArchiveKind | null {
  for (const [kind, signature] of SIGNATURES) {
    if (signature.every((byte, i) => bytes[i] === byte)) return kind;
  }
  return null;
}
