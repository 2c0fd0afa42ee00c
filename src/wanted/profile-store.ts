import type { Database } from "bun:sqlite";
import type { Profile, ProfileOverride } from "../profiles/profile.ts";

export type OverrideKind = "series" | "movie";

export interface StoredOverride {
  id: number;
  instance: string;
  kind: OverrideKind;
  arrId: number;
  override: ProfileOverride;
  updatedAt: string;
}

interface OverrideRow {
  id: number;
  instance: string;
  kind: OverrideKind;
  arr_id: number;
  languages_json: string | null;
  translate_from_json: string | null;
  forced: Profile["forced"] | null;
  hearing_impaired: Profile["hearingImpaired"] | null;
  embedded: Profile["embedded"] | null;
  formats_json: string | null;
  upgrade_srt_to_ass: number | null;
  translate: number | null;
  whisper: number | null;
  updated_at: string;
}

function fromRow(r: OverrideRow): StoredOverride {
  const override: ProfileOverride = {};
  if (r.languages_json !== null) override.languages = JSON.parse(r.languages_json);
  if (r.translate_from_json !== null) override.translateFrom = JSON.parse(r.translate_from_json);
  if (r.forced !== null) override.forced = r.forced;
  if (r.hearing_impaired !== null) override.hearingImpaired = r.hearing_impaired;
  if (r.embedded !== null) override.embedded = r.embedded;
  if (r.formats_json !== null) override.formats = JSON.parse(r.formats_json);
  if (r.upgrade_srt_to_ass !== null) override.upgradeSrtToAss = r.upgrade_srt_to_ass === 1;
  if (r.translate !== null) override.translate = r.translate === 1;
  if (r.whisper !== null) override.whisper = r.whisper === 1;
  return { id: r.id, instance: r.instance, kind: r.kind, arrId: r.arr_id, override, updatedAt: r.updated_at };
}

/** Every override, keyed `instance|kind|arrId`, for a scan to look up per file. */
export function loadOverrides(sqlite: Database): Map<string, ProfileOverride> {
  const rows = sqlite.query<OverrideRow, []>("SELECT * FROM profile_overrides").all();
  return new Map(rows.map((r) => [`${r.instance}|${r.kind}|${r.arr_id}`, fromRow(r).override]));
}

/** The override of one series or movie (uses the unique index), for work on a single item. */
export function findOverride(
  sqlite: Database,
  target: { instance: string; kind: OverrideKind; arrId: number },
): ProfileOverride | undefined {
  const row = sqlite
    .query<OverrideRow, [string, string, number]>(
      "SELECT * FROM profile_overrides WHERE instance = ? AND kind = ? AND arr_id = ?",
    )
    .get(target.instance, target.kind, target.arrId);
  return row ? fromRow(row).override : undefined;
}

export function listOverrides(sqlite: Database): StoredOverride[] {
  return sqlite
    .query<OverrideRow, []>("SELECT * FROM profile_overrides ORDER BY instance, kind, arr_id")
    .all()
    .map(fromRow);
}

export function getOverride(sqlite: Database, id: number): StoredOverride | null {
  const row = sqlite.query<OverrideRow, [number]>("SELECT * FROM profile_overrides WHERE id = ?").get(id);
  return row ? fromRow(row) : null;
}

/** Creates or replaces the override of one series/movie of one instance. */
export function putOverride(
  sqlite: Database,
  target: { instance: string; kind: OverrideKind; arrId: number },
  override: ProfileOverride,
  now: string,
): StoredOverride {
  const row = sqlite
    .query<OverrideRow, (string | number | null)[]>(
      `INSERT INTO profile_overrides (instance, kind, arr_id, languages_json, forced, hearing_impaired, embedded,
          formats_json, upgrade_srt_to_ass, translate, whisper, translate_from_json, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (instance, kind, arr_id) DO UPDATE SET languages_json = excluded.languages_json,
          forced = excluded.forced, hearing_impaired = excluded.hearing_impaired, embedded = excluded.embedded,
          formats_json = excluded.formats_json, upgrade_srt_to_ass = excluded.upgrade_srt_to_ass,
          translate = excluded.translate, whisper = excluded.whisper,
          translate_from_json = excluded.translate_from_json,
          updated_at = excluded.updated_at
       RETURNING *`,
    )
    .get(
      target.instance,
      target.kind,
      target.arrId,
      override.languages ? JSON.stringify(override.languages) : null,
      override.forced ?? null,
      override.hearingImpaired ?? null,
      override.embedded ?? null,
      override.formats ? JSON.stringify(override.formats) : null,
      override.upgradeSrtToAss === undefined ? null : override.upgradeSrtToAss ? 1 : 0,
      override.translate === undefined ? null : override.translate ? 1 : 0,
      override.whisper === undefined ? null : override.whisper ? 1 : 0,
      override.translateFrom ? JSON.stringify(override.translateFrom) : null,
      now,
    )!;
  return fromRow(row);
}

export function deleteOverride(sqlite: Database, id: number): boolean {
  return sqlite.query("DELETE FROM profile_overrides WHERE id = ?").run(id).changes > 0;
}
