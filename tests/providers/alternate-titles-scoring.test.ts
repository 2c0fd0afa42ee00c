import { describe, expect, test } from "bun:test";
import { rankCandidates, releaseMatches, scoreCandidate } from "../../src/providers/scoring.ts";
import type { SubtitleQuery } from "../../src/providers/types.ts";
import { candidate, episodeQuery } from "./fixtures.ts";

// Release names as subtitle sites list them, for series and films Sonarr and Radarr title otherwise:
// the alternate titles they list are names of the same series or film, worth the title's points.

const profile = { hearingImpaired: "include" as const, formats: ["srt" as const] };

const svu = (alternateTitles?: string[]): SubtitleQuery =>
  episodeQuery({
    title: "Law & Order: Special Victims Unit",
    ...(alternateTitles ? { alternateTitles } : {}),
    year: 1999,
    season: 25,
    episodes: [1],
    imdbId: "tt0203259",
    tvdbId: 75692,
    tmdbId: 2734,
    releaseName: "Law.and.Order.SVU.S25E01.1080p.WEB.h264-ETHEL",
    releaseGroup: "ETHEL",
  });

const leon = (alternateTitles?: string[]): SubtitleQuery =>
  episodeQuery({
    kind: "movie",
    title: "Léon: The Professional",
    ...(alternateTitles ? { alternateTitles } : {}),
    year: 1994,
    season: null,
    episodes: [],
    imdbId: "tt0110413",
    tvdbId: null,
    tmdbId: 101,
    releaseName: null,
    releaseGroup: null,
  });

describe("a release named by an alternate title earns the title's points", () => {
  test("Law.and.Order.SVU for Law & Order: Special Victims Unit, by Sonarr's scene title", () => {
    const names = ["Law.and.Order.SVU.S25E01.1080p.WEB.h264-ETHEL"];
    expect(releaseMatches(svu(), names).has("title")).toBe(false);
    expect(releaseMatches(svu(["Law and Order SVU"]), names).has("title")).toBe(true);
    // Spelled with "&" and a colon, as Sonarr may list it: the same normalisation as the title's.
    expect(releaseMatches(svu(["Law & Order: SVU"]), names).has("title")).toBe(true);
    // An alternate title says nothing of the episode: S25E02's subtitle is still another episode.
    expect(
      releaseMatches(svu(["Law and Order SVU"]), ["Law.and.Order.SVU.S25E02.1080p.WEB.h264-ETHEL"]).has(
        "episode",
      ),
    ).toBe(false);
  });

  test("the SVU-named subtitle of the file's own release now clears a minimum score it fell under", () => {
    const ethel = candidate("opensubtitles", "ethel", {
      releaseNames: ["Law.and.Order.SVU.S25E01.1080p.WEB.h264-ETHEL"],
      season: 25,
      episodes: [1],
    });
    const options = { minScore: 200, priorityOf: () => 100 };
    expect(rankCandidates([ethel], svu(), profile, options)).toEqual([]);
    const scored = scoreCandidate(ethel, svu(["Law and Order SVU"]), profile, 100);
    // The title's points, and the year a series titled without one implies (as for the main title).
    expect(scored.breakdown).toMatchObject({ "match:title": 180, "match:year": 90 });
    expect(rankCandidates([ethel], svu(["Law and Order SVU"]), profile, options).map((s) => s.score)).toEqual(
      [scored.score],
    );
  });

  test("The.Office for The Office (US) when Sonarr lists that title; The.Office.US matched already", () => {
    const office = (alternateTitles?: string[]) =>
      episodeQuery({
        title: "The Office (US)",
        ...(alternateTitles ? { alternateTitles } : {}),
        year: 2005,
        season: 5,
        episodes: [12],
        releaseName: null,
        releaseGroup: null,
      });
    expect(releaseMatches(office(), ["The.Office.US.S05E12.720p.HDTV.x264-CTU"]).has("title")).toBe(true);
    expect(releaseMatches(office(), ["The.Office.S05E12.720p.HDTV.x264-CTU"]).has("title")).toBe(false);
    expect(
      releaseMatches(office(["The Office"]), ["The.Office.S05E12.720p.HDTV.x264-CTU"]).has("title"),
    ).toBe(true);
    // The British series is named otherwise: still no title match.
    expect(
      releaseMatches(office(["The Office"]), ["The.Office.UK.S02E01.DVDRip.XviD-GRP"]).has("title"),
    ).toBe(false);
  });

  test("Leon.1994 for Léon: The Professional, by its original title; with the year it names", () => {
    const names = ["Leon.1994.REMASTERED.1080p.BluRay.x264-AMIABLE"];
    expect([...releaseMatches(leon(), names)].sort()).toEqual(["year"]);
    expect([...releaseMatches(leon(["Léon"]), names)].sort()).toEqual(["title", "year"]);
    expect(
      releaseMatches(leon(), ["Leon.The.Professional.1994.1080p.BluRay.x264-AMIABLE"]).has("title"),
    ).toBe(true);
    // Another film whose name starts alike is no match.
    expect(
      releaseMatches(leon(["Léon"]), ["Leon.Morin.Priest.1961.1080p.BluRay.x264-GRP"]).has("title"),
    ).toBe(false);
  });
});
