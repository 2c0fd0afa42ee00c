import { describe, expect, test } from "bun:test";
import { parseSidecarName } from "../../src/media/sidecars.ts";
import type { SubtitleStream } from "../../src/media/types.ts";
import { applyOverride, defaultProfile, type Profile } from "../../src/profiles/profile.ts";
import { decide } from "../../src/wanted/decide.ts";
import { subtitleStream } from "../support/subtitle-stream.ts";

const base: Profile = defaultProfile({
  languages: ["en", "de"],
  profile: {
    forced: "off",
    hearingImpaired: "include",
    embedded: "text",
    formats: ["ass", "srt"],
    upgradeSrtToAss: false,
    translate: false,
    whisper: false,
    syncAfterDownload: false,
    fixes: [],
  },
});

function sidecar(name: string) {
  const parsed = parseSidecarName("Movie", name);
  if (!parsed) throw new Error(`${name} is not a sidecar of Movie`);
  return parsed;
}

const stream = subtitleStream;

const full = (profile: Profile, sidecars: string[], streams: SubtitleStream[] = []) =>
  Object.fromEntries(
    decide(profile, sidecars.map(sidecar), streams)
      .filter((d) => d.variant === "full")
      .map((d) => [d.language, d.satisfied ? d.by : null]),
  );

describe("decide", () => {
  test("nothing present: every language is wanted", () => {
    expect(full(base, [])).toEqual({ en: null, de: null });
  });

  test("sidecars in any spelling satisfy their language", () => {
    expect(full(base, ["Movie.ENG.srt", "Movie.German.ass"])).toEqual({
      en: "sidecar:Movie.ENG.srt",
      de: "sidecar:Movie.German.ass",
    });
  });

  test("hearing-impaired satisfies by default, not when the profile excludes it", () => {
    expect(full(base, ["Movie.en.sdh.srt"]).en).toBe("sidecar:Movie.en.sdh.srt");
    expect(full({ ...base, hearingImpaired: "exclude" }, ["Movie.en.sdh.srt"]).en).toBeNull();
    expect(
      full({ ...base, hearingImpaired: "exclude" }, [], [stream({ hearingImpaired: true })]).en,
    ).toBeNull();
  });

  test("a forced-only sidecar or stream never satisfies the full variant", () => {
    expect(full(base, ["Movie.en.forced.srt"]).en).toBeNull();
    expect(full(base, [], [stream({ forced: true })]).en).toBeNull();
    expect(full(base, [], [stream({ title: "Signs & Songs" })]).en).toBeNull();
  });

  test("text streams satisfy; image streams only with embedded = any; none ignores streams", () => {
    const pgs = stream({ codec: "hdmv_pgs_subtitle", textBased: false });
    expect(full(base, [], [stream({})]).en).toBe("embedded:2:subrip");
    expect(full(base, [], [pgs]).en).toBeNull();
    expect(full({ ...base, embedded: "any" }, [], [pgs]).en).toBe("embedded:2:hdmv_pgs_subtitle");
    expect(full({ ...base, embedded: "none" }, [], [stream({})]).en).toBeNull();
  });

  test("a regional variant satisfies its base language; IETF tags win over the 639-2 tag", () => {
    expect(full(base, ["Movie.de-CH.srt"]).de).toBe("sidecar:Movie.de-CH.srt");
    const ptBr = applyOverride(base, { languages: ["pt-BR"] });
    expect(full(ptBr, [], [stream({ language: "por", languageIetf: "pt-BR" })])["pt-BR"]).toBe(
      "embedded:2:subrip",
    );
    expect(full(ptBr, [], [stream({ language: "por", languageIetf: null })])["pt-BR"]).toBeNull();
    expect(full(ptBr, ["Movie.pt-PT.srt"])["pt-BR"]).toBeNull();
  });

  test("a track title naming a variant of the tagged language refines it, as Bazarr reads it", () => {
    // Streaming rips tag these tracks por/chi/spa (mkvmerge adds the bare IETF "pt"/"zh"/"es")
    // and say the variant only in the title.
    const cases: [want: string, language: string, ietf: string | null, title: string][] = [
      ["pt-BR", "por", null, "Brazilian"],
      ["pt-BR", "por", "pt", "Portuguese (Brazil)"],
      ["pt-BR", "por", null, "Português (Brasil) [Forced]"],
      ["pt-BR", "por", null, "Brazilian Portuguese SDH"],
      ["zh-Hant", "chi", null, "Chinese (Traditional)"],
      ["zh-Hant", "chi", "zh", "繁體中文"],
      ["zh-Hant", "chi", null, "Traditional"],
      ["zh-Hans", "chi", null, "Simplified"],
      ["zh-Hans", "zho", null, "简体中文"],
      ["es-419", "spa", null, "Latin American"],
      ["es-419", "spa", "es", "Español (Latinoamérica)"],
      ["es-419", "spa", null, "Spanish (Latin America) SDH"],
      ["fr-CA", "fre", null, "Canadian French"],
    ];
    for (const [want, language, languageIetf, title] of cases) {
      const profile = applyOverride(base, { languages: [want] });
      const forced = /forced/i.test(title);
      const decided = decide(
        { ...profile, forced: forced ? "separate" : "off" },
        [],
        [stream({ language, languageIetf, title })],
      ).find((d) => d.variant === (forced ? "forced" : "full"));
      expect([want, title, decided?.by]).toEqual([want, title, "embedded:2:subrip"]);
    }
  });

  test("a title never changes the tagged language, nor makes a bare tag a variant it does not name", () => {
    const want = (language: string) => applyOverride(base, { languages: [language] });
    // Another language in the title: the tag stands.
    expect(full(want("es"), [], [stream({ language: "spa", title: "Brazilian" })]).es).toBe(
      "embedded:2:subrip",
    );
    expect(full(want("pt-BR"), [], [stream({ language: "spa", title: "Brazilian" })])["pt-BR"]).toBeNull();
    // A variant the title does not name, or another one.
    expect(
      full(want("es-419"), [], [stream({ language: "spa", title: "Spanish (Spain)" })])["es-419"],
    ).toBeNull();
    expect(full(want("zh-Hant"), [], [stream({ language: "chi", title: "Chinese" })])["zh-Hant"]).toBeNull();
    expect(
      full(want("zh-Hant"), [], [stream({ language: "chi", title: "Simplified" })])["zh-Hant"],
    ).toBeNull();
    // The IETF tag says the variant already: a title does not overrule it.
    expect(
      full(want("pt-BR"), [], [stream({ language: "por", languageIetf: "pt-PT", title: "Brazilian" })])[
        "pt-BR"
      ],
    ).toBeNull();
    // A bare want takes the refined stream as before.
    expect(full(want("zh"), [], [stream({ language: "chi", title: "Simplified" })]).zh).toBe(
      "embedded:2:subrip",
    );
  });

  test("a track titled SDH or CC is hearing-impaired without the (rarely set) flag", () => {
    const exclude = { ...base, hearingImpaired: "exclude" as const };
    for (const title of ["English (SDH)", "SDH", "English CC", "English [SDH]"]) {
      expect([title, full(exclude, [], [stream({ title })]).en]).toEqual([title, null]);
    }
    for (const title of ["English", "Full", "Dialogue", "Hi"]) {
      expect([title, full(exclude, [], [stream({ title })]).en]).toEqual([title, "embedded:2:subrip"]);
    }
  });

  test("und and language-less subtitles satisfy nothing", () => {
    expect(full(base, ["Movie.srt"], [stream({ language: "und" }), stream({ language: null })])).toEqual({
      en: null,
      de: null,
    });
  });

  test("forced variant only when the profile asks, satisfied only by forced subtitles", () => {
    const forced = { ...base, forced: "separate" as const };
    const decisions = decide(forced, [sidecar("Movie.en.srt"), sidecar("Movie.de.forced.srt")], []);
    expect(decisions.map((d) => [d.language, d.variant, d.satisfied])).toEqual([
      ["en", "full", true],
      ["en", "forced", false],
      ["de", "full", false],
      ["de", "forced", true],
    ]);
    expect(decide(base, [], []).every((d) => d.variant === "full")).toBe(true);
  });

  test("SRT to ASS upgrade: off by default; when on, an SRT-only language is satisfied and an upgrade candidate", () => {
    expect(decide(base, [sidecar("Movie.en.srt")], [])[0]).toMatchObject({
      satisfied: true,
      upgradeCandidate: false,
    });
    const upgrade = { ...base, upgradeSrtToAss: true };
    expect(decide(upgrade, [sidecar("Movie.en.srt")], [])[0]).toMatchObject({
      satisfied: true,
      upgradeCandidate: true,
    });
    expect(decide(upgrade, [sidecar("Movie.en.srt"), sidecar("Movie.en.ass")], [])[0]).toMatchObject({
      satisfied: true,
      upgradeCandidate: false,
      by: "sidecar:Movie.en.ass",
    });
    expect(decide(upgrade, [], [stream({ codec: "ass" })])[0]).toMatchObject({ upgradeCandidate: false });
  });

  test("profile languages are canonicalized and overrides replace only what they set", () => {
    const p = applyOverride(defaultProfile({ languages: ["eng", "ger", "en"], profile: base }), {
      forced: "separate",
    });
    expect(p.languages).toEqual(["en", "de"]);
    expect(p.forced).toBe("separate");
    expect(p.hearingImpaired).toBe("include");
  });
});
