/** The text fixes a profile can ask for after a download, by the names the fix API uses. */
export const SUBTITLE_FIX_NAMES = ["removeHearingImpaired", "removeTags", "fixOcr"] as const;

export type SubtitleFixName = (typeof SUBTITLE_FIX_NAMES)[number];
