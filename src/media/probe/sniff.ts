export type Container = "matroska" | "mp4" | "unknown";

const MP4_FIRST_BOXES = new Set(["ftyp", "moov", "mdat", "free", "skip", "wide", "pnot", "styp"]);

/** Decides the container from its first bytes; the file extension is not trusted. */
export function sniffContainer(head: Uint8Array): Container {
  if (head.length >= 4 && head[0] === 0x1a && head[1] === 0x45 && head[2] === 0xdf && head[3] === 0xa3) {
    return "matroska";
  }
  if (head.length >= 8) {
    const type = String.fromCharCode(head[4]!, head[5]!, head[6]!, head[7]!);
    const size = ((head[0]! << 24) | (head[1]! << 16) | (head[2]! << 8) | head[3]!) >>> 0;
    if (MP4_FIRST_BOXES.has(type) && (size === 0 || size === 1 || size >= 8)) return "mp4";
  }
  return "unknown";
}
