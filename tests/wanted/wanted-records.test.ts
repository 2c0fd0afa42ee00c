import { afterEach, beforeEach, expect, test } from "bun:test";
import { eq } from "drizzle-orm";
import { type DbHandle, openDatabase } from "../../src/db/client.ts";
import { migrate } from "../../src/db/migrate.ts";
import { mediaFiles, subtitleHistory, wantedItems } from "../../src/db/schema.ts";
import { wantedListRecords, wantedRecord, wantedRecords } from "../../src/wanted/store/index.ts";

let handle: DbHandle;
beforeEach(() => {
  handle = openDatabase({ path: ":memory:" });
  migrate(handle.sqlite);
});
afterEach(() => handle.close());

const now = "2026-11-24T10:00:00.000Z";

function seed() {
  const file = handle.db
    .insert(mediaFiles)
    .values({
      source: "sonarr",
      instance: "main",
      mediaKey: "ep:1",
      kind: "episode",
      arrFileId: 7,
      seriesId: 3,
      title: "Dark",
      season: 1,
      episodesJson: "[2]",
      tvdbId: 121,
      arrPath: "/tv/Dark/S01E02.mkv",
      path: "/media/Dark/S01E02.mkv",
      size: 1234,
      subtitlesJson: '{"sidecars":[]}',
      lastSeenAt: now,
      missingSince: now,
    })
    .returning()
    .get();
  const values = {
    mediaFileId: file.id,
    instance: "main",
    kind: "episode" as const,
    addedAt: now,
    updatedAt: now,
  };
  const [a, b] = handle.db
    .insert(wantedItems)
    .values([
      { ...values, language: "de", variant: "full", upgradeCandidate: true, translateOverride: false },
      { ...values, language: "en", variant: "forced", status: "ignored", whisperOverride: true },
    ])
    .returning()
    .all();
  const history = {
    instance: "main",
    title: "Dark",
    variant: "full",
    candidateId: "c",
    score: 1,
    format: "srt",
  };
  handle.db
    .insert(subtitleHistory)
    .values([
      {
        ...history,
        wantedItemId: a!.id,
        language: "de",
        provider: "p",
        path: "/x.srt",
        sha256: "1",
        action: "downloaded",
        createdAt: now,
      },
      {
        ...history,
        wantedItemId: a!.id,
        language: "de",
        provider: "p",
        path: "/x.srt",
        sha256: "2",
        action: "translated",
        createdAt: now,
      },
    ])
    .run();
  return { a: a!, b: b! };
}

test("a record is the item's row and its file's row as drizzle reads them, with the latest history action", () => {
  const { a, b } = seed();
  const viaDrizzle = (id: number) =>
    handle.db
      .select({ item: wantedItems, file: mediaFiles })
      .from(wantedItems)
      .innerJoin(mediaFiles, eq(mediaFiles.id, wantedItems.mediaFileId))
      .where(eq(wantedItems.id, id))
      .get()!;
  const expected = (id: number, lastAction: string | null) => {
    const { item, file } = viaDrizzle(id);
    return { ...item, file, lastAction };
  };
  expect(wantedRecord(handle, a.id)).toEqual(expected(a.id, "translated"));
  expect(wantedRecord(handle, b.id)).toEqual(expected(b.id, null));
  expect(wantedRecord(handle, a.id)!.upgradeCandidate).toBe(true);
  expect(wantedRecord(handle, b.id)!.translateOverride).toBeNull();
});

test("records come back in the order asked, unknown ids left out", () => {
  const { a, b } = seed();
  expect(wantedRecords(handle, [b.id, 999, a.id]).map((r) => r.id)).toEqual([b.id, a.id]);
  expect(wantedRecords(handle, [])).toEqual([]);
  expect(wantedRecord(handle, 999)).toBeNull();
});

test("lists of any length, padded to a few statement sizes or not, read exactly the ids asked", () => {
  const { a, b } = seed();
  for (const length of [1, 2, 7, 8, 9, 50, 511, 512, 513, 1500]) {
    // The two items somewhere in a list of unknown ids, one of them twice.
    const ids = Array.from({ length }, (_, i) => 10_000 + i);
    ids[length - 1] = a.id;
    if (length > 2) ids[Math.floor(length / 2)] = b.id;
    if (length > 3) ids[0] = a.id;
    const expected = ids.filter((id) => id === a.id || id === b.id);
    expect(wantedRecords(handle, ids).map((r) => r.id)).toEqual(expected);
    expect(wantedListRecords(handle, ids).map((r) => r.id)).toEqual(expected);
  }
});
