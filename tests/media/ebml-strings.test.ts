import { expect, test } from "bun:test";
import { readString } from "../../src/media/probe/ebml.ts";

const bytes = (text: string, pad = 0) => {
  const encoded = new TextEncoder().encode(text);
  const out = new Uint8Array(encoded.length + pad + 2);
  out.set(encoded, 1);
  return out;
};

test("EBML strings read the same on the ASCII fast path and through the UTF-8 decoder", () => {
  for (const text of [
    "S_TEXT/UTF8",
    "ger",
    "",
    "English (SDH) – Forced",
    "日本語",
    "x".repeat(64),
    "y".repeat(300),
  ]) {
    const b = bytes(text, 3);
    expect(readString(b, 1, b.length - 2)).toBe(text);
  }
  // Zero padding ends the string, as FFmpeg reads it.
  const padded = bytes("eng\u0000junk");
  expect(readString(padded, 1, padded.length - 2)).toBe("eng");
});
