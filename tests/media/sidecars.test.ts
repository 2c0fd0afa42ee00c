import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, extname, join } from "node:path";
import {
  createSidecarFinder,
  type DirectoryEntry,
  parseLooseSubtitleName,
  parseSidecarName,
  type SidecarSubtitle,
  videoPathParts,
} from "../../src/media/sidecars.ts";

test("a video path's folder and stem are what node:path gives", () => {
  for (const path of [
    "/tv/Show/Season 01/Show - S01E01.mkv",
    "/tv/Show.2024.1080p.WEB.h264-GRP.mkv",
    "/movie.mp4",
    "movie.mp4",
    "sub/dir/.hidden",
    "/media/No Extension",
    "/media/trailing dot.",
    "/media/dots..mkv",
    "/media/Ünïcödé – 名前.mkv",
  ]) {
    const name = basename(path);
    expect(videoPathParts(path)).toEqual({
      directory: dirname(path),
      stem: name.slice(0, name.length - extname(name).length),
    });
  }
});

let root: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "subhound-sidecars-"));
});

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

let folderCounter = 0;

/** A fresh folder under the temp root holding the given (relative) files, empty ones. */
function folder(files: string[]): string {
  const dir = join(root, `case-${folderCounter++}`);
  mkdirSync(dir, { recursive: true });
  for (const file of files) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), "");
  }
  return dir;
}

function countingReader() {
  const calls: string[] = [];
  const readDirectory = (path: string): DirectoryEntry[] => {
    calls.push(path);
    return readdirSync(path, { withFileTypes: true });
  };
  return { calls, readDirectory };
}

function summary(subtitles: SidecarSubtitle[]) {
  return subtitles
    .map((s) => ({
      file: s.fileName,
      language: s.language,
      forced: s.forced,
      hi: s.hearingImpaired,
      format: s.format,
    }))
    .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}

describe("parseSidecarName", () => {
  const base = "Movie";
  const cases: [string, Partial<SidecarSubtitle>][] = [
    ["Movie.en.srt", { language: "en", languageToken: "en", format: "srt", textBased: true }],
    ["Movie.EN.SRT", { language: "en", languageToken: "EN", format: "srt" }],
    ["MOVIE.en.srt", { language: "en" }],
    ["Movie.eng.srt", { language: "en", languageToken: "eng" }],
    ["Movie.ger.ass", { language: "de", format: "ass" }],
    ["Movie.deu.ass", { language: "de", format: "ass" }],
    ["Movie.German.ass", { language: "de", languageToken: "German" }],
    ["Movie.english.sdh.srt", { language: "en", hearingImpaired: true, forced: false }],
    ["Movie.en.sdh.forced.srt", { language: "en", hearingImpaired: true, forced: true }],
    ["Movie.en.forced.sdh.srt", { language: "en", hearingImpaired: true, forced: true }],
    ["Movie.forced.en.srt", { language: "en", forced: true }],
    ["Movie.en.foreign.srt", { language: "en", forced: true }],
    ["Movie.en.signs.ass", { language: "en", forced: true }],
    ["Movie.pt-BR.srt", { language: "pt-BR", languageToken: "pt-BR" }],
    ["Movie.pt-br.srt", { language: "pt-BR", languageToken: "pt-br" }],
    ["Movie.pt_BR.srt", { language: "pt-BR" }],
    ["Movie.pob.srt", { language: "pt-BR" }],
    ["Movie.zh-Hans.ass", { language: "zh-Hans" }],
    ["Movie.zh-hant.ass", { language: "zh-Hant" }],
    ["Movie.chs.ass", { language: "zh-Hans" }],
    ["Movie.es-419.srt", { language: "es-419" }],
    // Crunchyroll's and Bazarr's Latin American Spanish, not the Spanish of Laos.
    ["Movie.es-LA.srt", { language: "es-419", languageToken: "es-LA" }],
    ["Movie.spa-la.forced.srt", { language: "es-419", forced: true }],
    ["Movie.en.cc.vtt", { language: "en", hearingImpaired: true, format: "vtt" }],
    ["Movie.en.ssa", { language: "en", format: "ssa" }],
    ["Movie.en.hi.srt", { language: "en", hearingImpaired: true }],
    ["Movie.srt", { language: null, languageToken: null, forced: false, hearingImpaired: false }],
    ["Movie.forced.srt", { language: null, forced: true }],
    ["Movie.sdh.srt", { language: null, hearingImpaired: true }],
    ["Movie.en.sup", { language: "en", format: "sup", textBased: false }],
    ["Movie.en.sub", { language: "en", format: "sub", textBased: true }],
    ["Movie.en.idx", { language: "en", format: "idx", textBased: false }],
    ["Movie.fr.default.srt", { language: "fr", default: true }],
    ["Movie.en.smi", { language: "en", format: "smi", textBased: true }],
    ["Movie.en-forced.srt", { language: "en", languageToken: "en", forced: true }],
    ["Movie.English_SDH.srt", { language: "en", languageToken: "English", hearingImpaired: true }],
    ["Movie.pt-BR-forced.srt", { language: "pt-BR", languageToken: "pt-BR", forced: true }],
    ["Movie.English (SDH).srt", { language: "en", hearingImpaired: true }],
    ["Movie.Brazilian Portuguese.srt", { language: "pt-BR" }],
    ["Movie.en.eng.srt", { language: "en" }],
  ];
  test.each(cases)("%p", (fileName, expected) => {
    const parsed = parseSidecarName(base, fileName, "/media/movies");
    expect(parsed).not.toBeNull();
    expect(parsed).toMatchObject({ fileName, path: join("/media/movies", fileName), ...expected });
  });

  test.each([
    "Movie.Part2.en.srt",
    "Movie.Part2.srt",
    "Movie 2.en.srt",
    "Movie2.en.srt",
    "Movie-en.srt",
    "Movie.en.de.srt",
    "Movie.en.txt",
    "Movie.en.mkv",
    "Movie.en",
    "Other.en.srt",
    "Movie.1080p.en.srt",
    "Movie.srt.srt",
    "Movie.sdh.mkv.srt",
  ])("%p is not a sidecar of Movie", (fileName) => {
    expect(parseSidecarName(base, fileName)).toBeNull();
  });

  describe("hi: Hindi alone, hearing impaired beside another language", () => {
    test.each([
      ["Movie.hi.srt", "hi", false],
      ["Movie.HI.srt", "hi", false],
      ["Movie.hi.forced.srt", "hi", false],
      ["Movie.hi.sdh.srt", "hi", true],
      ["Movie.hi.hi.srt", "hi", true],
      ["Movie.hin.srt", "hi", false],
      ["Movie.hin.hi.srt", "hi", true],
      ["Movie.en.hi.srt", "en", true],
      ["Movie.hi.en.srt", "en", true],
      ["Movie.en-hi.srt", "en", true],
      ["Movie.hi-IN.srt", "hi-IN", false],
    ] as const)("%p → %p, hearing impaired %p", (fileName, language, hearingImpaired) => {
      expect(parseSidecarName(base, fileName)).toMatchObject({ language, hearingImpaired });
    });
  });

  test("video bases with dots, dashes and brackets", () => {
    const video = "Show.S01E01.1080p.WEB-DL.x264-GRP[rarbg]";
    expect(parseSidecarName(video, `${video}.en.srt`)).toMatchObject({ language: "en" });
    expect(parseSidecarName(video, `${video.toLowerCase()}.EN.forced.SRT`)).toMatchObject({
      language: "en",
      forced: true,
    });
    expect(parseSidecarName(video, "Show.S01E01.1080p.WEB-DL.x264-GRP.en.srt")).toBeNull();
    expect(parseSidecarName("Show.S01E01", `${video}.en.srt`)).toBeNull();
    expect(parseSidecarName("Movie (2019) [1080p]", "Movie (2019) [1080p].de.srt")).toMatchObject({
      language: "de",
    });
  });

  test("unicode names, also when the file system hands back decomposed forms", () => {
    expect(parseSidecarName("千と千尋の神隠し", "千と千尋の神隠し.ja.srt")).toMatchObject({ language: "ja" });
    const composed = "Amélie (2001)";
    const decomposed = composed.normalize("NFD");
    expect(parseSidecarName(composed, `${decomposed}.fr.srt`)).toMatchObject({
      language: "fr",
      fileName: `${decomposed}.fr.srt`,
    });
    expect(parseSidecarName("ÉTÉ", "été.fr.srt")).toMatchObject({ language: "fr" });
    expect(parseSidecarName("Movie", "Movie.Français.srt")).toMatchObject({ language: "fr" });
  });
});

describe("parseLooseSubtitleName", () => {
  test.each([
    ["2_English.srt", "en", false, false],
    ["3_English.srt", "en", false, false],
    ["4_French_Forced.srt", "fr", true, false],
    ["English.srt", "en", false, false],
    ["English (SDH).srt", "en", false, true],
    ["Anything.1080p.en.forced.srt", "en", true, false],
    ["Movie.2019.de.en.srt", "en", false, false],
    ["Show.S01E01.hi.srt", "hi", false, false],
    ["Show.S01E01.en.hi.srt", "en", false, true],
    ["whatever.srt", null, false, false],
    ["12_Brazilian.srt", "pt-BR", false, false],
  ] as const)("%p → %p forced %p hi %p", (fileName, language, forced, hearingImpaired) => {
    expect(parseLooseSubtitleName(fileName)).toMatchObject({ language, forced, hearingImpaired });
  });

  test("not a subtitle", () => {
    expect(parseLooseSubtitleName("2_English.nfo")).toBeNull();
  });
});

describe("createSidecarFinder", () => {
  test("finds every sidecar of a video, and only its own", () => {
    const dir = folder([
      "Movie.mkv",
      "Movie.en.srt",
      "Movie.EN.forced.SRT",
      "Movie.German.ass",
      "Movie.pt-BR.srt",
      "Movie.srt",
      "Movie.en.sdh.vtt",
      "Movie.Part2.mkv",
      "Movie.Part2.en.srt",
      "Movie.nfo",
      "Other.en.srt",
    ]);
    const finder = createSidecarFinder();
    expect(summary(finder.find(join(dir, "Movie.mkv")))).toEqual([
      { file: "Movie.EN.forced.SRT", language: "en", forced: true, hi: false, format: "srt" },
      { file: "Movie.German.ass", language: "de", forced: false, hi: false, format: "ass" },
      { file: "Movie.en.sdh.vtt", language: "en", forced: false, hi: true, format: "vtt" },
      { file: "Movie.en.srt", language: "en", forced: false, hi: false, format: "srt" },
      { file: "Movie.pt-BR.srt", language: "pt-BR", forced: false, hi: false, format: "srt" },
      { file: "Movie.srt", language: null, forced: false, hi: false, format: "srt" },
    ]);
    expect(summary(finder.find(join(dir, "Movie.Part2.mkv")))).toEqual([
      { file: "Movie.Part2.en.srt", language: "en", forced: false, hi: false, format: "srt" },
    ]);
    for (const subtitle of finder.find(join(dir, "Movie.mkv"))) {
      expect(subtitle.path).toBe(join(dir, subtitle.fileName));
    }
  });

  test("a name two videos could claim goes to the longer video name", () => {
    const dir = folder(["Movie.mkv", "Movie.German.mkv", "Movie.German.srt", "Movie.German.en.srt"]);
    const finder = createSidecarFinder();
    expect(finder.find(join(dir, "Movie.mkv"))).toEqual([]);
    expect(summary(finder.find(join(dir, "Movie.German.mkv")))).toEqual([
      { file: "Movie.German.en.srt", language: "en", forced: false, hi: false, format: "srt" },
      { file: "Movie.German.srt", language: null, forced: false, hi: false, format: "srt" },
    ]);
  });

  test("a .idx with its .sub is one VobSub; a lone .sub is MicroDVD; a lone .idx is nothing", () => {
    const dir = folder(["Movie.mkv", "Movie.en.idx", "Movie.en.sub", "Movie.de.sub", "Movie.fr.IDX"]);
    const found = createSidecarFinder().find(join(dir, "Movie.mkv"));
    expect(found).toHaveLength(2);
    const vobSub = found.find((s) => s.language === "en")!;
    expect(vobSub).toMatchObject({
      format: "idx",
      textBased: false,
      path: join(dir, "Movie.en.idx"),
      companionPath: join(dir, "Movie.en.sub"),
    });
    expect(found.find((s) => s.language === "de")).toMatchObject({
      format: "sub",
      textBased: true,
      companionPath: null,
    });
  });

  test("VobSub pairs match across letter case", () => {
    const dir = folder(["Movie.mkv", "Movie.en.IDX", "Movie.EN.sub"]);
    const found = createSidecarFinder().find(join(dir, "Movie.mkv"));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ format: "idx", companionPath: join(dir, "Movie.EN.sub") });
  });

  test("sup, smi and every format beside a scene-named episode", () => {
    const video = "Show.S01E01.1080p.WEB-DL.x264-GRP[rarbg]";
    const dir = folder([
      `${video}.mkv`,
      `${video}.en.sup`,
      `${video}.en.smi`,
      `${video}.ko.ssa`,
      "Show.S01E02.1080p.WEB-DL.x264-GRP[rarbg].mkv",
      "Show.S01E02.1080p.WEB-DL.x264-GRP[rarbg].en.srt",
    ]);
    const finder = createSidecarFinder();
    expect(summary(finder.find(join(dir, `${video}.mkv`))).map((s) => [s.file, s.format])).toEqual([
      [`${video}.en.smi`, "smi"],
      [`${video}.en.sup`, "sup"],
      [`${video}.ko.ssa`, "ssa"],
    ]);
  });

  test("unicode file and folder names", () => {
    const dir = folder([
      "Amélie (2001)/Amélie (2001).mkv",
      "Amélie (2001)/Amélie (2001).fr.srt",
      "Amélie (2001)/Amélie (2001).Deutsch.srt",
      "千と千尋の神隠し/千と千尋の神隠し.mkv",
      "千と千尋の神隠し/千と千尋の神隠し.ja.ass",
    ]);
    const finder = createSidecarFinder();
    const amelie = finder.find(join(dir, "Amélie (2001)", "Amélie (2001).mkv"));
    expect(amelie.map((s) => s.language).sort()).toEqual(["de", "fr"]);
    const spirited = finder.find(join(dir, "千と千尋の神隠し", "千と千尋の神隠し.mkv"));
    expect(spirited).toMatchObject([{ language: "ja", format: "ass" }]);
  });

  describe("Subs/ folders", () => {
    test("the one video of a folder owns everything in Subs/", () => {
      const dir = folder([
        "Movie.2019.1080p.BluRay.x264-GRP.mkv",
        "Movie.2019.1080p.BluRay.x264-GRP-sample.mkv",
        "Subs/2_English.srt",
        "Subs/3_English_SDH.srt",
        "Subs/4_French.srt",
        "Subs/German.srt",
        "Subs/Movie.2019.1080p.BluRay.x264-GRP.es.forced.srt",
        "Subs/readme.txt",
      ]);
      const found = createSidecarFinder().find(join(dir, "Movie.2019.1080p.BluRay.x264-GRP.mkv"));
      expect(summary(found)).toEqual([
        { file: "2_English.srt", language: "en", forced: false, hi: false, format: "srt" },
        { file: "3_English_SDH.srt", language: "en", forced: false, hi: true, format: "srt" },
        { file: "4_French.srt", language: "fr", forced: false, hi: false, format: "srt" },
        { file: "German.srt", language: "de", forced: false, hi: false, format: "srt" },
        {
          file: "Movie.2019.1080p.BluRay.x264-GRP.es.forced.srt",
          language: "es",
          forced: true,
          hi: false,
          format: "srt",
        },
      ]);
      expect(found.find((s) => s.language === "de")!.path).toBe(join(dir, "Subs", "German.srt"));
    });

    test("the folder name is matched in any case, Subtitles/ too", () => {
      const dir = folder(["Movie.mkv", "SUBS/English.srt", "subtitles/Movie.de.srt"]);
      const found = createSidecarFinder().find(join(dir, "Movie.mkv"));
      expect(found.map((s) => s.language).sort()).toEqual(["de", "en"]);
    });

    test("with several videos, Subs/ files count only by name or per-video folder", () => {
      const e01 = "Show.S01E01.1080p.WEB.x264-GRP";
      const e02 = "Show.S01E02.1080p.WEB.x264-GRP";
      const dir = folder([
        `${e01}.mkv`,
        `${e02}.mkv`,
        "Subs/2_English.srt",
        `Subs/${e01}.de.srt`,
        `Subs/${e01}/2_English.srt`,
        `Subs/${e01}/3_English.srt`,
        `Subs/${e01}/4_Spanish.srt`,
        `Subs/${e02.toLowerCase()}/2_French.srt`,
      ]);
      const finder = createSidecarFinder();
      const first = finder.find(join(dir, `${e01}.mkv`));
      expect(first.map((s) => [s.language, s.path]).sort()).toEqual([
        ["de", join(dir, "Subs", `${e01}.de.srt`)],
        ["en", join(dir, "Subs", e01, "2_English.srt")],
        ["en", join(dir, "Subs", e01, "3_English.srt")],
        ["es", join(dir, "Subs", e01, "4_Spanish.srt")],
      ]);
      const second = finder.find(join(dir, `${e02}.mkv`));
      expect(second.map((s) => s.language)).toEqual(["fr"]);
    });

    test("Subs/ holding a VobSub pair", () => {
      const dir = folder(["Movie.mkv", "Subs/Movie.idx", "Subs/Movie.sub"]);
      const found = createSidecarFinder().find(join(dir, "Movie.mkv"));
      expect(found).toMatchObject([{ format: "idx", language: null, textBased: false }]);
    });
  });

  test("each directory is listed once per finder, however many videos it holds", () => {
    const files: string[] = [];
    for (let season = 1; season <= 3; season++) {
      for (let episode = 1; episode <= 20; episode++) {
        const base = `Season ${season}/Show.S0${season}E${String(episode).padStart(2, "0")}`;
        files.push(`${base}.mkv`, `${base}.en.srt`);
      }
      files.push(`Season ${season}/Subs/Show.S0${season}E01/2_English.srt`);
    }
    const dir = folder(files);
    const reader = countingReader();
    const finder = createSidecarFinder({ readDirectory: reader.readDirectory });
    for (let pass = 0; pass < 2; pass++) {
      for (let season = 1; season <= 3; season++) {
        for (let episode = 1; episode <= 20; episode++) {
          const video = join(
            dir,
            `Season ${season}`,
            `Show.S0${season}E${String(episode).padStart(2, "0")}.mkv`,
          );
          expect(finder.find(video).length).toBe(episode === 1 ? 2 : 1);
        }
      }
    }
    expect(reader.calls.length).toBe(new Set(reader.calls).size);
    // Per season: the season folder, its Subs/, and Subs/Show.SxxE01/.
    expect(reader.calls).toHaveLength(9);
    const fresh = countingReader();
    createSidecarFinder({ readDirectory: fresh.readDirectory }).find(
      join(dir, "Season 1", "Show.S01E01.mkv"),
    );
    expect(fresh.calls).toHaveLength(3);
  });

  test("a missing or unreadable directory gives nothing and does not throw", () => {
    const finder = createSidecarFinder();
    expect(finder.find(join(root, "does-not-exist", "Movie.mkv"))).toEqual([]);
    const reader = {
      calls: 0,
      readDirectory: (): DirectoryEntry[] => {
        reader.calls++;
        throw Object.assign(new Error("EACCES: permission denied"), { code: "EACCES" });
      },
    };
    const denied = createSidecarFinder({ readDirectory: reader.readDirectory });
    expect(denied.find("/locked/Movie.mkv")).toEqual([]);
    expect(denied.find("/locked/Other.mkv")).toEqual([]);
    expect(reader.calls).toBe(1);
  });

  test("an unreadable Subs/ folder still leaves the sidecars beside the video", () => {
    const dir = folder(["Movie.mkv", "Movie.en.srt", "Subs/English.srt"]);
    const finder = createSidecarFinder({
      readDirectory: (path) => {
        if (path.endsWith("Subs")) throw new Error("EIO");
        return readdirSync(path, { withFileTypes: true });
      },
    });
    expect(finder.find(join(dir, "Movie.mkv")).map((s) => s.fileName)).toEqual(["Movie.en.srt"]);
  });

  test("a symlinked subtitle counts like a file", () => {
    const dir = folder(["Movie.mkv"]);
    const entries: DirectoryEntry[] = [
      { name: "Movie.mkv", isFile: () => true, isDirectory: () => false, isSymbolicLink: () => false },
      { name: "Movie.en.srt", isFile: () => false, isDirectory: () => false, isSymbolicLink: () => true },
    ];
    const finder = createSidecarFinder({ readDirectory: () => entries });
    expect(finder.find(join(dir, "Movie.mkv"))).toMatchObject([{ language: "en" }]);
  });

  test("10,000 videos in 500 folders: every sidecar found (timings: bench/listing.ts)", () => {
    const library = join(root, "library");
    const videos: string[] = [];
    for (let f = 0; f < 500; f++) {
      const dir = join(library, `Show ${f}`);
      mkdirSync(dir, { recursive: true });
      for (let e = 1; e <= 20; e++) {
        const base = `Show.${f}.S01E${String(e).padStart(2, "0")}.1080p.WEB-DL.x264-GRP`;
        writeFileSync(join(dir, `${base}.mkv`), "");
        writeFileSync(join(dir, `${base}.en.srt`), "");
        writeFileSync(join(dir, `${base}.de.forced.ass`), "");
        videos.push(join(dir, `${base}.mkv`));
      }
    }
    const finder = createSidecarFinder();
    let found = 0;
    for (const video of videos) found += finder.find(video).length;
    expect(found).toBe(20_000);
  }, 60_000);
});
