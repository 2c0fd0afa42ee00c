import { describe, expect, test } from "bun:test";
import { zipSync } from "fflate";
import { prepareSubtitle } from "../../src/subtitles/pipeline.ts";
import { archiveFixture, srtBytes } from "./archive-fixture.ts";
import { storedRar4 } from "./stored-rar4.ts";

describe("prepareSubtitle", () => {
  test("takes the wanted episode out of a season pack", async () => {
    const result = await prepareSubtitle(await archiveFixture("season-pack.zip"), {
      season: 1,
      episodes: [2],
      language: "en",
    });
    expect(result).toMatchObject({
      ok: true,
      format: "srt",
      encoding: "utf-8",
      member: "Show.S01E02.720p.WEB.srt",
    });
    expect(result.ok && result.text).toContain("S01E02 line one");
  });

  test("an episode missing from the pack is a failure, not a neighbour", async () => {
    const result = await prepareSubtitle(await archiveFixture("season-pack.zip"), {
      season: 1,
      episodes: [7],
      language: "en",
    });
    expect(result).toEqual({ ok: false, reason: "no file for S01E07 among 4 in the download" });
  });

  test("decodes a Windows-1252 download to text", async () => {
    const result = await prepareSubtitle(await archiveFixture("windows-1252.srt", "Movie.fr.srt"), {
      season: null,
      episodes: [],
      language: "fr",
    });
    expect(result).toMatchObject({
      ok: true,
      format: "srt",
      encoding: "windows-1252",
      member: "Movie.fr.srt",
    });
    expect(result.ok && result.text).toContain("Café für 5 €");
  });

  test("an HTML page is rejected", async () => {
    const html = new TextEncoder().encode("<!DOCTYPE html><html><body>Too many requests</body></html>");
    const result = await prepareSubtitle(
      { fileName: "sub.srt", bytes: html },
      { season: 1, episodes: [2], language: "en" },
    );
    expect(result).toEqual({ ok: false, reason: "sub.srt: an HTML page, not a subtitle" });
  });

  test("an unusable member gives way to another one for the same episode", async () => {
    const zip = zipSync({
      "Show.S01E02.sub": Uint8Array.of(0, 0, 1, 0xba, 0x44, 0, 4, 0, 4, 1),
      "Show.S01E02.srt": srtBytes("text version"),
      "Show.S01E03.srt": srtBytes("next episode"),
    });
    const result = await prepareSubtitle(
      { fileName: "x.zip", bytes: zip },
      { season: 1, episodes: [2], language: "en" },
    );
    expect(result).toMatchObject({ ok: true, member: "Show.S01E02.srt" });
  });

  test("format preferences order the members and exclude others", async () => {
    const ass = new TextEncoder().encode(
      "[Script Info]\nScriptType: v4.00+\n\n[Events]\nFormat: Layer, Start, End, Style, Text\nDialogue: 0,0:00:01.00,0:00:02.00,Default,Hi\n",
    );
    const rar = storedRar4([
      { name: "Show.S01E02.srt", bytes: srtBytes("srt") },
      { name: "Show.S01E02.ass", bytes: ass },
    ]);
    const want = { season: 1, episodes: [2], language: "en" };
    expect(
      await prepareSubtitle({ fileName: "x.rar", bytes: rar }, { ...want, formats: ["ass", "srt"] }),
    ).toMatchObject({
      ok: true,
      format: "ass",
      member: "Show.S01E02.ass",
    });
    expect(
      await prepareSubtitle({ fileName: "x.rar", bytes: rar }, { ...want, formats: ["vtt"] }),
    ).toMatchObject({
      ok: false,
    });
  });

  test("extraction errors are reported as failures", async () => {
    const result = await prepareSubtitle(await archiveFixture("encrypted.7z"), {
      season: null,
      episodes: [],
      language: "en",
    });
    expect(result).toEqual({ ok: false, reason: "encrypted: 7z: movie.en.srt is encrypted" });
  });
});
