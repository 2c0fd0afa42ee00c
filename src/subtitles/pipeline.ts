import type { DownloadedFile } from "../providers/types.ts";
import { decodeSubtitle } from "./encoding.ts";
import { extractSubtitles } from "./extract.ts";
import { rankByLanguage, rankForEpisode } from "./pick.ts";
import {
  DEFAULT_EXTRACT_LIMITS,
  ExtractError,
  type ExtractLimits,
  type SubtitleFile,
  type SubtitleFormat,
} from "./types.ts";
import { validateSubtitle } from "./validate.ts";

export interface SubtitleWanted {
  season: number | null;
  /** [] for movies. */
  episodes: number[];
  language: string;
  /** Acceptable formats, preferred first; undefined accepts every format. */
  formats?: SubtitleFormat[];
  /** A forced subtitle is wanted; otherwise a pack's forced members are tried last. */
  forced?: boolean;
  /** Sonarr's absolute episode numbers (anime), for packs numbered so. */
  absoluteEpisodes?: number[];
}

export type PreparedSubtitle =
  | { ok: true; text: string; format: SubtitleFormat; encoding: string; member: string }
  | { ok: false; reason: string };

/**
 * From a provider's download to validated text: unpack, choose the member for the wanted episode,
 * decode, validate. When the best member is unusable (a bitmap .sub beside an .srt, say) the next
 * one for the same episode is tried; a member for another episode never is. Runs on the calling
 * thread: the server goes through `prepare-off-thread.ts`.
 */
export async function prepareSubtitle(
  file: DownloadedFile,
  want: SubtitleWanted,
  limits: ExtractLimits = DEFAULT_EXTRACT_LIMITS,
): Promise<PreparedSubtitle> {
  const extracted = await extractSubtitles(file, limits);
  if (extracted instanceof ExtractError)
    return { ok: false, reason: `${extracted.reason}: ${extracted.message}` };
  if (extracted.length === 0) return { ok: false, reason: "no subtitle file in the download" };

  const ordered = byFormatPreference(extracted, want.formats);
  const candidates = want.episodes.length > 0 ? rankForEpisode(ordered, want) : rankByLanguage(ordered, want);
  if (candidates.length === 0) {
    return {
      ok: false,
      reason: `no file for ${episodeLabel(want)} among ${extracted.length} in the download`,
    };
  }

  const rejections: string[] = [];
  for (const member of candidates) {
    const decoded = decodeSubtitle(member.bytes, want.language);
    if (!decoded.ok) {
      rejections.push(`${member.name}: ${decoded.reason}`);
      continue;
    }
    const { text, encoding } = decoded;
    const validation = validateSubtitle(text);
    if (!validation.ok) {
      rejections.push(`${member.name}: ${validation.reason}`);
    } else if (want.formats && !want.formats.includes(validation.format)) {
      rejections.push(`${member.name}: ${validation.format} is not wanted`);
    } else {
      return { ok: true, text, format: validation.format, encoding, member: member.name };
    }
  }
  return { ok: false, reason: rejections.join("; ") };
}

/** Stable: members of the same format keep the archive's order. */
function byFormatPreference(files: SubtitleFile[], formats: SubtitleFormat[] | undefined): SubtitleFile[] {
  if (!formats) return files;
  const rank = (file: SubtitleFile) => {
    const extension = file.name.slice(file.name.lastIndexOf(".") + 1).toLowerCase();
    const index = formats.indexOf(extension as SubtitleFormat);
    return index < 0 ? formats.length : index;
  };
  return [...files].sort((a, b) => rank(a) - rank(b));
}

function episodeLabel(want: SubtitleWanted): string {
  if (want.episodes.length === 0) return `language ${want.language}`;
  const season = want.season === null ? "" : `S${String(want.season).padStart(2, "0")}`;
  return season + want.episodes.map((episode) => `E${String(episode).padStart(2, "0")}`).join("");
}
