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

  test("a binary download is refused as binary, not as text no code page reads", async () => {
    const png = new Uint8Array(4096);
    png.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]);
    for (let i = 16; i < png.length; i++) png[i] = (i * 131) % 251;
    const result = await prepareSubtitle(
      { fileName: "Movie.en.srt", bytes: png },
      { season: null, episodes: [], language: "en" },
    );
    expect(result).toEqual({ ok: false, reason: "Movie.en.srt: binary content, not text" });
  });

  test("a multi-language season pack gives the wanted language, named in words", async () => {
    const zip = zipSync({
      "Show.S01E02.English.srt": srtBytes("English text"),
      "Show.S01E02.German.srt": srtBytes("Deutscher Text"),
      "Show.S01E03.German.srt": srtBytes("next episode"),
    });
    const result = await prepareSubtitle(
      { fileName: "x.zip", bytes: zip },
      { season: 1, episodes: [2], language: "de" },
    );
    expect(result).toMatchObject({ ok: true, member: "Show.S01E02.German.srt" });
  });

  test("a movie download with forced and full subtitles gives the full one unless forced is wanted", async () => {
    const zip = zipSync({
      "Movie.2020.en.forced.srt": srtBytes("only the foreign parts"),
      "Movie.2020.en.srt": srtBytes("every line"),
    });
    const file = { fileName: "x.zip", bytes: zip };
    const want = { season: null, episodes: [], language: "en" };
    expect(await prepareSubtitle(file, want)).toMatchObject({ ok: true, member: "Movie.2020.en.srt" });
    expect(await prepareSubtitle(file, { ...want, forced: true })).toMatchObject({
      ok: true,
      member: "Movie.2020.en.forced.srt",
    });
  });

  test("when the member in the wanted language is unusable, one named in another language is not saved instead", async () => {
    const zip = zipSync({
      "Movie.2020.German.sub": new TextEncoder().encode("{1}{50}Hallo Welt\n"),
      "Movie.2020.English.srt": srtBytes("English text"),
    });
    const result = await prepareSubtitle(
      { fileName: "x.zip", bytes: zip },
      { season: null, episodes: [], language: "de", formats: ["srt"] },
    );
    expect(result).toEqual({ ok: false, reason: "Movie.2020.German.sub: sub is not wanted" });
  });
});
