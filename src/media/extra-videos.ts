/**
 * Extras by name, as Jellyfin (Emby.Naming VideoExtraRules) and Plex read them: `trailer`,
 * `sample`, a `-trailer`/`.trailer`/`_trailer` or `-sample`/`.sample`/`_sample` suffix, and the
 * dash suffixes `-clip`, `-scene`, `-deleted(scene)`, `-featurette`, …. Jellyfin's space forms
 * (" trailer") are left out: they are episode titles too ("S01E01 - The Trailer").
 */
const EXTRA_STEM =
  /^(?:sample|trailer)$|[-._](?:sample|trailer)$|-(?:featurette|behindthescenes|deleted|deletedscene|interview|scene|clip|short|extra|theme|other)$/i;

/** Whether a video's name (without extension) marks it as an extra: a trailer, sample, featurette, …. */
export function isExtraVideoStem(stem: string): boolean {
  return EXTRA_STEM.test(stem);
}
