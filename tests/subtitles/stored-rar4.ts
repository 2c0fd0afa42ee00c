/**
 * A RAR 4.x archive with STORED (uncompressed) members, built by hand from the public format
 * description (no rar tool is free to install): marker block, archive header, one file header
 * plus data per member, end block. Each header's CRC is the low 16 bits of the CRC32 of the header
 * from its type byte on.
 */
export function storedRar4(members: { name: string; bytes: Uint8Array }[]): Uint8Array {
  const marker = Uint8Array.of(0x52, 0x61, 0x72, 0x21, 0x1a, 0x07, 0x00);
  const archiveHeader = block(0x73, 0x0000, new Uint8Array(6));
  const end = block(0x7b, 0x4000, new Uint8Array(0));
  const parts = [marker, archiveHeader];
  for (const member of members) {
    const name = new TextEncoder().encode(member.name.replaceAll("/", "\\"));
    const fields = new Uint8Array(25 + name.length);
    const view = new DataView(fields.buffer);
    view.setUint32(0, member.bytes.length, true); // PACK_SIZE
    view.setUint32(4, member.bytes.length, true); // UNP_SIZE
    fields[8] = 2; // HOST_OS: Win32
    view.setUint32(9, Bun.hash.crc32(member.bytes), true); // FILE_CRC
    view.setUint32(13, dosTime(2024, 1, 1), true); // FTIME
    fields[17] = 20; // UNP_VER 2.0
    fields[18] = 0x30; // METHOD: store
    view.setUint16(19, name.length, true); // NAME_SIZE
    view.setUint32(21, 0x20, true); // ATTR: archive
    fields.set(name, 25);
    // 0x8000: LONG_BLOCK, PACK_SIZE counts the data that follows the header.
    parts.push(block(0x74, 0x8000, fields), member.bytes);
  }
  parts.push(end);
  const archive = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    archive.set(part, offset);
    offset += part.length;
  }
  return archive;
}

/** HEAD_CRC(2) HEAD_TYPE(1) HEAD_FLAGS(2) HEAD_SIZE(2) then the type's fields. */
export function block(type: number, flags: number, fields: Uint8Array): Uint8Array {
  const header = new Uint8Array(7 + fields.length);
  const view = new DataView(header.buffer);
  header[2] = type;
  view.setUint16(3, flags, true);
  view.setUint16(5, header.length, true);
  header.set(fields, 7);
  view.setUint16(0, Bun.hash.crc32(header.subarray(2)) & 0xffff, true);
  return header;
}

function dosTime(year: number, month: number, day: number): number {
  return (((year - 1980) << 25) | (month << 21) | (day << 16)) >>> 0;
}
