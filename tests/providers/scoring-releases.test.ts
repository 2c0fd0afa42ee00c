import { describe, expect, test } from "bun:test";
import { rankCandidates, releaseMatches, scoreCandidate } from "../../src/providers/scoring.ts";
import type { ProviderCandidate, SubtitleQuery } from "../../src/providers/types.ts";
import { candidate, episodeQuery } from "./fixtures.ts";

// Real release names, as OpenSubtitles, SubDL, Podnapisi and Gestdown list them. The question
// each test asks: does the subtitle that fits (is in sync with) the user's file come first?

const profile = { hearingImpaired: "include" as const, formats: ["srt" as const] };

function first(query: SubtitleQuery, ...offered: ProviderCandidate[]): string | undefined {
  return rankCandidates(offered, query, profile, { minScore: 0, priorityOf: () => 100 })[0]?.candidate.id;
}

const named = (id: string, releaseNames: string[], over: Partial<ProviderCandidate> = {}) =>
  candidate("opensubtitles", id, { releaseNames, ...over });

const episode = (releaseName: string, over: Partial<SubtitleQuery> = {}) =>
  episodeQuery({ title: "Show", year: 2019, releaseName, releaseGroup: null, ...over });

const movieQuery = (title: string, year: number, releaseName: string, releaseGroup: string | null = null) =>
  episodeQuery({ kind: "movie", title, year, season: null, episodes: [], releaseName, releaseGroup });
const movie = (id: string, releaseNames: string[]) =>
  candidate("opensubtitles", id, { releaseNames, season: null, episodes: null });

describe("source: what subliminal/Bazarr count as the same source", () => {
  test("a WEB-DL subtitle matches a WEBRip of the same service, and a bare WEB", () => {
    const query = episode("The.Office.US.S05E12.720p.AMZN.WEB-DL.DDP5.1.H.264-NTb", {
      title: "The Office (US)",
    });
    expect(
      releaseMatches(query, ["The.Office.US.S05E12.720p.AMZN.WEBRip.DDP5.1.x264-NTb[rarbg]"]).has("source"),
    ).toBe(true);
    expect(releaseMatches(query, ["The.Office.US.S05E12.WEB.H.264-NTb"]).has("source")).toBe(true);
  });

  test("BDRip/BRRip are Blu-ray and PDTV is HDTV; WEB is no HDTV", () => {
    const bluray = episode("Show.S01E01.1080p.BluRay.x264-ROVERS");
    expect(releaseMatches(bluray, ["Show.S01E01.720p.BRRip.x264-GRP"]).has("source")).toBe(true);
    expect(
      releaseMatches(episode("Show.S01E01.720p.HDTV.x264-LOL"), ["Show.S01E01.PDTV.x264-GRP"]).has("source"),
    ).toBe(true);
    expect(
      releaseMatches(episode("Show.S01E01.720p.HDTV.x264-LOL"), ["Show.S01E01.720p.WEB.h264-GRP"]).has(
        "source",
      ),
    ).toBe(false);
  });

  test("another streaming service's WEB-DL is another source: its cut and timing differ", () => {
    const query = episode("Show.S01E01.1080p.AMZN.WEB-DL.DDP5.1.H.264-NTb");
    // Same group, but Netflix's encode; another group's encode of the same Amazon stream fits.
    const netflix = named("nf", ["Show.S01E01.1080p.NF.WEB-DL.DDP5.1.H.264-NTb"]);
    const amazon = named("amzn", ["Show.S01E01.1080p.AMZN.WEB-DL.DDP5.1.H.264-FLUX"]);
    expect(first(query, netflix, amazon)).toBe("amzn");
    expect(releaseMatches(query, ["Show.S01E01.1080p.DSNP.WEB-DL.DDP5.1.H.264-NTb"]).has("source")).toBe(
      false,
    );
    // A service named only by Sonarr's file name, or not at all, is no conflict.
    const renamed = episode("Show (2019) - S01E01 - Pilot [AMZN WEBDL-1080p][EAC3 5.1][h264]-NTb");
    expect(releaseMatches(renamed, ["Show.S01E01.1080p.NF.WEB-DL.DDP5.1.H.264-NTb"]).has("source")).toBe(
      false,
    );
    expect(releaseMatches(renamed, ["Show.S01E01.1080p.WEB.h264-GLHF"]).has("source")).toBe(true);
  });
});

describe("release group", () => {
  test("a group's release from another source is no match (as Bazarr): the source decides the sync", () => {
    const query = episode("Show.S01E01.720p.WEB.h264-KILLERS");
    const hdtv = named("hdtv", ["Show.S01E01.720p.HDTV.x264-KILLERS"]);
    const web = named("web", ["Show.S01E01.720p.WEB.H264-GLHF"]);
    expect(first(query, hdtv, web)).toBe("web");
    expect(releaseMatches(query, ["Show.S01E01.720p.HDTV.x264-KILLERS"]).has("releaseGroup")).toBe(false);
  });

  test("nor when only the provider vouches for the group (Addic7ed's 'AMZN-NTb' version for an NF file)", () => {
    const query = episode("Show.S01E01.1080p.NF.WEB-DL.DDP5.1.H.264-NTb", { releaseGroup: "NTb" });
    const gestdown = candidate("gestdown", "a", {
      releaseNames: ["AMZN-NTb"],
      matches: ["title", "season", "episode", "releaseGroup"],
    });
    expect(scoreCandidate(gestdown, query, profile).matches).not.toContain("releaseGroup");
    const same = candidate("gestdown", "b", {
      releaseNames: ["NF-NTb"],
      matches: ["title", "season", "episode", "releaseGroup"],
    });
    expect(scoreCandidate(same, query, profile).matches).toContain("releaseGroup");
  });

  test("groups behind suffixes, tags and case still match", () => {
    const query = episode("The.Mandalorian.S02E01.1080p.DSNP.WEB-DL.DDP5.1.Atmos.H.264-FLUX", {
      title: "The Mandalorian",
    });
    for (const name of [
      "The.Mandalorian.S02E01.1080p.DSNP.WEB-DL.DDP5.1.Atmos.H.264-FLUX-Obfuscated",
      "The.Mandalorian.S02E01.1080p.DSNP.WEB-DL.DDP5.1.Atmos.H.264-FLUX[rarbg]",
      "The.Mandalorian.S02E01.1080p.DSNP.WEB-DL.DDP5.1.Atmos.H.264-flux-xpost",
      "The.Mandalorian.S02E01.1080p.DSNP.WEB-DL.DDP5.1.Atmos.H.264-FLUX[TGx]",
    ])
      expect([name, releaseMatches(query, [name]).has("releaseGroup")]).toEqual([name, true]);
  });

  test("'Blu-ray' and '10-bit' are no group '-ray' or '-bit'", () => {
    const remux = "Movie.2019.1080p.Blu-ray.Remux.AVC.DTS-HD.MA.5.1-FraMeSToR";
    expect(releaseMatches(movieQuery("Movie", 2019, remux, "FraMeSToR"), [remux]).has("releaseGroup")).toBe(
      true,
    );
    // Without the arr's group, the video's own name is read: two groups' remuxes are two releases.
    const other = "Movie.2019.1080p.Blu-ray.Remux.AVC.DTS-HD.MA.5.1-EPSiLON";
    expect(releaseMatches(movieQuery("Movie", 2019, remux), [other]).has("releaseGroup")).toBe(false);
    const hevc = episode("Show.S01E01.1080p.WEB-DL.HEVC.10-bit-Judas");
    expect(releaseMatches(hevc, ["Show.S01E01.1080p.WEB-DL.HEVC.10-bit-Vyndros"]).has("releaseGroup")).toBe(
      false,
    );
  });

  test("an anime fansub group in brackets, also one with a space", () => {
    const query = episode("[Anime Time] Show - 01 [1080p][HEVC 10bit x265][AAC][Multi Sub]", {
      releaseGroup: "Anime Time",
    });
    expect(releaseMatches(query, ["[Anime Time] Show - 01 [1080p]"]).has("releaseGroup")).toBe(true);
    expect(releaseMatches(query, ["[SubsPlease] Show - 01 (1080p) [ABCD1234]"]).has("releaseGroup")).toBe(
      false,
    );
  });
});

describe("a candidate naming several releases: the best one counts, not a union", () => {
  test("resolution of one release and group of another do not add up to a perfect match", () => {
    const query = movieQuery("Movie", 2019, "Movie.2019.1080p.BluRay.x264-SPARKS");
    const union = movie("union", [
      "Movie.2019.720p.BluRay.x264-SPARKS",
      "Movie.2019.1080p.BluRay.x265-RARBG",
    ]);
    const exact = movie("exact", ["Movie.2019.1080p.BluRay.x264-SPARKS"]);
    expect(scoreCandidate(exact, query, profile).score).toBeGreaterThan(
      scoreCandidate(union, query, profile).score,
    );
    expect(first(query, union, exact)).toBe("exact");
  });

  test("identity still reads every name: the episode from one, the release from another", () => {
    const query = episode("Show.S01E01.1080p.WEB.h264-GRP");
    const matches = releaseMatches(query, ["Show.S01E01.HDTV.x264-LOL", "1080p.WEB.h264-GRP"]);
    expect([...matches].sort()).toEqual([
      "episode",
      "releaseGroup",
      "resolution",
      "season",
      "source",
      "title",
      "videoCodec",
    ]);
  });
});

describe("a movie's edition: subtitles of another cut are out of sync", () => {
  const fellowship = "The.Lord.of.the.Rings.The.Fellowship.of.the.Ring";
  const title = "The Lord of the Rings: The Fellowship of the Ring";

  test("the Extended cut's subtitle beats the theatrical one of the same group", () => {
    const query = movieQuery(title, 2001, `${fellowship}.2001.EXTENDED.1080p.BluRay.x264-FSiHD`);
    const theatrical = movie("theatrical", [`${fellowship}.2001.1080p.BluRay.x264-FSiHD`]);
    const extended = movie("extended", [`${fellowship}.2001.EXTENDED.1080p.BluRay.x264-SiNNERS`]);
    expect(first(query, theatrical, extended)).toBe("extended");
    // Radarr's {edition-…} token in a renamed file says the same.
    const radarr = movieQuery(
      title,
      2001,
      `${title.replace(":", " -")} (2001) {edition-Extended Edition} [Bluray-1080p][DTS 5.1][x264]-FSiHD`,
    );
    expect(first(radarr, theatrical, extended)).toBe("extended");
  });

  test("and the other way round; Director's Cut is a cut of its own", () => {
    const query = movieQuery("Kingdom of Heaven", 2005, "Kingdom.of.Heaven.2005.1080p.BluRay.x264-SiNNERS");
    const dc = movie("dc", ["Kingdom.of.Heaven.2005.Directors.Cut.1080p.BluRay.x264-SiNNERS"]);
    const plain = movie("plain", ["Kingdom.of.Heaven.2005.720p.BluRay.x264-CtrlHD"]);
    expect(first(query, dc, plain)).toBe("plain");
    const cut = movieQuery(
      "Kingdom of Heaven",
      2005,
      "Kingdom.of.Heaven.2005.Director's.Cut.1080p.BluRay.x264-SiNNERS",
    );
    expect(first(cut, dc, plain)).toBe("dc");
  });

  test("a title's own words are no edition (Uncut Gems, Rogue Nation)", () => {
    const gems = movieQuery("Uncut Gems", 2019, "Uncut.Gems.2019.1080p.BluRay.x264-SPARKS");
    // SubDL's uploaders often list a release without its title.
    expect(releaseMatches(gems, ["1080p.BluRay.x264-SPARKS"]).has("releaseGroup")).toBe(true);
    const rogue = "Mission.Impossible.Rogue.Nation.2015.1080p.BluRay.x264-SPARKS";
    expect(
      releaseMatches(movieQuery("Mission: Impossible - Rogue Nation", 2015, rogue), [rogue]).has(
        "releaseGroup",
      ),
    ).toBe(true);
  });
});

describe("titles with punctuation", () => {
  test("apostrophes, dotted acronyms, '&', diacritics", () => {
    const cases: [string, string][] = [
      ["Marvel's Agents of S.H.I.E.L.D.", "Marvels.Agents.of.S.H.I.E.L.D.S01E01.720p.HDTV.x264-2HD"],
      ["Grey's Anatomy", "Greys.Anatomy.S20E01.1080p.WEB.h264-ETHEL"],
      ["It's Always Sunny in Philadelphia", "Its.Always.Sunny.in.Philadelphia.S16E01.1080p.WEB.H264-GRP"],
      ["Law & Order: Special Victims Unit", "Law.and.Order.Special.Victims.Unit.S25E01.1080p.WEB.h264-GRP"],
      ["The Office (US)", "The.Office.US.S05E12.720p.WEB-DL.DD5.1.H.264-NTb"],
      ["Shōgun", "Shogun.S01E01.1080p.DSNP.WEB-DL-NTb"],
      ["9-1-1", "9-1-1.S07E01.1080p.WEB.h264-ETHEL"],
    ];
    for (const [title, name] of cases)
      expect([title, releaseMatches(episode("", { title, releaseName: null }), [name]).has("title")]).toEqual(
        [title, true],
      );
  });

  test("a release naming the series with its year matches title and year", () => {
    const query = episode("", { title: "Shōgun", year: 2024, releaseName: null });
    const matches = releaseMatches(query, ["Shogun.2024.S01E01.1080p.DSNP.WEB-DL-NTb"]);
    expect(matches.has("title")).toBe(true);
    expect(matches.has("year")).toBe(true);
    // Another year is another series.
    expect(releaseMatches(query, ["Shogun.1980.S01E01.DVDRip.x264-GRP"]).has("title")).toBe(false);
  });
});

describe("a series' year: every provider that names the series gets it, not only Podnapisi", () => {
  const query = episodeQuery(); // Breaking Bad (2008), file ROVERS' BluRay

  test("the release that fits beats one whose provider alone vouches for the year", () => {
    const podnapisi = candidate("podnapisi", "p", {
      releaseNames: ["Breaking.Bad.S01E01.HDTV.XviD-FQM"],
      matches: ["title", "year", "season", "episode"],
    });
    const opensubtitles = candidate("opensubtitles", "o", {
      releaseNames: ["Breaking.Bad.S01E01.1080p.BluRay.x264-ROVERS"],
      matches: ["imdb", "title", "season", "episode"],
    });
    const gestdown = candidate("gestdown", "g", {
      releaseNames: ["BluRay-ROVERS"],
      matches: ["title", "season", "episode", "releaseGroup"],
    });
    expect(first(query, podnapisi, opensubtitles)).toBe("o");
    expect(first(query, podnapisi, gestdown)).toBe("g");
  });

  test("a series Sonarr names with a year needs the year said: Doctor Who (2005) is not the 1963 one", () => {
    const who = episodeQuery({
      title: "Doctor Who (2005)",
      year: 2005,
      imdbId: null,
      releaseName: null,
      releaseGroup: null,
    });
    const bare = candidate("opensubtitles", "x", { releaseNames: ["Doctor.Who.S01E01.DVDRip.XviD-GRP"] });
    expect(scoreCandidate(bare, who, profile).matches).not.toContain("year");
    const dated = candidate("opensubtitles", "y", {
      releaseNames: ["Doctor.Who.2005.S01E01.DVDRip.XviD-GRP"],
    });
    expect(scoreCandidate(dated, who, profile).matches).toContain("year");
  });

  test("an IMDb match pins a movie's year too", () => {
    const query = movieQuery("Movie", 2019, "Movie.2019.1080p.BluRay.x264-SPARKS");
    const byId = candidate("opensubtitles", "m", {
      season: null,
      episodes: null,
      matches: ["imdb", "title"],
    });
    expect(scoreCandidate(byId, query, profile).matches).toContain("year");
  });
});

describe("multi-episode files", () => {
  const query = episode("Show.S01E01E02.720p.HDTV.x264-GRP", { episodes: [1, 2] });

  test("a subtitle for both episodes beats one for the first only, even of the same release", () => {
    const half = named("half", ["Show.S01E01.720p.HDTV.x264-GRP"], {
      matches: ["title", "season", "episode"],
    });
    const whole = named("whole", ["Show.S01E01E02.720p.HDTV.x264-LOL"], {
      matches: ["title", "season", "episode"],
    });
    expect(first(query, half, whole)).toBe("whole");
    expect(scoreCandidate(half, query, profile).matches).not.toContain("episode");
  });

  test("a provider that lists both episodes is believed", () => {
    const both = candidate("subdl", "b", { episodes: [1, 2], matches: ["title", "season", "episode"] });
    expect(scoreCandidate(both, query, profile).matches).toContain("episode");
  });
});

describe("words of a title are no release facts", () => {
  test("an episode title in Sonarr's file name is no edition, service or source", () => {
    const finalCut = episode("Show (2019) - S02E05 - The Final Cut [HDTV-720p][AAC 2.0][x264]-LOL");
    expect(releaseMatches(finalCut, ["Show.S02E05.720p.HDTV.x264-LOL"]).has("releaseGroup")).toBe(true);
    const maxOut = episode("Show (2019) - S01E03 - Max Out [AMZN WEBDL-1080p][EAC3 5.1][h264]-NTb");
    expect(releaseMatches(maxOut, ["Show.S01E03.1080p.AMZN.WEB-DL.DDP5.1.H.264-NTb"]).has("source")).toBe(
      true,
    );
    const lies = episode("Show.S01E05.Web.of.Lies.720p.HDTV.x264-LOL");
    expect(releaseMatches(lies, ["Show.S01E05.720p.WEB.h264-LOL"]).has("releaseGroup")).toBe(false);
  });
});
