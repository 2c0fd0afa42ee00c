import { expect, test } from "bun:test";
import type { SidecarFinder } from "../../src/media/sidecars.ts";
import { createSeriesStamper } from "../../src/wanted/series-stamper.ts";
import type { SeriesStamp } from "../../src/wanted/store/index.ts";

// The chain of a series' change count over a scan's own batches: a stamp is left only where no other
// change came in between.
function fakes(gens: Record<number, number>, refuse: string[] = []) {
  const left: { seriesId: number; gen: number }[] = [];
  const store = {
    seriesStamp: (_instance: string, seriesId: number) => ({ gen: gens[seriesId] ?? -1, stamp: null }),
    stampSeries: (stamps: readonly { seriesId: number; gen: number; stamp: SeriesStamp }[]) => {
      left.push(...stamps.map(({ seriesId, gen }) => ({ seriesId, gen })));
      return stamps.length;
    },
  };
  const finder = {
    folderStamps: (paths: Iterable<string>) =>
      [...paths].some((p) => refuse.includes(p)) ? null : { "/tv/x": "stamp" },
  } as unknown as SidecarFinder;
  return { stamper: createSeriesStamper(store, finder), left };
}

const stamp = { files: 1, size: 1, facts: "[]", profile: "p" };
const span = (seriesId: number, before: number, after: number) => ({
  instance: "main",
  seriesId,
  before,
  after,
});

test("a series' count is carried over the scan's own batches, and the stamp left at the last", () => {
  const { stamper, left } = fakes({ 1: 4, 2: 7 });
  stamper.begin("main", 1);
  stamper.begin("main", 2);
  stamper.written([span(1, 4, 6), span(9, 0, 1)]); // series 9 was never begun: ignored
  stamper.written([span(1, 6, 8)]);
  stamper.propose("main", 1, stamp, ["/tv/x/a.mkv"]);
  stamper.propose("main", 2, stamp, ["/tv/x/b.mkv"]);
  expect(stamper.finish()).toBe(2);
  expect(left).toEqual([
    { seriesId: 1, gen: 8 },
    { seriesId: 2, gen: 7 },
  ]);
});

test("a batch that finds the count moved by something else ends the chain for good", () => {
  const { stamper, left } = fakes({ 1: 4 });
  stamper.begin("main", 1);
  stamper.written([span(1, 5, 7)]); // a download changed the series before this batch
  stamper.written([span(1, 7, 9)]);
  stamper.propose("main", 1, stamp, ["/tv/x/a.mkv"]);
  expect(stamper.finish()).toBe(0);
  expect(left).toEqual([]);
});

test("no stamp is proposed when the folders cannot be vouched for, and finish starts afresh", () => {
  const { stamper, left } = fakes({ 1: 4 }, ["/tv/linked/a.mkv"]);
  stamper.begin("main", 1);
  stamper.propose("main", 1, stamp, ["/tv/linked/a.mkv"]);
  expect(stamper.finish()).toBe(0);
  // A proposal after finish without a new begin has no chain: nothing is left.
  stamper.propose("main", 1, stamp, ["/tv/x/a.mkv"]);
  expect(stamper.finish()).toBe(0);
  expect(left).toEqual([]);
});
