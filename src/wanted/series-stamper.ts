import type { SidecarFinder } from "../media/sidecars.ts";
import {
  type SeriesGenSpan,
  type SeriesStamp,
  type SeriesStampRead,
  seriesKey,
  type WantedStore,
} from "./store/index.ts";

/**
 * A scan's stamping of the Sonarr series it found whole (store/series-stamps.ts): each series' change
 * count is read before its stored files, carried over every batch of the scan's own writes that
 * touched it, and a stamp is left at the count reached only if nothing else changed the series in
 * between (a batch that finds the count other than expected ends the chain).
 */
export function createSeriesStamper(
  store: Pick<WantedStore, "seriesStamp" | "stampSeries">,
  finder: SidecarFinder,
) {
  // Per series: the count expected next, or null once something other than this scan changed it.
  const chains = new Map<string, number | null>();
  const proposed: { instance: string; seriesId: number; key: string; stamp: SeriesStamp }[] = [];

  return {
    /** The series' stamp and count, read before its stored files are; the chain starts there. */
    begin(instance: string, seriesId: number): SeriesStampRead {
      const read = store.seriesStamp(instance, seriesId);
      chains.set(seriesKey(instance, seriesId), read.gen);
      return read;
    },
    /** A committed batch's counts (batches come in the order they were committed). */
    written(spans: readonly SeriesGenSpan[]) {
      for (const span of spans) {
        const key = seriesKey(span.instance, span.seriesId);
        const expected = chains.get(key);
        if (expected === undefined) continue;
        chains.set(key, expected !== null && span.before === expected ? span.after : null);
      }
    },
    /**
     * The series was found whole: every file Sonarr counts is stored (or being written) and decided
     * under `stamp.profile`. Kept with the stamps of the folders looked at for `videoPaths`, unless
     * one cannot be vouched for.
     */
    propose(
      instance: string,
      seriesId: number,
      stamp: Omit<SeriesStamp, "folders">,
      videoPaths: readonly string[],
    ) {
      const folders = finder.folderStamps(videoPaths);
      if (folders !== null)
        proposed.push({
          instance,
          seriesId,
          key: seriesKey(instance, seriesId),
          stamp: { ...stamp, folders },
        });
    },
    /** Once every write of the instance is committed: leaves the stamps whose chain held. Returns how many. */
    finish(): number {
      const held = proposed.splice(0).flatMap(({ instance, seriesId, key, stamp }) => {
        const gen = chains.get(key);
        return gen === null || gen === undefined ? [] : [{ instance, seriesId, gen, stamp }];
      });
      chains.clear();
      return store.stampSeries(held);
    },
  };
}
