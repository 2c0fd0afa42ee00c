import { afterAll, expect, test } from "bun:test";
import { jsonOf, request, testRuntime } from "../support/runtime.ts";

const rt = testRuntime();
afterAll(() => rt.close());

function saved(createdAt: string, action: string) {
  rt.deps.db.sqlite
    .query(
      `INSERT INTO subtitle_history (instance, title, language, variant, provider, candidate_id, score, format, path, sha256, action, created_at)
       VALUES ('main', 'Show', 'de', 'full', 'podnapisi', ?, 100, 'srt', '/x.srt', 'ab', ?, ?)`,
    )
    .run(`${createdAt}-${action}`, action, createdAt);
}

test("downloads per UTC day: zero-filled, oldest first, machine-made counted apart", async () => {
  // The test clock stands at 2026-11-24T10:00:00Z.
  saved("2026-11-24T09:00:00.000Z", "downloaded");
  saved("2026-11-24T01:00:00.000Z", "replaced");
  saved("2026-11-22T23:59:59.000Z", "translated");
  saved("2026-11-21T12:00:00.000Z", "transcribed");
  saved("2026-11-20T23:59:59.999Z", "downloaded"); // before the 4-day window
  saved("2026-11-23T10:00:00.000Z", "upgraded");
  saved("2026-11-23T11:00:00.000Z", "downloaded-manually");
  // Saved, but not downloaded from a provider: none of these counts.
  for (const action of ["synced", "fixed", "restored", "uploaded", "extracted", "imported", "deleted"])
    saved("2026-11-23T12:00:00.000Z", action);
  const body = await jsonOf(request(rt, "/api/v1/history/daily?days=4"));
  expect(body.days).toEqual([
    { date: "2026-11-21", downloaded: 0, translated: 0, transcribed: 1 },
    { date: "2026-11-22", downloaded: 0, translated: 1, transcribed: 0 },
    { date: "2026-11-23", downloaded: 2, translated: 0, transcribed: 0 },
    { date: "2026-11-24", downloaded: 2, translated: 0, transcribed: 0 },
  ]);
  expect((await jsonOf(request(rt, "/api/v1/history/daily"))).days).toHaveLength(30);
  expect((await request(rt, "/api/v1/history/daily?days=0")).status).toBe(400);
  expect((await request(rt, "/api/v1/history/daily", { key: null })).status).toBe(401);
});

test("activity answers null scan and search before anything ran", async () => {
  expect(await jsonOf(request(rt, "/api/v1/activity"))).toEqual({ scan: null, search: null });
});

test("the wanted summary counts what is still missing per language and variant, searched in vain too", async () => {
  const sqlite = rt.deps.db.sqlite;
  sqlite
    .query(
      `INSERT INTO media_files (id, source, instance, media_key, kind, title, arr_path, path, size, last_seen_at)
       VALUES (1, 'sonarr', 'main', 'e1', 'episode', 'Show', '/a.mkv', '/a.mkv', 1, 'x')`,
    )
    .run();
  const item = (language: string, variant: string, status: string) =>
    sqlite
      .query(
        `INSERT INTO wanted_items (media_file_id, instance, kind, language, variant, status, added_at, updated_at)
         VALUES (1, 'main', 'episode', ?, ?, ?, 'x', 'x')`,
      )
      .run(language, variant, status);
  item("de", "full", "wanted");
  item("de", "forced", "wanted");
  item("en", "full", "resolved");
  item("it", "full", "ignored");
  // Searched in vain, or being searched: still missing.
  item("pt-BR", "full", "not_found");
  item("fr", "full", "failed");
  item("es", "full", "searching");
  const summary = await jsonOf(request(rt, "/api/v1/wanted/summary"));
  expect(summary.wantedByLanguageVariant).toEqual([
    { language: "de", variant: "forced", count: 1 },
    { language: "de", variant: "full", count: 1 },
    { language: "es", variant: "full", count: 1 },
    { language: "fr", variant: "full", count: 1 },
    { language: "pt-BR", variant: "full", count: 1 },
  ]);
});
