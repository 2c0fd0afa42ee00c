import { afterEach, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { HEARING_IMPAIRED_TAGS, LANGUAGE_CODE_FORMS, type NamingOptions } from "../../src/config/naming.ts";
import { commonLanguageTables } from "../../src/media/language-tables.ts";
import { canonicalLanguage } from "../../src/media/languages.ts";
import { parseSidecarName } from "../../src/media/sidecar-name.ts";
import { placeholderValues } from "../../src/postprocess/placeholder-values.ts";
import { videoOfSubtitle } from "../../src/postprocess/video-of-subtitle.ts";
import { subtitlePath } from "../../src/subtitles/save.ts";
import type { SubtitleFormat } from "../../src/subtitles/types.ts";
import type { SavedSubtitle } from "../../src/wanted/history-store.ts";
import { configErrorOf, configFromToml } from "../support/config-files.ts";
import { openMigrated } from "../support/migrated-db.ts";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "subhound-naming-"));
  dirs.push(dir);
  return dir;
}

/** Every combination of the `[naming]` options (folders: beside the video, and one beside it). */
const ALL_OPTIONS: NamingOptions[] = HEARING_IMPAIRED_TAGS.flatMap((hearingImpairedTag) =>
  LANGUAGE_CODE_FORMS.flatMap((languageCode) =>
    ["", "Subs"].map((folder) => ({ hearingImpairedTag, languageCode, folder })),
  ),
);
const VARIANTS = [
  { forced: false, hearingImpaired: false },
  { forced: true, hearingImpaired: false },
  { forced: false, hearingImpaired: true },
  // Forced wins: one file cannot carry both tags.
  { forced: true, hearingImpaired: true },
];
const VIDEO = "/tv/Show/Season 01/Show - S01E01.mkv";
const sub = (language: string, flags: { forced?: boolean; hearingImpaired?: boolean } = {}) => ({
  language,
  forced: flags.forced ?? false,
  hearingImpaired: flags.hearingImpaired ?? false,
  format: "srt" as SubtitleFormat,
});
const nameOf = (language: string, flags: Parameters<typeof sub>[1], options?: NamingOptions) =>
  basename(subtitlePath(VIDEO, sub(language, flags), options));

describe("subtitlePath under [naming]", () => {
  test("the default is Bazarr's: two-letter codes and .hi", () => {
    expect(nameOf("en", {})).toBe("Show - S01E01.en.srt");
    expect(nameOf("en", { hearingImpaired: true })).toBe("Show - S01E01.en.hi.srt");
    expect(nameOf("pt-BR", { forced: true })).toBe("Show - S01E01.pt-BR.forced.srt");
    expect(
      nameOf(
        "en",
        { hearingImpaired: true },
        { hearingImpairedTag: "hi", languageCode: "alpha2", folder: "" },
      ),
    ).toBe("Show - S01E01.en.hi.srt");
  });

  test("sdh and cc tag a hearing-impaired subtitle; forced still wins over them", () => {
    const sdh: NamingOptions = { hearingImpairedTag: "sdh", languageCode: "alpha2", folder: "" };
    const cc: NamingOptions = { hearingImpairedTag: "cc", languageCode: "alpha2", folder: "" };
    expect(nameOf("en", { hearingImpaired: true }, sdh)).toBe("Show - S01E01.en.sdh.srt");
    expect(nameOf("en", { hearingImpaired: true }, cc)).toBe("Show - S01E01.en.cc.srt");
    expect(nameOf("en", { forced: true, hearingImpaired: true }, sdh)).toBe("Show - S01E01.en.forced.srt");
    expect(nameOf("en", {}, sdh)).toBe("Show - S01E01.en.srt");
    // Hindi under sdh: no doubled `.hi.hi` to puzzle a reader.
    expect(nameOf("hi", { hearingImpaired: true }, sdh)).toBe("Show - S01E01.hi.sdh.srt");
  });

  test("alpha3 writes ISO 639-2/B codes; a regional or script code keeps its BCP-47 form", () => {
    const alpha3: NamingOptions = { hearingImpairedTag: "sdh", languageCode: "alpha3", folder: "" };
    expect(nameOf("en", { hearingImpaired: true }, alpha3)).toBe("Show - S01E01.eng.sdh.srt");
    expect(nameOf("de", {}, alpha3)).toBe("Show - S01E01.ger.srt");
    expect(nameOf("fr", { forced: true }, alpha3)).toBe("Show - S01E01.fre.forced.srt");
    expect(nameOf("zh", {}, alpha3)).toBe("Show - S01E01.chi.srt");
    expect(nameOf("hi", {}, alpha3)).toBe("Show - S01E01.hin.srt");
    expect(nameOf("pt-BR", {}, alpha3)).toBe("Show - S01E01.pt-BR.srt");
    expect(nameOf("zh-Hans", {}, alpha3)).toBe("Show - S01E01.zh-Hans.srt");
    expect(nameOf("sr-Latn", {}, alpha3)).toBe("Show - S01E01.sr-Latn.srt");
    // No 639-1 code: the canonical code is already three letters.
    expect(nameOf("haw", {}, alpha3)).toBe("Show - S01E01.haw.srt");
    expect(nameOf("yue", {}, alpha3)).toBe("Show - S01E01.yue.srt");
  });

  test("a folder puts the subtitle in that folder beside the video, spelt as configured", () => {
    const options = (folder: string): NamingOptions => ({
      hearingImpairedTag: "hi",
      languageCode: "alpha2",
      folder,
    });
    expect(subtitlePath(VIDEO, sub("en"), options(""))).toBe("/tv/Show/Season 01/Show - S01E01.en.srt");
    expect(subtitlePath(VIDEO, sub("en", { hearingImpaired: true }), options("Subs"))).toBe(
      "/tv/Show/Season 01/Subs/Show - S01E01.en.hi.srt",
    );
    expect(subtitlePath(VIDEO, sub("pt-BR"), options("subtitles"))).toBe(
      "/tv/Show/Season 01/subtitles/Show - S01E01.pt-BR.srt",
    );
  });
});

describe("our names read back as what was saved", () => {
  const check = (language: string, options: NamingOptions, variant: (typeof VARIANTS)[number]) => {
    const name = nameOf(language, variant, options);
    const read = parseSidecarName("Show - S01E01", name);
    return {
      name,
      language: read?.language ?? null,
      forced: read?.forced ?? null,
      hearingImpaired: read?.hearingImpaired ?? null,
    };
  };
  const expected = (language: string, variant: (typeof VARIANTS)[number]) => ({
    language,
    forced: variant.forced,
    hearingImpaired: variant.hearingImpaired && !variant.forced,
  });

  test("en, de, hi (Hindi), pt-BR, zh-Hans and sr-Latn, forced and HI, under every option", () => {
    for (const language of ["en", "de", "hi", "pt-BR", "zh-Hans", "zh-Hant", "sr-Latn", "es-419"])
      for (const options of ALL_OPTIONS)
        for (const variant of VARIANTS) {
          const { name, ...read } = check(language, options, variant);
          expect({ name, ...read }).toEqual({ name, ...expected(language, variant) });
        }
  });

  test("every language subtitles are written in round-trips under every option", () => {
    const languages = [...commonLanguageTables().byCanonical.values()]
      .filter((l) => l.scope !== "special" && canonicalLanguage(l.iso6391 ?? l.iso6393) !== null)
      .map((l) => l.iso6391 ?? l.iso6393);
    expect(languages.length).toBeGreaterThan(400);
    const wrong: string[] = [];
    for (const language of languages)
      for (const options of ALL_OPTIONS)
        for (const variant of VARIANTS) {
          const { name, ...read } = check(language, options, variant);
          if (JSON.stringify(read) !== JSON.stringify(expected(language, variant)))
            wrong.push(`${name}: ${JSON.stringify(read)}`);
        }
    expect(wrong).toEqual([]);
  });
});

function saved(path: string, overrides: Partial<SavedSubtitle> = {}): SavedSubtitle {
  return {
    wantedItemId: null,
    instance: "main",
    title: "Show",
    season: 1,
    episodes: [1],
    language: "en",
    variant: "full",
    provider: "upload",
    candidateId: "upload-1",
    release: null,
    score: 0,
    breakdown: {},
    format: "srt",
    encoding: "utf-8",
    path,
    sha256: "0".repeat(64),
    size: 10,
    action: "uploaded",
    createdAt: "2026-11-24T10:00:00.000Z",
    ...overrides,
  };
}

describe("post-processing reads every name back", () => {
  test("the video beside a subtitle saved under any option; {{variant}} says hi for any HI tag", async () => {
    const dir = tempDir();
    const video = join(dir, "Show - S01E01.mkv");
    writeFileSync(video, "video");
    // Another episode beside it: its name must not be taken for this one's.
    writeFileSync(join(dir, "Show - S01E02.mkv"), "video");
    const db = openMigrated();
    try {
      for (const language of ["en", "de", "hi", "pt-BR"])
        for (const options of ALL_OPTIONS)
          for (const variant of VARIANTS) {
            const path = subtitlePath(video, sub(language, variant), options);
            const row = saved(path, { language, variant: variant.forced ? "forced" : "full" });
            const found = await videoOfSubtitle(db, row);
            const values = placeholderValues(row, found);
            expect({ path, video: found, variant: values.variant, language: values.language }).toEqual({
              path,
              video,
              variant: variant.forced ? "forced" : variant.hearingImpaired ? "hi" : "full",
              language,
            });
          }
    } finally {
      db.close();
    }
  });

  test("a Hindi subtitle without a tag is full, not hearing-impaired", () => {
    const values = placeholderValues(saved("/tv/Show - S01E01.hi.srt", { language: "hi" }), null);
    expect(values.variant).toBe("full");
  });
});

describe("[naming] in the config", () => {
  test("defaults to Bazarr's names; the file and the environment set it", () => {
    expect(configFromToml("").naming).toEqual({
      hearingImpairedTag: "hi",
      languageCode: "alpha2",
      folder: "",
    });
    expect(
      configFromToml('[naming]\nhearingImpairedTag = "sdh"\nlanguageCode = "alpha3"\nfolder = "Subs"\n')
        .naming,
    ).toEqual({ hearingImpairedTag: "sdh", languageCode: "alpha3", folder: "Subs" });
    expect(configFromToml("", { SUBHOUND_NAMING__FOLDER: "subtitles" }).naming.folder).toBe("subtitles");
    expect(
      configFromToml("", { SUBHOUND_NAMING__HEARING_IMPAIRED_TAG: "cc" }).naming.hearingImpairedTag,
    ).toBe("cc");
  });

  test("an unknown tag or code form is an error naming the key", () => {
    const tag = configErrorOf(() => configFromToml('[naming]\nhearingImpairedTag = "hoh"\n'));
    expect(tag).toContain("naming.hearingImpairedTag");
    expect(tag).toContain("sdh");
    expect(configErrorOf(() => configFromToml('[naming]\nlanguageCode = "iso3"\n'))).toContain(
      "naming.languageCode",
    );
    expect(configErrorOf(() => configFromToml('[naming]\nextension = "sdh"\n'))).toContain("naming");
  });

  test("a folder a scan would not read back, or a path, is an error naming the key", () => {
    for (const folder of ["Extras", "../Subs", "Subs/en", "/srv/subs", ".subs", "Subs "]) {
      const error = configErrorOf(() => configFromToml(`[naming]\nfolder = ${JSON.stringify(folder)}\n`));
      expect(error).toContain("naming.folder");
      expect(error).toContain("Subtitles");
    }
  });
});
