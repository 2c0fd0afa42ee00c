/** Season and episodes a subtitle's name claims; null season when the name gives none (anime, "E02"). */
export interface EpisodeTag {
  season: number | null;
  episodes: number[];
  /** Read from a bare number ("Title 02", "[02]", "#02"): evidence for this episode, never against it. */
  weak?: true;
}

// Scene tags: S01E02, s1e2, S01 E02, S01.E02, S01E01E02, S01E01-E02, S01E01-02; year seasons (S2024E05).
// A further episode needs its "E" or a dash: "S01E09 10-bit" and "S01E02.5.1" are one episode.
const SEASON_EPISODE =
  /(?<![a-z0-9])s(\d{1,4})[ ._-]?e(\d{1,4})((?:(?:[ ._-]?e|[ ._]?-[ ._]?e?)\d{1,4}(?![\da-z]))*)/i;
// 1x02 and 1x02x03, without matching a 1920x1080 resolution.
const CROSS = /(?<![\dx])(\d{1,2})x(\d{2,3})((?:x\d{2,3})*)(?![\dp])/i;
const SEASON_WORD_EPISODE = /season[ ._-]*(\d{1,2})[ ._-]*episode[ ._-]*(\d{1,4})(?!\d)/i;
const EPISODE_WORD = /(?<![a-z])ep(?:isode)?[ ._-]*(\d{1,4})(?!\d)/i;
const BARE_E = /(?<![a-z0-9])e(\d{1,4})(?![\dp])/i;
// Anime releases: "[Group] Title - 02 [1080p]", "Title - 02v2", "Title - 02.ass", "[Group]_Title_-_02_[720p]".
const ANIME_DASH = /[\s_]-[\s_](\d{1,4})(?:v\d)?(?=$|[\s[(._])/g;
// Japanese, Chinese and Korean numbering: "第02話", "第2集", "2화".
const CJK_EPISODE = /(?:第\s*(\d{1,4})\s*[話话集回])|(?:(?<!\d)(\d{1,4})\s*화)/;
const NUMBER_SIGN = /#\s?(\d{1,4})(?!\d)/;
const BRACKETED = /\[(\d{2,3})(?:v\d)?\]/;
// "Title 02", "Title_12", "Title.02.ja": a number of two digits or more ending the name, before tags in brackets.
const TRAILING_GROUPS = /(?:[\s_]*(?:\[[^\]]*\]|\([^)]*\)))+$/;
const TRAILING_LANGUAGE = /\.[a-z]{2,3}$/i;
const TRAILING_NUMBER = /(?:^|(?<!\d)[\s_.-])(\d{2,4})(?:v\d)?$/;
const SEASON_FOLDER = /(?:^|\/)(?:season[ ._-]*|s)(\d{1,4})(?=\/|$|[ ._-])/i;

export function parseEpisodeTag(path: string): EpisodeTag | null {
  const segments = path.split("/");
  // NFKC: full-width digits ("第０２話") become ASCII ones.
  const stem = (segments.pop() ?? "").normalize("NFKC").replace(/\.[a-z0-9]{2,4}$/i, "");
  const tag = parseStem(stem);
  if (tag === null || tag.season !== null) return tag;
  const folder = SEASON_FOLDER.exec(segments.join("/"));
  return { ...tag, season: folder ? Number(folder[1]) : null };
}

function parseStem(stem: string): EpisodeTag | null {
  const scene = SEASON_EPISODE.exec(stem);
  if (scene) return { season: Number(scene[1]), episodes: episodeList(Number(scene[2]), scene[3] ?? "") };
  const cross = CROSS.exec(stem);
  if (cross) return { season: Number(cross[1]), episodes: episodeList(Number(cross[2]), cross[3] ?? "") };
  const worded = SEASON_WORD_EPISODE.exec(stem);
  if (worded) return { season: Number(worded[1]), episodes: [Number(worded[2])] };
  const episodeWord = EPISODE_WORD.exec(stem) ?? BARE_E.exec(stem);
  if (episodeWord) return { season: null, episodes: [Number(episodeWord[1])] };
  const anime = [...stem.matchAll(ANIME_DASH)].at(-1);
  if (anime) return { season: null, episodes: [Number(anime[1])] };
  const cjk = CJK_EPISODE.exec(stem);
  if (cjk) return { season: null, episodes: [Number(cjk[1] ?? cjk[2])] };
  const bare =
    NUMBER_SIGN.exec(stem) ??
    BRACKETED.exec(stem) ??
    TRAILING_NUMBER.exec(stem.replace(TRAILING_GROUPS, "").replace(TRAILING_LANGUAGE, ""));
  if (bare) return { season: null, episodes: [Number(bare[1])], weak: true };
  return null;
}

/**
 * "E01E02" lists both; "E01-E03" and "E01-03" are ranges. A bare number after a dash that cannot
 * end a range ("S01E05-2019") is not an episode, and nothing after it is read.
 */
function episodeList(first: number, rest: string): number[] {
  const episodes = [first];
  for (const part of rest.matchAll(/([ ._-]*)(e?)(\d{1,4})/gi)) {
    const episode = Number(part[3]);
    const previous = episodes.at(-1) ?? first;
    const range = (part[1] ?? "").includes("-") && episode > previous && episode - previous <= 50;
    if (range) {
      for (let next = previous + 1; next <= episode; next++) episodes.push(next);
    } else if (part[2] === "") break;
    else if (episode !== previous) episodes.push(episode);
  }
  return episodes;
}
