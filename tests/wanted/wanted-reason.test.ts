import { describe, expect, test } from "bun:test";
import type { SubtitleStream } from "../../src/media/types.ts";
import { applyOverride, defaultProfile, type Profile } from "../../src/profiles/profile.ts";
import type { StoredSidecar } from "../../src/wanted/decide.ts";
import { createExplainer, explainReason, type ItemFacts } from "../../src/wanted/wanted-reason.ts";
import { subtitleStream } from "../support/subtitle-stream.ts";

const base: Profile = defaultProfile({
  languages: ["de", "en"],
  profile: {
    forced: "separate",
    hearingImpaired: "include",
    embedded: "text",
    formats: ["srt", "ass"],
    upgradeSrtToAss: false,
    translate: false,
    whisper: false,
    syncAfterDownload: false,
    fixes: [],
  },
});

const sidecar = (fileName: string, partial: Partial<StoredSidecar> = {}): StoredSidecar => ({
  fileName,
  language: "de",
  forced: false,
  hearingImpaired: false,
  format: "srt",
  ...partial,
});

function reason(
  subtitles: { streams?: SubtitleStream[]; sidecars?: StoredSidecar[] },
  options: { variant?: "full" | "forced"; profile?: Profile; language?: string } = {},
) {
  return explainReason(
    {
      language: options.language ?? "de",
      variant: options.variant ?? "full",
      satisfiedBy: null,
      upgradeCandidate: false,
      subtitlesJson: JSON.stringify({ streams: subtitles.streams ?? [], sidecars: subtitles.sidecars ?? [] }),
    },
    options.profile ?? base,
  );
}

describe("why an item is wanted", () => {
  test("nothing in the language: no sidecar and no stream, named in words", () => {
    const r = reason({ streams: [subtitleStream({ language: "eng" })] });
    expect(r.code).toBe("no_subtitle");
    expect(r.text).toBe("No German subtitle: no sidecar file and no embedded stream in German.");
    expect(reason({}, { language: "pt-BR" }).text).toContain("Portuguese (Brazil)");
  });

  test("a subtitle in another variant of the language is named, not denied", () => {
    // Movie.pt.srt is there: "no sidecar file" would send the user looking for a file that exists.
    const r = reason({ sidecars: [sidecar("Movie.pt.srt", { language: "pt" })] }, { language: "pt-BR" });
    expect(r.code).toBe("no_subtitle");
    expect(r.text).toBe(
      "No Portuguese (Brazil) subtitle: Movie.pt.srt is Portuguese, which does not count as Portuguese (Brazil).",
    );
    const two = reason(
      {
        sidecars: [sidecar("Movie.pt.srt", { language: "pt" })],
        streams: [subtitleStream({ index: 3, language: "por", languageIetf: "pt-PT" })],
      },
      { language: "pt-BR", variant: "forced" },
    );
    expect(two.text).toBe(
      "No forced Portuguese (Brazil) subtitle: Movie.pt.srt is Portuguese and embedded SRT stream 3 is Portuguese (Portugal), which do not count as Portuguese (Brazil).",
    );
  });

  test("only untagged subtitles: says they cannot count, and which", () => {
    const r = reason({
      streams: [subtitleStream({ index: 4, language: "und" })],
      sidecars: [sidecar("Show.srt", { language: null })],
    });
    expect(r.code).toBe("untagged_only");
    expect(r.text).toContain("2 subtitles have no language tag");
    expect(r.text).toContain("Show.srt");
    expect(r.text).toContain("embedded SRT stream 4");
  });

  test("only an image-based embedded stream while the profile takes text", () => {
    const pgs = subtitleStream({ index: 3, codec: "hdmv_pgs_subtitle", language: "ger", textBased: false });
    const r = reason({ streams: [pgs] });
    expect(r.code).toBe("image_based_only");
    expect(r.text).toContain("embedded PGS stream 3");
    expect(r.text).toContain('embedded = "text"');
    const vobsub = subtitleStream({ index: 5, codec: "dvd_subtitle", language: "ger", textBased: false });
    expect(reason({ streams: [vobsub] }).text).toContain("VobSub");
    // With embedded = "any" the same stream would count: the row says a rescan resolves it.
    expect(reason({ streams: [pgs] }, { profile: applyOverride(base, { embedded: "any" }) }).code).toBe(
      "rescan_pending",
    );
  });

  test("an embedded stream the profile refuses (embedded = none)", () => {
    const r = reason(
      { streams: [subtitleStream({ language: "ger" })] },
      { profile: applyOverride(base, { embedded: "none" }) },
    );
    expect(r.code).toBe("embedded_refused");
    expect(r.text).toContain('embedded = "none"');
  });

  test("forced variant missing while full ones exist; full missing while only forced exists", () => {
    const full = reason({ sidecars: [sidecar("Show.de.srt")] }, { variant: "forced" });
    expect(full.code).toBe("no_forced");
    expect(full.text).toContain("No forced German subtitle");
    expect(full.text).toContain("Show.de.srt");
    const forcedOnly = reason({ sidecars: [sidecar("Show.de.forced.srt", { forced: true })] });
    expect(forcedOnly.code).toBe("forced_only");
    expect(forcedOnly.text).toContain("the full one is missing");
    // A track titled "Signs" is forced whatever its flag says.
    const signs = reason({ streams: [subtitleStream({ language: "ger", title: "Signs & Songs" })] });
    expect(signs.code).toBe("forced_only");
  });

  test("only hearing-impaired subtitles while the profile excludes HI; HI wins over image-based", () => {
    const excludeHi = applyOverride(base, { hearingImpaired: "exclude" });
    const hi = sidecar("Show.de.sdh.srt", { hearingImpaired: true });
    const r = reason({ sidecars: [hi] }, { profile: excludeHi });
    expect(r.code).toBe("hi_excluded");
    expect(r.text).toContain("Show.de.sdh.srt");
    const pgs = subtitleStream({ index: 3, codec: "hdmv_pgs_subtitle", language: "ger", textBased: false });
    const both = reason({ sidecars: [hi], streams: [pgs] }, { profile: excludeHi });
    expect(both.code).toBe("hi_excluded");
    expect(both.text).toContain("image-based only");
  });

  test("satisfied items say by what; an unstyled one under an ASS profile may be upgraded", () => {
    const facts = {
      language: "de",
      variant: "full" as const,
      upgradeCandidate: false,
      subtitlesJson: "[]",
    };
    expect(explainReason({ ...facts, satisfiedBy: "sidecar:Show.de.srt" }, base)).toEqual({
      code: "satisfied",
      text: "Has German: Show.de.srt.",
    });
    const upgrade = explainReason(
      { ...facts, satisfiedBy: "embedded:2:subrip", upgradeCandidate: true },
      base,
    );
    expect(upgrade.code).toBe("upgrade_available");
    expect(upgrade.text).toContain("embedded SRT stream 2");
  });
});

describe("automatic search state", () => {
  const facts: ItemFacts = {
    status: "not_found",
    language: "de",
    variant: "full",
    satisfiedBy: null,
    upgradeCandidate: false,
    attempts: 2,
    retryAfter: "2026-11-24T12:00:00.000Z",
    subtitlesJson: "[]",
    source: "sonarr",
    instance: "main",
    seriesId: 1,
    movieId: null,
  };
  const explain = createExplainer({
    profileOf: () => base,
    maxAttempts: 3,
    // As before search.afterAttemptsEveryDays: out of attempts is the end (adaptive-search.test.ts has the rest).
    afterAttemptsEveryDays: 0,
    now: "2026-11-24T10:00:00.000Z",
    nextSearchRun: "2026-11-24T11:00:00.000Z",
  });

  test("waiting out a backoff, due at the next run, out of attempts, or not searched at all", () => {
    expect(explain(facts)).toMatchObject({
      languageName: "German",
      maxAttempts: 3,
      autoSearch: "waiting",
      nextRetryAt: "2026-11-24T12:00:00.000Z",
    });
    expect(explain({ ...facts, retryAfter: "2026-11-24T09:00:00.000Z" })).toMatchObject({
      autoSearch: "due",
      nextRetryAt: "2026-11-24T11:00:00.000Z",
    });
    expect(explain({ ...facts, status: "wanted", attempts: 0, retryAfter: null }).autoSearch).toBe("due");
    expect(explain({ ...facts, attempts: 3 })).toMatchObject({ autoSearch: "exhausted", nextRetryAt: null });
    // A failure (an I/O error, a directory at the target) is tried again after its backoff.
    expect(explain({ ...facts, status: "failed" })).toMatchObject({
      autoSearch: "waiting",
      nextRetryAt: "2026-11-24T12:00:00.000Z",
    });
    for (const status of ["ignored", "resolved", "found", "searching"] as const) {
      expect(explain({ ...facts, status })).toMatchObject({ autoSearch: "off", nextRetryAt: null });
    }
  });
});
