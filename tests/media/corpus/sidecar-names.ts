/**
 * Real-world subtitle names with ground truth, one row per case. `video` is the video's path
 * relative to its folder; `subtitle` the subtitle's; `others` any more files in the tree.
 * `expected` null: the file must NOT be counted as a subtitle of `video`.
 *
 * Sources of the conventions:
 * - sonarr: Sonarr v4 / Radarr v5 extra-file names `<base>[.<title>].<lang>[.<tags>]`, tags
 *   forced|foreign|default|cc|psdh|sdh (NzbDrone.Core.Parser.LanguageParser, SubtitleLanguageTitleRegex)
 * - jellyfin: Jellyfin 10.9 external files, flags default|forced|foreign|sdh|cc|hi in any order,
 *   unrecognised tokens are the title (Emby.Naming ExternalPathParser)
 * - plex: Plex "Adding Local Subtitles" `Movie.en.sdh.srt`, `Movie.en.forced.srt`, `Movie.eng.srt`
 * - kodi: Kodi wiki "Subtitles" `Movie.English.srt`, `Movie.English.forced.srt`
 * - emby: Emby wiki "Subtitles" `Movie.spa.srt`, `Movie.spanish.srt`
 * - bazarr: subliminal/Bazarr `Movie.pt-BR.srt`, `Movie.en.hi.srt`, `Movie.en.forced.srt`, `zh-TW`
 * - release: release groups' `Subs/` folders (RARBG/YTS/web packs): `2_English.srt`,
 *   `3_English_SDH.srt`, `Subs/<video base>/21_Eng.srt`, `English (SDH).srt`, `fr-cc.srt`
 */
export interface SidecarCase {
  video: string;
  subtitle: string;
  others?: string[];
  expected: { language: string | null; forced?: boolean; hi?: boolean } | null;
  source: string;
}

const tv = "Show.S01E01.1080p.WEB.h264-GRP";
const sonarrTv = "Show Title (2019) - S01E01 - Pilot [WEBDL-1080p][EAC3 5.1][h264]-GRP";
const movie = "Movie Title (2010) Bluray-1080p";

export const SIDECAR_CASES: SidecarCase[] = [
  // Sonarr / Radarr
  {
    video: `${sonarrTv}.mkv`,
    subtitle: `${sonarrTv}.en.srt`,
    expected: { language: "en" },
    source: "sonarr",
  },
  {
    video: `${sonarrTv}.mkv`,
    subtitle: `${sonarrTv}.en.forced.srt`,
    expected: { language: "en", forced: true },
    source: "sonarr",
  },
  {
    video: `${sonarrTv}.mkv`,
    subtitle: `${sonarrTv}.en.sdh.srt`,
    expected: { language: "en", hi: true },
    source: "sonarr",
  },
  {
    video: `${sonarrTv}.mkv`,
    subtitle: `${sonarrTv}.en.cc.srt`,
    expected: { language: "en", hi: true },
    source: "sonarr",
  },
  {
    video: `${sonarrTv}.mkv`,
    subtitle: `${sonarrTv}.en.psdh.srt`,
    expected: { language: "en", hi: true },
    source: "sonarr",
  },
  {
    video: `${sonarrTv}.mkv`,
    subtitle: `${sonarrTv}.Commentary.en.srt`,
    expected: { language: "en" },
    source: "sonarr",
  },
  {
    video: `${sonarrTv}.mkv`,
    subtitle: `${sonarrTv}.Signs & Songs.en.forced.ass`,
    expected: { language: "en", forced: true },
    source: "sonarr",
  },
  {
    video: `${sonarrTv}.mkv`,
    subtitle: `${sonarrTv}.Full.en.srt`,
    expected: { language: "en" },
    source: "sonarr",
  },
  {
    video: `${sonarrTv}.mkv`,
    subtitle: `${sonarrTv}.1.en.srt`,
    expected: { language: "en" },
    source: "sonarr",
  },
  {
    video: `${sonarrTv}.mkv`,
    subtitle: `${sonarrTv}.Director's Commentary - 2.en.srt`,
    expected: { language: "en" },
    source: "sonarr",
  },
  {
    video: `${sonarrTv}.mkv`,
    subtitle: `${sonarrTv}.en.Commentary.srt`,
    expected: { language: "en" },
    source: "sonarr",
  },
  {
    video: `${sonarrTv}.mkv`,
    subtitle: `${sonarrTv}.SDH.en.sdh.srt`,
    expected: { language: "en", hi: true },
    source: "sonarr",
  },
  {
    video: `${sonarrTv}.mkv`,
    subtitle: `${sonarrTv}.Dialogue.fr.default.ass`,
    expected: { language: "fr" },
    source: "sonarr",
  },
  {
    video: `${movie}.mkv`,
    subtitle: `${movie}.de.foreign.srt`,
    expected: { language: "de", forced: true },
    source: "sonarr",
  },
  {
    video: `${movie}.mkv`,
    subtitle: `${movie}.Forced Narrative.en.forced.srt`,
    expected: { language: "en", forced: true },
    source: "sonarr",
  },
  { video: `${movie}.mkv`, subtitle: `${movie}.pt.srt`, expected: { language: "pt" }, source: "sonarr" },
  {
    video: `${movie}.mkv`,
    subtitle: `${movie}.Netflix.es.srt`,
    expected: { language: "es" },
    source: "sonarr",
  },
  {
    video: `${movie}.mkv`,
    subtitle: `${movie}.Latin American.es.srt`,
    expected: { language: "es" },
    source: "sonarr",
  },
  // Jellyfin
  {
    video: `${movie}.mkv`,
    subtitle: `${movie}.en.default.forced.srt`,
    expected: { language: "en", forced: true },
    source: "jellyfin",
  },
  {
    video: `${movie}.mkv`,
    subtitle: `${movie}.en.forced.default.srt`,
    expected: { language: "en", forced: true },
    source: "jellyfin",
  },
  {
    video: `${movie}.mkv`,
    subtitle: `${movie}.default.en.srt`,
    expected: { language: "en" },
    source: "jellyfin",
  },
  {
    video: `${movie}.mkv`,
    subtitle: `${movie}.en.hi.srt`,
    expected: { language: "en", hi: true },
    source: "jellyfin",
  },
  {
    video: `${movie}.mkv`,
    subtitle: `${movie}.en.sdh.forced.srt`,
    expected: { language: "en", forced: true, hi: true },
    source: "jellyfin",
  },
  {
    video: `${movie}.mkv`,
    subtitle: `${movie}.My Title.en.srt`,
    expected: { language: "en" },
    source: "jellyfin",
  },
  {
    video: `${movie}.mkv`,
    subtitle: `${movie}.Some Title.de.cc.srt`,
    expected: { language: "de", hi: true },
    source: "jellyfin",
  },
  {
    video: `${movie}.mkv`,
    subtitle: `${movie}.en.foreign.srt`,
    expected: { language: "en", forced: true },
    source: "jellyfin",
  },
  {
    video: `${movie}.mkv`,
    subtitle: `${movie}.Title.eng.default.srt`,
    expected: { language: "en" },
    source: "jellyfin",
  },
  {
    video: `${movie}.mkv`,
    subtitle: `${movie}.ja.default.ass`,
    expected: { language: "ja" },
    source: "jellyfin",
  },
  {
    video: `${movie}.mkv`,
    subtitle: `${movie}.zh-Hant.forced.ass`,
    expected: { language: "zh-Hant", forced: true },
    source: "jellyfin",
  },
  // Plex
  {
    video: `${movie}.mkv`,
    subtitle: `${movie}.eng.sdh.srt`,
    expected: { language: "en", hi: true },
    source: "plex",
  },
  {
    video: `${movie}.mkv`,
    subtitle: `${movie}.en.forced.srt`,
    expected: { language: "en", forced: true },
    source: "plex",
  },
  { video: `${movie}.mkv`, subtitle: `${movie}.eng.srt`, expected: { language: "en" }, source: "plex" },
  { video: `${movie}.mkv`, subtitle: `${movie}.fre.srt`, expected: { language: "fr" }, source: "plex" },
  { video: `${movie}.mkv`, subtitle: `${movie}.ru.srt`, expected: { language: "ru" }, source: "plex" },
  // Kodi / Emby: language names, also in the language itself
  { video: `${movie}.mkv`, subtitle: `${movie}.English.srt`, expected: { language: "en" }, source: "kodi" },
  {
    video: `${movie}.mkv`,
    subtitle: `${movie}.English.forced.srt`,
    expected: { language: "en", forced: true },
    source: "kodi",
  },
  {
    video: `${movie}.mkv`,
    subtitle: `${movie}.English.Forced.srt`,
    expected: { language: "en", forced: true },
    source: "kodi",
  },
  { video: `${movie}.mkv`, subtitle: `${movie}.Spanish.srt`, expected: { language: "es" }, source: "emby" },
  { video: `${movie}.mkv`, subtitle: `${movie}.spa.srt`, expected: { language: "es" }, source: "emby" },
  { video: `${movie}.mkv`, subtitle: `${movie}.Français.srt`, expected: { language: "fr" }, source: "kodi" },
  { video: `${movie}.mkv`, subtitle: `${movie}.Deutsch.srt`, expected: { language: "de" }, source: "kodi" },
  { video: `${movie}.mkv`, subtitle: `${movie}.Español.srt`, expected: { language: "es" }, source: "kodi" },
  {
    video: `${movie}.mkv`,
    subtitle: `${movie}.Italiano.forced.srt`,
    expected: { language: "it", forced: true },
    source: "kodi",
  },
  {
    video: `${movie}.mkv`,
    subtitle: `${movie}.Português (Brasil).srt`,
    expected: { language: "pt-BR" },
    source: "kodi",
  },
  {
    video: `${movie}.mkv`,
    subtitle: `${movie}.Portuguese (Brazil).srt`,
    expected: { language: "pt-BR" },
    source: "kodi",
  },
  {
    video: `${movie}.mkv`,
    subtitle: `${movie}.Nederlands.srt`,
    expected: { language: "nl" },
    source: "kodi",
  },
  { video: `${movie}.mkv`, subtitle: `${movie}.Русский.srt`, expected: { language: "ru" }, source: "kodi" },
  { video: `${movie}.mkv`, subtitle: `${movie}.日本語.srt`, expected: { language: "ja" }, source: "kodi" },
  {
    video: `${movie}.mkv`,
    subtitle: `${movie}.Chinese (Traditional).srt`,
    expected: { language: "zh-Hant" },
    source: "kodi",
  },
  {
    video: `${movie}.mkv`,
    subtitle: `${movie}.Spanish (Latin America).srt`,
    expected: { language: "es-419" },
    source: "kodi",
  },
  {
    video: `${movie}.mkv`,
    subtitle: `${movie}.Norwegian Bokmål.srt`,
    expected: { language: "nb" },
    source: "kodi",
  },
  {
    video: `${movie}.mkv`,
    subtitle: `${movie}.Svenska.sdh.srt`,
    expected: { language: "sv", hi: true },
    source: "kodi",
  },
  { video: `${movie}.mkv`, subtitle: `${movie}.Polski.srt`, expected: { language: "pl" }, source: "kodi" },
  { video: `${movie}.mkv`, subtitle: `${movie}.Türkçe.srt`, expected: { language: "tr" }, source: "kodi" },
  // Multi-word language names split by dots, regions by CLDR name, Spanish/Chinese variants
  {
    video: `${movie}.mkv`,
    subtitle: `${movie}.Chinese.Simplified.srt`,
    expected: { language: "zh-Hans" },
    source: "kodi",
  },
  {
    video: `${movie}.mkv`,
    subtitle: `${movie}.Portuguese.Brazil.forced.srt`,
    expected: { language: "pt-BR", forced: true },
    source: "kodi",
  },
  {
    video: `${movie}.mkv`,
    subtitle: `${movie}.pt.pt-BR.srt`,
    expected: { language: "pt-BR" },
    source: "sonarr",
  },
  {
    video: `${movie}.mkv`,
    subtitle: `${movie}.Chinese (Hong Kong).srt`,
    expected: { language: "zh-HK" },
    source: "kodi",
  },
  {
    video: `${movie}.mkv`,
    subtitle: `${movie}.English (United States).sdh.srt`,
    expected: { language: "en-US", hi: true },
    source: "kodi",
  },
  { video: `${movie}.mkv`, subtitle: `${movie}.yue.srt`, expected: { language: "yue" }, source: "bazarr" },
  {
    video: `${movie}.mkv`,
    subtitle: `${movie}.Latino.srt`,
    expected: { language: "es-419" },
    source: "kodi",
  },
  {
    video: `${movie}.mkv`,
    subtitle: `${movie}.Castellano.forced.srt`,
    expected: { language: "es-ES", forced: true },
    source: "kodi",
  },
  {
    video: `${movie}.mkv`,
    subtitle: `${movie}.English.Commentary.srt`,
    expected: { language: "en" },
    source: "sonarr",
  },
  {
    video: `${movie}.mp4`,
    subtitle: "Subs/French (Canadian).srt",
    expected: { language: "fr-CA" },
    source: "release",
  },
  {
    video: `${movie}.mp4`,
    subtitle: "Subs/English (US).srt",
    expected: { language: "en-US" },
    source: "release",
  },
  {
    video: `${movie}.mp4`,
    subtitle: "Subs/Spanish (Spain).srt",
    expected: { language: "es-ES" },
    source: "release",
  },
  // subliminal / Bazarr
  { video: `${tv}.mkv`, subtitle: `${tv}.pt-BR.srt`, expected: { language: "pt-BR" }, source: "bazarr" },
  {
    video: `${tv}.mkv`,
    subtitle: `${tv}.en.hi.srt`,
    expected: { language: "en", hi: true },
    source: "bazarr",
  },
  {
    video: `${tv}.mkv`,
    subtitle: `${tv}.en.forced.srt`,
    expected: { language: "en", forced: true },
    source: "bazarr",
  },
  { video: `${tv}.mkv`, subtitle: `${tv}.zh-TW.srt`, expected: { language: "zh-TW" }, source: "bazarr" },
  { video: `${tv}.mkv`, subtitle: `${tv}.sr-Cyrl.srt`, expected: { language: "sr-Cyrl" }, source: "bazarr" },
  { video: `${tv}.mkv`, subtitle: `${tv}.hi.srt`, expected: { language: "hi" }, source: "bazarr" },
  { video: `${tv}.mkv`, subtitle: `${tv}.es-MX.srt`, expected: { language: "es-MX" }, source: "bazarr" },
  { video: `${tv}.mkv`, subtitle: `${tv}.zt.srt`, expected: { language: "zh-Hant" }, source: "bazarr" },
  {
    video: `${tv}.mkv`,
    subtitle: `${tv}.ea.hi.srt`,
    expected: { language: "es-419", hi: true },
    source: "bazarr",
  },
  {
    video: `${tv}.mkv`,
    subtitle: `${tv}.pb.forced.srt`,
    expected: { language: "pt-BR", forced: true },
    source: "bazarr",
  },
  // Release groups: Subs/ folders (single video)
  { video: `${movie}.mp4`, subtitle: "Subs/2_English.srt", expected: { language: "en" }, source: "release" },
  {
    video: `${movie}.mp4`,
    subtitle: "Subs/English_forced.srt",
    expected: { language: "en", forced: true },
    source: "release",
  },
  {
    video: `${movie}.mp4`,
    subtitle: "Subs/eng-SDH.srt",
    expected: { language: "en", hi: true },
    source: "release",
  },
  {
    video: `${movie}.mp4`,
    subtitle: "Subs/English (SDH).srt",
    expected: { language: "en", hi: true },
    source: "release",
  },
  {
    video: `${movie}.mp4`,
    subtitle: "Subs/fr-cc.srt",
    expected: { language: "fr", hi: true },
    source: "release",
  },
  {
    video: `${movie}.mp4`,
    subtitle: "Subs/3_English_SDH.srt",
    expected: { language: "en", hi: true },
    source: "release",
  },
  {
    video: `${movie}.mp4`,
    subtitle: "Subs/4_Spanish (Latin America).srt",
    expected: { language: "es-419" },
    source: "release",
  },
  {
    video: `${movie}.mp4`,
    subtitle: "Subs/12_Portuguese (Brazil).srt",
    expected: { language: "pt-BR" },
    source: "release",
  },
  {
    video: `${movie}.mp4`,
    subtitle: "Subs/27_Chinese (Simplified).srt",
    expected: { language: "zh-Hans" },
    source: "release",
  },
  {
    video: `${movie}.mp4`,
    subtitle: "Subs/English [Forced].srt",
    expected: { language: "en", forced: true },
    source: "release",
  },
  {
    video: `${movie}.mp4`,
    subtitle: "Subs/English - SDH.srt",
    expected: { language: "en", hi: true },
    source: "release",
  },
  { video: `${movie}.mp4`, subtitle: "Subs/5 - French.srt", expected: { language: "fr" }, source: "release" },
  {
    video: `${movie}.mp4`,
    subtitle: "Subs/English.SDH.srt",
    expected: { language: "en", hi: true },
    source: "release",
  },
  { video: `${movie}.mp4`, subtitle: "Subs/en.srt", expected: { language: "en" }, source: "release" },
  {
    video: `${movie}.mp4`,
    subtitle: "Subs/Movie Title 2010 English.srt",
    expected: { language: "en" },
    source: "release",
  },
  {
    video: `${movie}.mp4`,
    subtitle: "Subs/Movie_Title_2010_German_Forced.srt",
    expected: { language: "de", forced: true },
    source: "release",
  },
  { video: `${movie}.mp4`, subtitle: "Subs/Français.srt", expected: { language: "fr" }, source: "release" },
  { video: `${movie}.mp4`, subtitle: "Subs/2_Eng.srt", expected: { language: "en" }, source: "release" },
  {
    video: `${movie}.mp4`,
    subtitle: "Subtitles/English (Forced).srt",
    expected: { language: "en", forced: true },
    source: "release",
  },
  { video: `${movie}.mp4`, subtitle: "Subs/English 2.srt", expected: { language: "en" }, source: "release" },
  {
    video: `${movie}.mp4`,
    subtitle: "Subs/eng_sdh_2.srt",
    expected: { language: "en", hi: true },
    source: "release",
  },
  {
    video: `${movie}.mp4`,
    subtitle: "Subs/Movie 2.srt",
    expected: { language: null },
    source: "no language",
  },
  // Release groups: per-episode Subs/<video base>/ folders (season packs)
  {
    video: `${tv}.mkv`,
    subtitle: `Subs/${tv}/2_English.srt`,
    others: ["Show.S01E02.1080p.WEB.h264-GRP.mkv"],
    expected: { language: "en" },
    source: "release",
  },
  {
    video: `${tv}.mkv`,
    subtitle: `Subs/${tv}/21_Eng_SDH.srt`,
    others: ["Show.S01E02.1080p.WEB.h264-GRP.mkv"],
    expected: { language: "en", hi: true },
    source: "release",
  },
  {
    video: `${tv}.mkv`,
    subtitle: `Subs/${tv}/English (Forced).srt`,
    others: ["Show.S01E02.1080p.WEB.h264-GRP.mkv"],
    expected: { language: "en", forced: true },
    source: "release",
  },
  {
    video: `${tv}.mkv`,
    subtitle: `Subs/${tv}/33_Português (Brasil).srt`,
    others: ["Show.S01E02.1080p.WEB.h264-GRP.mkv"],
    expected: { language: "pt-BR" },
    source: "release",
  },
  {
    video: `${tv}.mkv`,
    subtitle: `Subs/${tv.toLowerCase()}/4_French.srt`,
    expected: { language: "fr" },
    source: "release",
  },

  // Not this video's subtitles
  {
    video: "Movie.mkv",
    subtitle: "Movie.Part2.en.srt",
    others: ["Movie.Part2.mkv"],
    expected: null,
    source: "other video",
  },
  { video: "Movie.mkv", subtitle: "Movie.Part2.en.srt", expected: null, source: "other part" },
  { video: "Movie.mkv", subtitle: "Movie.cd2.en.srt", expected: null, source: "other part" },
  { video: "Movie.mkv", subtitle: "Movie.1080p.en.srt", expected: null, source: "other release" },
  {
    video: "Movie.mkv",
    subtitle: "Movie.Extended.en.srt",
    others: ["Movie.Extended.mkv"],
    expected: null,
    source: "other video",
  },
  {
    video: "Show.S01E01.mkv",
    subtitle: "Show.S01E01.S01E02.en.srt",
    expected: null,
    source: "other episode",
  },
  { video: "Show.mkv", subtitle: "Show.S01E02.en.srt", expected: null, source: "other episode" },
  { video: "Show.mkv", subtitle: "Show.1x02.en.srt", expected: null, source: "other episode" },
  { video: "Movie.mkv", subtitle: "Movie-en.srt", expected: null, source: "other video" },
  { video: "Movie.mkv", subtitle: "Movie 2.en.srt", expected: null, source: "other video" },
  { video: "Movie.mkv", subtitle: "Movie.en.de.srt", expected: null, source: "two languages" },
  { video: "Movie.mkv", subtitle: "Movie.Commentary.srt", expected: null, source: "title, no language" },
  {
    video: "Movie.mkv",
    subtitle: "Movie.English.Commentary.German.srt",
    expected: null,
    source: "two languages",
  },
  {
    video: `${tv}.mkv`,
    subtitle: "Subs/2_English.srt",
    others: ["Show.S01E02.1080p.WEB.h264-GRP.mkv"],
    expected: null,
    source: "shared Subs/",
  },
  {
    video: `${tv}.mkv`,
    subtitle: "Subs/Show.S01E02.1080p.WEB.h264-GRP.English.srt",
    expected: null,
    source: "other episode in Subs/",
  },
  {
    video: `${tv}.mkv`,
    subtitle: "Subs/Show.S01E02.English.srt",
    expected: null,
    source: "other episode in Subs/",
  },
  {
    video: `${tv}.mkv`,
    subtitle: "Subs/Show.S01E02.1080p.WEB.h264-GRP/2_English.srt",
    expected: null,
    source: "other episode's Subs/ folder",
  },
  // A word that merely contains a code, or a code inside a title, is not a language.
  { video: `${movie}.mp4`, subtitle: "Subs/Notes.srt", expected: { language: null }, source: "no language" },
  {
    video: `${movie}.mp4`,
    subtitle: "Subs/Episode - To Be.srt",
    expected: { language: null },
    source: "word, not a code",
  },
  {
    video: `${movie}.mp4`,
    subtitle: "Subs/Movie Title - It.srt",
    expected: { language: null },
    source: "word, not a code",
  },
  {
    video: `${movie}.mp4`,
    subtitle: "Subs/Ending.srt",
    expected: { language: null },
    source: "word containing a code",
  },
  {
    video: `${movie}.mp4`,
    subtitle: "Subs/Engl1sh.srt",
    expected: { language: null },
    source: "word containing a code",
  },
];
