import { describe, expect, test } from "bun:test";
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
});
