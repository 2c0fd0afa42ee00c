import { basename, dirname, resolve } from "node:path";
import { toIso6391, toIso6392T, toIso6393 } from "../media/languages.ts";
import { ownNameEndings } from "../subtitles/save.ts";
import type { SavedSubtitle } from "../wanted/history-store.ts";
import type { PlaceholderValues } from "./placeholders.ts";

/** Where a save came from when no provider scored it: an upload, an embedded stream, Whisper. */
const UNSCORED_PROVIDERS: ReadonlySet<string> = new Set(["upload", "embedded", "whisper"]);

/** Whether a provider scored this subtitle (so `onlyBelowScore` can judge it). */
export const providerScored = (saved: Pick<SavedSubtitle, "provider">) =>
  !UNSCORED_PROVIDERS.has(saved.provider);

/**
 * full, hi or forced, as the file is named (`subtitles/save.ts`: `<video>.<lang>[.forced|.hi|.sdh|.cc].<ext>`,
 * `en` or `eng` under any `naming`). The history keeps hearing-impaired only in the name; the language
 * comes first, so Hindi (`hi`) is not mistaken for it.
 */
function variantOf(saved: Pick<SavedSubtitle, "variant" | "path" | "language" | "format">): string {
  if (saved.variant === "forced") return "forced";
  const name = basename(saved.path);
  return ownNameEndings(saved.language, saved.format).some(
    ({ ending, hearingImpaired }) => hearingImpaired && name.endsWith(ending),
  )
    ? "hi"
    : "full";
}

/** The placeholder values of a recorded save; `video` is empty when the video could not be told. */
export function placeholderValues(saved: SavedSubtitle, videoPath: string | null): PlaceholderValues {
  const subtitles = resolve(saved.path);
  const base = saved.language.split("-")[0]!;
  const movie = saved.season === null && saved.episodes.length === 0;
  return {
    subtitles,
    video: videoPath ?? "",
    // The subtitle's folder: the video's, or the subtitle folder beside it (`naming.folder`).
    directory: dirname(subtitles),
    language: saved.language,
    language_code2: toIso6391(saved.language) ?? base,
    language_code3: toIso6392T(saved.language) ?? toIso6393(saved.language) ?? base,
    variant: variantOf(saved),
    provider: saved.provider,
    score: String(saved.score),
    title: saved.title,
    season: movie || saved.season === null ? "" : String(saved.season),
    episode: movie ? "" : saved.episodes.join(","),
    action: saved.action,
  };
}
