import { afterEach, beforeEach, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type DbHandle, openDatabase, openDatabaseReadOnly } from "../../src/db/client.ts";
import { migrate } from "../../src/db/migrate.ts";
import { adoptOrders, currentOrders, listWanted, parseStatusFilter } from "../../src/wanted/store/index.ts";
import { WantedListQuerySchema } from "../../src/wanted/wanted.schemas.ts";

// A text search without a series, movie or title filter walks the list's kept order and keeps the
// items whose file the full-text index matched; these pin that it lists what sorting the matches would.
let dir: string;
let server: DbHandle;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "subhound-list-search-"));
  server = openDatabase({ path: join(dir, "subhound.db") });
  migrate(server.sqlite);
});
afterEach(() => {
  server.close();
  rmSync(dir, { recursive: true, force: true });
});

const now = "2026-12-03T10:00:00.000Z";
const STATUSES = ["wanted", "not_found", "resolved", "failed"] as const;
const SHOWS = ["Breaking Bad", "Better Call Saul", "Dark", "Bluey", "Bad Sisters"];

interface Item {
  id: number;
  fileId: number;
  title: string;
  path: string;
  language: string;
  status: string;
  addedAt: string;
}

function addFile(n: number, title: string, path: string): number {
  return server.sqlite
    .query<{ id: number }, [string, string, string, string, number]>(
      `INSERT INTO media_files (source, instance, media_key, kind, title, arr_path, path, size, last_seen_at, series_id)
       VALUES ('sonarr', 'main', ?, 'episode', ?, ?, ?, 1, '${now}', ?) RETURNING id`,
    )
    .get(`ep:${n}`, title, path, path, SHOWS.indexOf(title) + 1)!.id;
}

function addItem(fileId: number, language: string, status: string, addedAt: string): number {
  return server.sqlite
    .query<{ id: number }, [number, string, string, string]>(
      `INSERT INTO wanted_items (media_file_id, instance, kind, language, variant, status, added_at, updated_at)
       VALUES (?, 'main', 'episode', ?, 'full', ?, ?, '${now}') RETURNING id`,
    )
    .get(fileId, language, status, addedAt)!.id;
}

/** 60 files of five shows, two languages each, statuses and added times spread (some equal). */
function library(): Item[] {
  const items: Item[] = [];
  for (let n = 0; n < 60; n++) {
    const title = SHOWS[n % SHOWS.length]!;
    const episode = `S0${1 + (n % 3)}E${String(1 + (n % 17)).padStart(2, "0")}`;
    const group = n % 4 === 0 ? "WEBDL-1080p" : "Bluray-720p";
    const path = `/tv/${title}/Season 0${1 + (n % 3)}/${title} - ${episode} - ${group}.mkv`;
    const fileId = addFile(n, title, path);
    for (const language of ["en", "de"]) {
      const status = STATUSES[(n + (language === "de" ? 1 : 0)) % STATUSES.length]!;
      const addedAt = `2026-11-${String(1 + (n % 9)).padStart(2, "0")}T00:00:00.000Z`;
      items.push({
        id: addItem(fileId, language, status, addedAt),
        fileId,
        title,
        path,
        language,
        status,
        addedAt,
      });
    }
  }
  return items;
}

/** What a search lists by its definition: every word starts a word of the title or the path. */
function matches(item: Item, q: string): boolean {
  const words = (s: string) => s.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  const own = [...words(item.title), ...words(item.path)];
  return words(q).every((w) => own.some((o) => o.startsWith(w)));
}

function list(handle: DbHandle, raw: Record<string, string>) {
  const query = WantedListQuerySchema.parse(raw);
  const statuses = parseStatusFilter(query.status);
  if (statuses instanceof Error) throw statuses;
  const { records, total } = listWanted(handle, query, statuses);
  return { ids: records.map((r) => r.id), total };
}

test("a search lists the matching items in the list's order, paged, under every sort and filter", () => {
  const items = library();
  const open = new Set(["wanted", "searching", "not_found", "failed"]);
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const sorts: Record<string, (a: Item, b: Item) => number> = {
    added: (a, b) => cmp(b.addedAt, a.addedAt) || b.id - a.id,
    title: (a, b) => cmp(a.title, b.title) || a.id - b.id,
    language: (a, b) => cmp(a.language, b.language) || a.id - b.id,
    status: (a, b) => cmp(a.status, b.status) || a.id - b.id,
  };
  let compared = 0;
  for (const q of ["b", "bad", "BREAKING b", "s02", "s02e1", "webdl 1080", "season 03 dark", "nothing"])
    for (const [sort, order] of Object.entries(sorts))
      for (const filter of [
        {},
        { language: "de" },
        { status: "all" },
        { status: "not_found,failed" },
      ] as Record<string, string>[]) {
        const statuses =
          filter.status === undefined
            ? open
            : filter.status === "all"
              ? null
              : new Set(filter.status.split(","));
        const expected = items
          .filter((i) => matches(i, q) && (statuses === null || statuses.has(i.status)))
          .filter((i) => filter.language === undefined || i.language === filter.language)
          .sort(order)
          .map((i) => i.id);
        for (const page of [1, 2, 3]) {
          const got = list(server, { q, sort, page: String(page), pageSize: "7", ...filter });
          expect(got.total).toBe(expected.length);
          expect(got.ids).toEqual(expected.slice((page - 1) * 7, page * 7));
          compared++;
        }
      }
  expect(compared).toBe(8 * 4 * 4 * 3);
});

test("a search within one series (in SQL) lists what the same search over the whole list keeps of it", () => {
  library();
  for (const q of ["bad", "s01", "bluray 720p"]) {
    const whole = list(server, { q, status: "all", pageSize: "500" });
    const seriesId = String(SHOWS.indexOf("Breaking Bad") + 1);
    const inSeries = list(server, { q, seriesId, status: "all", pageSize: "500" });
    const ofSeries = new Set(list(server, { seriesId, status: "all", pageSize: "500" }).ids);
    expect(inSeries.ids).toEqual(whole.ids.filter((id) => ofSeries.has(id)));
    expect(inSeries.total).toBeGreaterThan(0);
  }
});

test("a search walks the kept order: an adopted order is what it lists in", () => {
  const items = library();
  const worker = openDatabaseReadOnly(join(dir, "subhound.db"));
  try {
    list(server, {});
    const [shared] = currentOrders(server.sqlite);
    // A marked copy, reversed: only walking the kept order can list the matches in this order.
    const marked = {
      ...shared!,
      ids: shared!.ids.slice().reverse(),
      fileIds: shared!.fileIds.slice().reverse(),
    };
    adoptOrders(worker.sqlite, [marked]);
    const byId = new Map(items.map((i) => [i.id, i]));
    const expected = Array.from(marked.ids).filter((id) => matches(byId.get(id)!, "dark"));
    expect(expected.length).toBeGreaterThan(1);
    expect(list(worker, { q: "dark", pageSize: "500" }).ids).toEqual(expected);
  } finally {
    worker.close();
  }
});

test("a renamed file is found by its new name at once, though the list's order stands", () => {
  const items = library();
  const first = list(server, { q: "zebra", status: "all" });
  expect(first.total).toBe(0);
  const version = () =>
    server.sqlite.query<{ v: number }, []>("SELECT version FROM wanted_list_version").get()!.v;
  const before = version();
  const renamed = items.find((i) => i.title === "Dark")!;
  server.sqlite.run("UPDATE media_files SET path = ? WHERE id = ?", [
    renamed.path.replace(".mkv", " - Zebra.mkv"),
    renamed.fileId,
  ]);
  // A path moves no item within the list: the kept order stands, and the index is read afresh.
  expect(version()).toBe(before);
  const after = list(server, { q: "zebra", status: "all" });
  expect(after.ids.sort((a, b) => a - b)).toEqual(
    items.filter((i) => i.fileId === renamed.fileId).map((i) => i.id),
  );
  // An item added after the order was kept is listed once the list's version moved.
  const added = addItem(renamed.fileId, "fr", "wanted", "2026-12-01T00:00:00.000Z");
  expect(list(server, { q: "zebra", status: "all" }).ids[0]).toBe(added);
});
