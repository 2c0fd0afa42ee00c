/** Season and episodes a subtitle's name claims; null season when the name gives none (anime, "E02"). */
export interface EpisodeTag {
  season: number | null;
  episodes: number[];
}

// Scene tags: S01E02, s1e2, S01 E02, S01.E02, S01E01E02, S01E01-E02, S01E01-02.
const SEASON_EPISODE = /(?<![a-z0-9])s(\d{1,2})[ ._-]?e(\d{1,4})((?:[ ._-]?-?[ ._-]?e?\d{1,4}(?![\da-z]))*)/i;
// 1x02 and 1x02x03, without matching a 1920x1080 resolution.
const CROSS = /(?<![\dx])(\d{1,2})x(\d{2,3})((?:x\d{2,3})*)(?![\dp])/i;
const SEASON_WORD_EPISODE = /season[ ._-]*(\d{1,2})[ ._-]*episode[ ._-]*(\d{1,4})(?!\d)/i;
const EPISODE_WORD = /(?<![a-z])ep(?:isode)?[ ._-]*(\d{1,4})(?!\d)/i;
const BARE_E = /(?<![a-z0-9])e(\d{1,4})(?![\dp])/i;
// Anime releases: "[Group] Title - 02 [1080p]", "Title - 02v2", "Title - 02.ass".
const ANIME_DASH = /\s-\s(\d{1,4})(?:v\d)?(?=$|[\s[(._])/g;
const SEASON_FOLDER = /(?:^|\/)(?:season[ ._-]*|s)(\d{1,2})(?=\/|$|[ ._-])/i;

export function parseEpisodeTag(path: string): EpisodeTag | null {
  const segments = path.split("/");
  const stem = (segments.pop() ?? "").replace(/\.[a-z0-9]{2,4}$/i, "");
  const tag = parseStem(stem);
  if (tag === null || tag.season !== null) return tag;
  const folder = SEASON_FOLDER.exec(segments.join("/"));
  return { season: folder ? Number(folder[1]) : null, episodes: tag.episodes };
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
  return null;
}

/** "E01E02" lists both; "E01-E03" and "E01-03" are ranges. */
function episodeList(first: number, rest: string): number[] {
  const episodes = [first];
  for (const part of rest.matchAll(/(-)?[ ._]?-?[ ._]?e?(\d{1,4})/gi)) {
    const episode = Number(part[2]);
    const previous = episodes.at(-1) ?? first;
    if (part[1] && episode > previous && episode - previous <= 50) {
      for (let next = previous + 1; next <= episode; next++) episodes.push(next);
    } else if (episode !== previous) episodes.push(episode);
  }
  return episodes;
}
