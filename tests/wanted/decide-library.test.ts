import { describe, expect, test } from "bun:test";
import { EXTRACTABLE } from "../../src/browse/extract-embedded.ts";
import { applyOverride, defaultProfile, type Profile } from "../../src/profiles/profile.ts";
import { decide, extractionPlan, type StoredSidecar, wantedSlots } from "../../src/wanted/decide.ts";
import { type FileContext, fileContext } from "../../src/wanted/file-facts.ts";
import { subtitleStream } from "../support/subtitle-stream.ts";

/** decide with a file's context: the library filters, the audio rules and the extraction plan. */

const base: Profile = defaultProfile({
  languages: ["en", "pt-BR"],
  profile: {
    forced: "separate",
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
const slots = (profile: Partial<Profile>, context: FileContext) =>
  wantedSlots(applyOverride(base, profile), context).map((s) => `${s.language}/${s.variant}`);
const ctx = (partial: Partial<FileContext> = {}): FileContext => ({
  season: 1,
  unmonitored: null,
  audio: null,
  ...partial,
});

describe("library filters", () => {
  test("monitoredOnly skips any unmonitored level; without it nothing is skipped", () => {
    for (const level of ["series", "season", "episode", "movie"] as const) {
      expect(slots({ monitoredOnly: true }, ctx({ unmonitored: level }))).toEqual([]);
      expect(slots({ monitoredOnly: false }, ctx({ unmonitored: level }))).toHaveLength(4);
    }
    expect(slots({ monitoredOnly: true }, ctx())).toHaveLength(4);
  });

  test("skipSpecials skips season 0 only; movies (no season) are never specials", () => {
    expect(slots({ skipSpecials: true }, ctx({ season: 0 }))).toEqual([]);
    expect(slots({ skipSpecials: true }, ctx({ season: 1 }))).toHaveLength(4);
    expect(slots({ skipSpecials: true }, ctx({ season: null }))).toHaveLength(4);
  });

  test("a skipped file's decisions are empty, so its items go like any no longer asked for", () => {
    const profile = applyOverride(base, { skipSpecials: true });
    expect(decide(profile, [], [subtitleStream()], ctx({ season: 0 }))).toEqual([]);
    expect(decide(profile, [], [subtitleStream()])).toHaveLength(4);
  });
});

describe("audio rules", () => {
  const audio = (...languages: string[]) =>
    fileContext(1, { tags: [], unmonitored: null, arrAudio: languages }, null);

  test("skip-audio-language drops the full variant only, matching base languages (por audio, pt-BR wanted)", () => {
    expect(slots({ audioRules: ["skip-audio-language"] }, audio("eng"))).toEqual([
      "en/forced",
      "pt-BR/full",
      "pt-BR/forced",
    ]);
    expect(slots({ audioRules: ["skip-audio-language"] }, audio("por"))).toEqual([
      "en/full",
      "en/forced",
      "pt-BR/forced",
    ]);
  });

  test("forced-only-foreign-audio and forced-only-audio-language are opposite readings", () => {
    expect(slots({ audioRules: ["forced-only-foreign-audio"] }, audio("eng", "jpn"))).toEqual([
      "en/full",
      "pt-BR/full",
      "pt-BR/forced",
    ]);
    expect(slots({ audioRules: ["forced-only-audio-language"] }, audio("eng", "jpn"))).toEqual([
      "en/full",
      "en/forced",
      "pt-BR/full",
    ]);
  });

  test("unknown audio removes nothing; names the arr sends count like codes; the arr wins over the probe", () => {
    const rules: Partial<Profile> = { audioRules: ["skip-audio-language", "forced-only-audio-language"] };
    expect(slots(rules, ctx())).toHaveLength(4);
    expect(
      slots(rules, fileContext(1, { tags: [], unmonitored: null, arrAudio: ["Unknown"] }, [])),
    ).toHaveLength(4);
    expect(slots(rules, audio("English"))).toEqual(["en/forced", "pt-BR/full"]);
    const arrAndProbe = fileContext(1, { tags: [], unmonitored: null, arrAudio: ["ger"] }, ["eng"]);
    expect(arrAndProbe.audio).toEqual({ languages: ["de"], from: "arr" });
    expect(fileContext(1, null, ["eng", "und"]).audio).toEqual({ languages: ["en"], from: "probe" });
  });
});

describe("extraction plan", () => {
  const canExtract = (codec: string) => codec in EXTRACTABLE;
  const profile = applyOverride(base, { extractEmbedded: true, embedded: "none" });
  const sidecar = (partial: Partial<StoredSidecar>): StoredSidecar => ({
    fileName: "Movie.en.srt",
    language: "en",
    forced: false,
    hearingImpaired: false,
    format: "srt",
    ...partial,
  });

  test("a text stream per wanted language × variant no sidecar covers, whatever `embedded` says", () => {
    const streams = [
      subtitleStream({ index: 2, codec: "hdmv_pgs_subtitle", textBased: false }),
      subtitleStream({ index: 3, codec: "ass" }),
      subtitleStream({ index: 4, forced: true }),
      subtitleStream({ index: 5, language: "por", languageIetf: "pt-BR", codec: "mov_text" }),
    ];
    expect(extractionPlan(profile, [], streams, ctx(), canExtract)).toEqual([
      { language: "en", variant: "full", streamIndex: 3 },
      { language: "en", variant: "forced", streamIndex: 4 },
      { language: "pt-BR", variant: "full", streamIndex: 5 },
    ]);
    expect(extractionPlan(profile, [sidecar({})], streams, ctx(), canExtract)).toEqual([
      { language: "en", variant: "forced", streamIndex: 4 },
      { language: "pt-BR", variant: "full", streamIndex: 5 },
    ]);
  });

  test("nothing without the option, for a skipped file, or for image streams and unknown codecs", () => {
    const streams = [subtitleStream({ index: 3 })];
    expect(extractionPlan(base, [], streams, ctx(), canExtract)).toEqual([]);
    expect(
      extractionPlan(
        applyOverride(profile, { skipSpecials: true }),
        [],
        streams,
        ctx({ season: 0 }),
        canExtract,
      ),
    ).toEqual([]);
    expect(
      extractionPlan(
        profile,
        [],
        [subtitleStream({ codec: "dvd_subtitle", textBased: false })],
        ctx(),
        canExtract,
      ),
    ).toEqual([]);
    expect(extractionPlan(profile, [], [subtitleStream({ codec: "ttml" })], ctx(), canExtract)).toEqual([]);
  });
});
