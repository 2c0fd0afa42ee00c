import { expect, test } from "bun:test";
import { migrations } from "../../generated/migrations.ts";
import { openDatabase } from "../../src/db/client.ts";
import { migrate } from "../../src/db/migrate.ts";

test("0020_history_episode gives the history rows already there the episode of their item's file", () => {
  const h = openDatabase({ path: ":memory:" });
  const at = migrations.findIndex((m) => m.tag === "0020_history_episode");
  migrate(h.sqlite, migrations.slice(0, at));
  const t = "2026-11-24T10:00:00Z";
  const file = (key: string, kind: string, season: number | null, episodes: string) =>
    h.sqlite
      .query<{ id: number }, [string, string, number | null, string, string]>(
        `INSERT INTO media_files (source, instance, media_key, kind, title, season, episodes_json, arr_path, path, size, last_seen_at)
         VALUES ('sonarr', 'main', ?1, ?2, 'The Expanse', ?3, ?4, '/tv/x.mkv', '/media/' || ?1, 1, ?5) RETURNING id`,
      )
      .get(key, kind, season, episodes, t)!.id;
  const item = (fileId: number) =>
    h.sqlite
      .query<{ id: number }, [number, string]>(
        `INSERT INTO wanted_items (media_file_id, instance, kind, language, variant, status, added_at, updated_at)
         VALUES (?1, 'main', 'episode', 'de', 'full', 'found', ?2, ?2) RETURNING id`,
      )
      .get(fileId, t)!.id;
  const double = item(file("ep:1", "episode", 2, "[3,4]"));
  const movie = item(file("movie:1", "movie", null, "[]"));
  const history = h.sqlite.query(
    `INSERT INTO subtitle_history (wanted_item_id, instance, title, language, variant, provider, candidate_id, score, format, path, sha256, action, created_at)
     VALUES (?1, 'main', 'The Expanse', 'de', 'full', 'podnapisi', 'c', 300, 'srt', '/media/x.srt', 'ab', 'downloaded', ?2)`,
  );
  history.run(double, t);
  history.run(movie, t);
  // An item since deleted: what it was for is no longer known.
  history.run(null, t);

  expect(migrate(h.sqlite).applied).toEqual(migrations.slice(at).map((m) => m.tag));
  expect(
    h.sqlite.query("SELECT season, episodes_json AS episodes FROM subtitle_history ORDER BY id").all(),
  ).toEqual([
    { season: 2, episodes: "[3,4]" },
    { season: null, episodes: "[]" },
    { season: null, episodes: "[]" },
  ]);
  h.close();
});
