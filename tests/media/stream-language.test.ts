import { expect, test } from "bun:test";
import { readStream } from "../../src/media/stream-language.ts";

const read = (language: string | null, title: string | null, hearingImpaired = false) =>
  readStream({ language, languageIetf: null, title, hearingImpaired });

test("a title makes a bare tag exact only where it names a variant; HI needs SDH, CC or another word", () => {
  expect(read("por", "Brazilian")).toEqual({ language: "pt-BR", hearingImpaired: false });
  expect(read("por", "Português (Brasil)")).toEqual({ language: "pt-BR", hearingImpaired: false });
  expect(read("chi", "中文(繁體)").language).toBe("zh-Hant");
  expect(read("spa", "Español (Latinoamérica)").language).toBe("es-419");
  // Ordinary titles leave the tag as it is.
  for (const title of ["Full", "Forced", "Portuguese", "Español", "Signs & Songs", "Commentary"])
    expect(read("por", title).language).toBe("pt");
  // A title naming another language changes nothing.
  expect(read("por", "English").language).toBe("pt");
  expect(read("eng", "English (SDH)")).toEqual({ language: "en", hearingImpaired: true });
  expect(read("eng", "English CC").hearingImpaired).toBe(true);
  expect(read("eng", "English [Hearing Impaired]").hearingImpaired).toBe(true);
  expect(read("eng", "English HI").hearingImpaired).toBe(true);
  // Alone, "HI" is Hindi's code; "Hindi" and "Chinese" hold no HI word.
  for (const title of ["HI", "Hindi", "Chinese", "Accented"])
    expect(read("eng", title).hearingImpaired).toBe(false);
  expect(read("eng", null, true).hearingImpaired).toBe(true);
});

test("Chinese tracks titled only by their script, as fansub and Blu-ray rips title them", () => {
  for (const title of ["简体", "簡體", "简中", "简日双语", "CHS", "CHS&ENG", "chs_jpn", "SC"])
    expect([title, read("chi", title).language]).toEqual([title, "zh-Hans"]);
  for (const title of ["繁體", "繁体", "繁中", "繁日雙語", "CHT", "CHT&ENG", "TC"])
    expect([title, read("chi", title).language]).toEqual([title, "zh-Hant"]);
  // Both scripts, or neither, leave the tag as it is.
  for (const title of ["简繁双语", "CHS&CHT", "中文", "Chinese", "国语", "Mandarin"])
    expect([title, read("chi", title).language]).toEqual([title, "zh"]);
  // Only a Chinese track is read so.
  expect(read("jpn", "简日双语").language).toBe("ja");
});
