import { describe, expect, test } from "bun:test";
import { join } from "node:path";
import { type DecodedSubtitle, decodeSubtitle } from "../../src/subtitles/encoding.ts";
import { archiveFixture } from "./archive-fixture.ts";

function decoded(result: DecodedSubtitle): { text: string; encoding: string } {
  if (!result.ok) throw new Error(result.reason);
  return result;
}

describe("decodeSubtitle", () => {
  test("Windows-1252 with é, ü and €", async () => {
    const { text, encoding } = decoded(decodeSubtitle((await archiveFixture("windows-1252.srt")).bytes));
    expect(encoding).toBe("windows-1252");
    expect(text).toContain("Café für 5 €, séance réservée");
    expect(text).toContain("Grüße aus München, déjà vu");
  });

  test("UTF-16LE with a BOM: BOM stripped, CRLF normalized", async () => {
    const { text, encoding } = decoded(decodeSubtitle((await archiveFixture("utf-16le-bom.srt")).bytes));
    expect(encoding).toBe("utf-16le");
    expect(text).toBe("1\n00:00:01,000 --> 00:00:02,000\nHello, wörld — “quoted”\n");
  });

  test("UTF-16BE with a BOM", () => {
    const body = "1\n00:00:01,000 --> 00:00:02,000\nÇa va\n";
    const bytes = new Uint8Array(2 + body.length * 2);
    bytes.set([0xfe, 0xff]);
    for (let i = 0; i < body.length; i++) bytes[2 + i * 2 + 1] = body.charCodeAt(i);
    expect(decodeSubtitle(bytes)).toEqual({ ok: true, text: body, encoding: "utf-16be" });
  });

  test("Shift_JIS Japanese", async () => {
    const { text, encoding } = decoded(decodeSubtitle((await archiveFixture("shift-jis.srt")).bytes));
    expect(encoding).toBe("shift_jis");
    expect(text).toContain("こんにちは、世界。");
    expect(text).toContain("私の名前は田中です。");
  });

  test("UTF-8 with a BOM and old Mac line endings", () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode("a\rb\r\nc€")]);
    expect(decodeSubtitle(bytes)).toEqual({ ok: true, text: "a\nb\nc€", encoding: "utf-8" });
  });

  test("valid UTF-8 is taken as UTF-8 without asking chardet", () => {
    expect(decodeSubtitle(new TextEncoder().encode("Grüße"))).toEqual({
      ok: true,
      text: "Grüße",
      encoding: "utf-8",
    });
  });

  test("UTF-8 with a line typed in Windows-1251 is UTF-8, not Mac Cyrillic mojibake", async () => {
    const bytes = await auditFixture("ru.utf-8-with-cp1251-line.srt");
    const { text, encoding } = decoded(decodeSubtitle(bytes, "ru"));
    expect(encoding).toBe("utf-8");
    expect(text).toContain("Привет, как дела?\n");
    expect(text).toEndWith("5\n00:00:05,000 --> 00:00:05,900\n— Да.\n");
  });

  test("UTF-8 with one Windows-1252 byte is decoded, not refused", async () => {
    const { text, encoding } = decoded(
      decodeSubtitle(await auditFixture("fr.utf-8-with-cp1252-byte.srt"), "fr"),
    );
    expect(encoding).toBe("utf-8");
    expect(text).toContain("Où est la bibliothèque ?\n");
    expect(text).toContain("C'est réel.\n");
  });

  test("Windows-1258 Vietnamese is saved with precomposed letters", async () => {
    const { text, encoding } = decoded(decodeSubtitle(await auditFixture("vi.windows-1258.srt"), "vi"));
    expect(encoding).toBe("windows-1258");
    expect(text).toContain("Tôi không biết anh ấy là ai.\n");
    expect(text).toBe(text.normalize("NFC"));
  });

  test("a legacy file with letters that happen to form UTF-8 sequences stays legacy", () => {
    // Windows-1251 Ukrainian: "Він" is В (0xC2) then і (0xB3), a valid UTF-8 pair.
    const line = "Він сідає. Сім разів. Вікно відчинене, а Іван співає.";
    const bytes = Uint8Array.from(`1\n00:00:01,000 --> 00:00:02,000\n${line}\n`, (c) => cp1251(c));
    expect(decoded(decodeSubtitle(bytes, "uk"))).toMatchObject({ encoding: "windows-1251" });
    expect(decoded(decodeSubtitle(bytes, "uk")).text).toContain(line);
  });
});

function auditFixture(name: string): Promise<Uint8Array> {
  return Bun.file(join(import.meta.dir, "../fixtures/subtitles-audit", name)).bytes();
}

/** One character in Windows-1251, for the letters and ASCII the test uses. */
function cp1251(char: string): number {
  const code = char.codePointAt(0)!;
  if (code < 0x80) return code;
  if (code >= 0x410 && code <= 0x44f) return code - 0x410 + 0xc0;
  const extra: Record<string, number> = { І: 0xb2, і: 0xb3, ї: 0xbf, є: 0xba };
  const byte = extra[char];
  if (byte === undefined) throw new Error(`no Windows-1251 byte for ${char}`);
  return byte;
}
