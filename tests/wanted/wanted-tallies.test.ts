import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { type DbHandle, openDatabase } from "../../src/db/client.ts";
import { migrate } from "../../src/db/migrate.ts";
import { listWanted, parseStatusFilter, summarizeWanted } from "../../src/wanted/store/index.ts";
import { WantedListQuerySchema } from "../../src/wanted/wanted.schemas.ts";

let handle: DbHandle;
beforeEach(() => {
  handle = openDatabase({ path: ":memory:" });
  migrate(handle.sqlite);
});
afterEach(() => handle.close());

const now = "2026-12-03T10:00:00.000Z";
const STATUSES = ["wanted", "resolved", "not_found", "ignored", "failed"];
const LANGUAGES = ["en", "de", "fr"];
const SATISFIED = [null, "sidecar:x.en.srt", "embedded:2"];

function addFile(n: number, title = `Show ${n}`): number {
  return handle.sqlite
    .query<{ id: number }, [string, string, string, string]>(
      `INSERT INTO media_files (source, instance, media_key, kind, title, arr_path, path, size, last_seen_at)
       VALUES ('sonarr', 'main', ?, 'episode', ?, ?, ?, 1, '${now}') RETURNING id`,
    )
    .get(`ep:${n}`, title, `/tv/${n}.mkv`, `/tv/${n}.mkv`)!.id;
}

function addItem(
  fileId: number,
  language: string,
  status = "wanted",
  satisfiedBy: string | null = null,
  addedAt = now,
) {
  return handle.sqlite
    .query<{ id: number }, [number, string, string, string | null, string]>(
      `INSERT INTO wanted_items (media_file_id, instance, kind, language, variant, status, satisfied_by, added_at, updated_at)
       VALUES (?, 'main', 'episode', ?, 'full', ?, ?, ?, '${now}') RETURNING id`,
    )
    .get(fileId, language, status, satisfiedBy, addedAt)!.id;
}

/** The summary as a grouped pass over the items computes it: what the tallies must always equal. */
function truth() {
  const count = (sql: string) =>
    Object.fromEntries(
      handle.sqlite
        .query<{ k: string; n: number }, []>(`SELECT ${sql} AS k, count(*) AS n FROM wanted_items GROUP BY 1`)
        .all()
        .map((r) => [r.k, r.n]),
    );
  const nested = (column: string) => {
    const out: Record<string, Record<string, number>> = {};
    for (const r of handle.sqlite
      .query<{ k: string; s: string; n: number }, []>(
        `SELECT ${column} AS k, status AS s, count(*) AS n FROM wanted_items GROUP BY 1, 2`,
      )
      .all())
      out[r.k] = { ...out[r.k], [r.s]: r.n };
    return out;
  };
  return {
    total: handle.sqlite.query<{ n: number }, []>("SELECT count(*) AS n FROM wanted_items").get()!.n,
    byStatus: count("status"),
    byLanguage: count("language"),
    byLanguageStatus: nested("language"),
    byInstanceStatus: nested("instance"),
    byExisting: count(
      "CASE WHEN satisfied_by IS NULL THEN 'none' WHEN satisfied_by LIKE 'sidecar:%' THEN 'sidecar' ELSE 'embedded' END",
    ),
    upgradeCandidates: handle.sqlite
      .query<{ n: number }, []>("SELECT count(*) AS n FROM wanted_items WHERE upgrade_candidate = 1")
      .get()!.n,
  };
}

function summary() {
  const s = summarizeWanted(handle.sqlite);
  return {
    total: s.total,
    byStatus: s.byStatus,
    byLanguage: s.byLanguage,
    byLanguageStatus: s.byLanguageStatus,
    byInstanceStatus: s.byInstanceStatus,
    byExisting: s.byExisting,
    upgradeCandidates: s.upgradeCandidates,
  };
}

const version = () =>
  handle.sqlite.query<{ v: number }, []>("SELECT version AS v FROM wanted_list_version").get()!.v;

function page(params: Record<string, string> = {}) {
  const query = WantedListQuerySchema.parse({ pageSize: "10", ...params });
  const statuses = parseStatusFilter(query.status);
  if (statuses instanceof Error) throw statuses;
  const { records, total } = listWanted(handle, query, statuses);
  return { ids: records.map((r) => r.id), total };
}

describe("wanted tallies", () => {
  test("stay equal to a count of the items through inserts, updates, deletes and cascades", () => {
    // Deterministic pseudo-random operations: every kind of change the stores make.
    let seed = 7;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const files = Array.from({ length: 20 }, (_, i) => addFile(i));
    const items: number[] = [];
    for (const f of files)
      for (const l of LANGUAGES) items.push(addItem(f, l, STATUSES[rand(5)], SATISFIED[rand(3)]));
    expect(summary()).toEqual(truth());
    for (let step = 0; step < 300; step++) {
      const id = items[rand(items.length)]!;
      switch (rand(5)) {
        case 0:
          handle.sqlite.run("UPDATE wanted_items SET status = ? WHERE id = ?", [STATUSES[rand(5)]!, id]);
          break;
        case 1:
          handle.sqlite.run("UPDATE wanted_items SET satisfied_by = ?, upgrade_candidate = ? WHERE id = ?", [
            SATISFIED[rand(3)]!,
            rand(2),
            id,
          ]);
          break;
        case 2:
          handle.sqlite.run("DELETE FROM wanted_items WHERE id = ?", [id]);
          break;
        case 3:
          // An upsert that changes nothing but the timestamp (what a re-scan of an unchanged file does).
          handle.sqlite.run("UPDATE wanted_items SET status = status, updated_at = ? WHERE id = ?", [
            now,
            id,
          ]);
          break;
        default: {
          const file = addFile(1000 + step);
          items.push(addItem(file, LANGUAGES[rand(3)]!, STATUSES[rand(5)]));
        }
      }
    }
    expect(summary()).toEqual(truth());
    // A file's removal deletes its items by cascade: the tallies follow.
    handle.sqlite.run("DELETE FROM media_files WHERE id IN (?, ?, ?)", [files[0]!, files[1]!, files[2]!]);
    expect(summary()).toEqual(truth());
    handle.sqlite.run("DELETE FROM media_files");
    expect(summary()).toEqual({
      total: 0,
      byStatus: {},
      byLanguage: {},
      byLanguageStatus: {},
      byInstanceStatus: {},
      byExisting: {},
      upgradeCandidates: 0,
    });
    expect(handle.sqlite.query("SELECT * FROM wanted_tallies").all()).toEqual([]);
  });

  test("the list version moves with what a list shows, not with leases or timestamps", () => {
    const item = addItem(addFile(1), "en");
    const v0 = version();
    handle.sqlite.run(
      "UPDATE wanted_items SET lease_owner = 'run-1', lease_expires_at = ?, updated_at = ? WHERE id = ?",
      [now, now, item],
    );
    expect(version()).toBe(v0);
    handle.sqlite.run("UPDATE wanted_items SET status = 'searching' WHERE id = ?", [item]);
    expect(version()).toBeGreaterThan(v0);
    const v1 = version();
    handle.sqlite.run("UPDATE wanted_items SET last_searched_at = ? WHERE id = ?", [now, item]);
    expect(version()).toBeGreaterThan(v1);
    const v2 = version();
    handle.sqlite.run("UPDATE media_files SET title = 'Renamed'");
    expect(version()).toBeGreaterThan(v2);
  });
});

describe("the wanted list's cached order", () => {
  test("pages are slices of one order, and a change shows on the next read", () => {
    const ids: number[] = [];
    for (let i = 0; i < 25; i++)
      ids.push(
        addItem(
          addFile(i),
          "en",
          "wanted",
          null,
          `2026-12-0${1 + (i % 3)}T00:00:${String(i).padStart(2, "0")}.000Z`,
        ),
      );
    const byAddedDesc = handle.sqlite
      .query<{ id: number }, []>("SELECT id FROM wanted_items ORDER BY added_at DESC, id DESC")
      .all()
      .map((r) => r.id);
    const all = [...page().ids, ...page({ page: "2" }).ids, ...page({ page: "3" }).ids];
    expect(all).toEqual(byAddedDesc);
    expect(page({ page: "3" }).total).toBe(25);
    expect(page({ page: "4" }).ids).toEqual([]);

    // Resolving an item takes it out of the default (open) list at once.
    const first = byAddedDesc[0]!;
    handle.sqlite.run("UPDATE wanted_items SET status = 'resolved' WHERE id = ?", [first]);
    expect(page().ids[0]).toBe(byAddedDesc[1]!);
    expect(page().total).toBe(24);
    expect(page({ status: "resolved" }).ids).toEqual([first]);

    // A new item, and a removed one, show in the order and the total.
    const added = addItem(addFile(99), "de", "wanted", null, "2026-12-09T00:00:00.000Z");
    expect(page().ids[0]).toBe(added);
    expect(page({ language: "de" })).toEqual({ ids: [added], total: 1 });
    handle.sqlite.run("DELETE FROM wanted_items WHERE id = ?", [added]);
    expect(page({ language: "de" })).toEqual({ ids: [], total: 0 });

    // A renamed file moves within the title order.
    const titleOrder = () => page({ sort: "title", order: "asc", pageSize: "100" }).ids;
    const last = titleOrder().at(-1)!;
    handle.sqlite.run(
      "UPDATE media_files SET title = 'AAA first' WHERE id = (SELECT media_file_id FROM wanted_items WHERE id = ?)",
      [last],
    );
    expect(titleOrder()[0]).toBe(last);
  });
});
