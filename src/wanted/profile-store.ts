import type { Database } from "bun:sqlite";
import { asc, eq } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { profileOverrides } from "../db/schema.ts";
import type { Profile, ProfileOverride } from "../profiles/profile.ts";

/** The store of `profile_overrides`: per series or movie, the profile fields that differ from the default. */

export type OverrideKind = "series" | "movie";

export interface StoredOverride {
  id: number;
  instance: string;
  kind: OverrideKind;
  arrId: number;
  override: ProfileOverride;
  updatedAt: string;
}

type OverrideRow = typeof profileOverrides.$inferSelect;
type Target = { instance: string; kind: OverrideKind; arrId: number };

const json = (v: unknown) => (v ? JSON.stringify(v) : null);

/*
 * The cutoff is kept with the languages it names, in `languages_json` (no column of its own): a list
 * alone, or `{"languages"?: [...], "cutoff": "any"}` when the override sets a cutoff.
 */
function languagesOf(text: string): Pick<ProfileOverride, "languages" | "cutoff"> {
  const parsed = JSON.parse(text) as string[] | { languages?: string[]; cutoff?: string };
  if (Array.isArray(parsed)) return { languages: parsed };
  return {
    ...(parsed.languages ? { languages: parsed.languages } : {}),
    ...(parsed.cutoff ? { cutoff: parsed.cutoff } : {}),
  };
}

function languagesJson(override: ProfileOverride): string | null {
  if (override.cutoff === undefined || override.cutoff === null) return json(override.languages);
  return JSON.stringify({
    ...(override.languages ? { languages: override.languages } : {}),
    cutoff: override.cutoff,
  });
}

function fromRow(r: OverrideRow): StoredOverride {
  const override: ProfileOverride = {};
  if (r.languagesJson !== null) Object.assign(override, languagesOf(r.languagesJson));
  if (r.translateFromJson !== null) override.translateFrom = JSON.parse(r.translateFromJson);
  if (r.forced !== null) override.forced = r.forced as Profile["forced"];
  if (r.hearingImpaired !== null) override.hearingImpaired = r.hearingImpaired as Profile["hearingImpaired"];
  if (r.embedded !== null) override.embedded = r.embedded as Profile["embedded"];
  if (r.formatsJson !== null) override.formats = JSON.parse(r.formatsJson);
  if (r.upgradeSrtToAss !== null) override.upgradeSrtToAss = r.upgradeSrtToAss;
  if (r.translate !== null) override.translate = r.translate;
  if (r.whisper !== null) override.whisper = r.whisper;
  if (r.upgradeCutoff !== null) override.upgradeCutoff = r.upgradeCutoff;
  if (r.syncAfterDownload !== null) override.syncAfterDownload = r.syncAfterDownload;
  if (r.fixesJson !== null) override.fixes = JSON.parse(r.fixesJson);
  if (r.profileName !== null) override.profileName = r.profileName;
  if (r.monitoredOnly !== null) override.monitoredOnly = r.monitoredOnly;
  if (r.skipSpecials !== null) override.skipSpecials = r.skipSpecials;
  if (r.audioRulesJson !== null) override.audioRules = JSON.parse(r.audioRulesJson);
  if (r.extractEmbedded !== null) override.extractEmbedded = r.extractEmbedded;
  return {
    id: r.id,
    instance: r.instance,
    kind: r.kind as OverrideKind,
    arrId: r.arrId,
    override,
    updatedAt: r.updatedAt,
  };
}

/** Every override, keyed `instance|kind|arrId`, for a scan to look up per file. */
export function loadOverrides(db: Db): Map<string, ProfileOverride> {
  const rows = db.select().from(profileOverrides).all();
  return new Map(rows.map((r) => [`${r.instance}|${r.kind}|${r.arrId}`, fromRow(r).override]));
}

/*
 * Every override, read once and kept until this module writes one: a page of 50 listed series asked
 * the table 50 times (0.2 ms of a 1 ms answer). This module is the table's only writer; each write
 * moves the generation, so every connection's copy in this process is read again.
 */
let generation = 0;
const kept = new WeakMap<Db, { generation: number; overrides: Map<string, ProfileOverride> }>();

/** Moves whenever this process writes an override: what was worked out from the overrides before is stale. */
export function overridesGeneration(): number {
  return generation;
}

/**
 * For a thread that reads the table while another thread writes it (the wanted-list reader): the
 * writer's generation moved, so this thread's kept copy is read again.
 */
export function forgetKeptOverrides(): void {
  generation++;
}

/** The override of one series or movie, for work on a single item or one page of a list. */
export function findOverride(db: Db, target: Target): ProfileOverride | undefined {
  let entry = kept.get(db);
  if (!entry || entry.generation !== generation) {
    entry = { generation, overrides: loadOverrides(db) };
    kept.set(db, entry);
  }
  return entry.overrides.get(`${target.instance}|${target.kind}|${target.arrId}`);
}

export function listOverrides(db: Db): StoredOverride[] {
  return db
    .select()
    .from(profileOverrides)
    .orderBy(asc(profileOverrides.instance), asc(profileOverrides.kind), asc(profileOverrides.arrId))
    .all()
    .map(fromRow);
}

export function getOverride(db: Db, id: number): StoredOverride | null {
  const row = db.select().from(profileOverrides).where(eq(profileOverrides.id, id)).get();
  return row ? fromRow(row) : null;
}

/** Creates or replaces the override of one series/movie of one instance. */
export function putOverride(db: Db, target: Target, override: ProfileOverride, now: string): StoredOverride {
  const fields = {
    languagesJson: languagesJson(override),
    forced: override.forced ?? null,
    hearingImpaired: override.hearingImpaired ?? null,
    embedded: override.embedded ?? null,
    formatsJson: json(override.formats),
    upgradeSrtToAss: override.upgradeSrtToAss ?? null,
    translate: override.translate ?? null,
    whisper: override.whisper ?? null,
    translateFromJson: json(override.translateFrom),
    upgradeCutoff: override.upgradeCutoff ?? null,
    syncAfterDownload: override.syncAfterDownload ?? null,
    fixesJson: override.fixes ? JSON.stringify(override.fixes) : null,
    profileName: override.profileName ?? null,
    monitoredOnly: override.monitoredOnly ?? null,
    skipSpecials: override.skipSpecials ?? null,
    // An empty rule list is an override too: it switches the default's rules off.
    audioRulesJson: override.audioRules === undefined ? null : JSON.stringify(override.audioRules),
    extractEmbedded: override.extractEmbedded ?? null,
    updatedAt: now,
  };
  generation++;
  const row = db
    .insert(profileOverrides)
    .values({ ...target, ...fields })
    .onConflictDoUpdate({
      target: [profileOverrides.instance, profileOverrides.kind, profileOverrides.arrId],
      set: fields,
    })
    .returning()
    .get();
  return fromRow(row);
}

export function deleteOverride(db: Db, id: number): boolean {
  generation++;
  return (
    db
      .delete(profileOverrides)
      .where(eq(profileOverrides.id, id))
      .returning({ id: profileOverrides.id })
      .all().length > 0
  );
}

/** Override ids of one kind keyed `instance|arrId`, for a list of series or movies to show which have one. */
export function overrideIds(db: Db, kind: OverrideKind): Map<string, number> {
  const rows = db
    .select({ id: profileOverrides.id, instance: profileOverrides.instance, arrId: profileOverrides.arrId })
    .from(profileOverrides)
    .where(eq(profileOverrides.kind, kind))
    .all();
  return new Map(rows.map((r) => [`${r.instance}|${r.arrId}`, r.id]));
}

/** What `assignProfile` did to the overrides of the targets it was given. */
export interface ProfileAssignment {
  changed: number;
  unchanged: number;
}

/**
 * Sets the named profile of many series and movies at once (the library's mass edit), in one
 * transaction: `profileName` replaces each one's `profileName` and keeps its own fields; null removes
 * each one's override (named profile and own fields), so it follows its tag's profile or the default
 * again. Raw prepared statements: up to thousands of targets in one go, a few µs each.
 */
export function assignProfile(
  sqlite: Database,
  targets: readonly Target[],
  profileName: string | null,
  now: string,
): ProfileAssignment {
  const current = sqlite.query<{ id: number; profileName: string | null }, [string, string, number]>(
    "SELECT id, profile_name AS profileName FROM profile_overrides WHERE instance = ? AND kind = ? AND arr_id = ?",
  );
  const setName = sqlite.query<null, [string, string, string, string, number]>(
    `INSERT INTO profile_overrides (profile_name, updated_at, instance, kind, arr_id) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (instance, kind, arr_id) DO UPDATE SET profile_name = excluded.profile_name, updated_at = excluded.updated_at`,
  );
  const remove = sqlite.query<null, [number]>("DELETE FROM profile_overrides WHERE id = ?");
  const result: ProfileAssignment = { changed: 0, unchanged: 0 };
  sqlite.transaction(() => {
    for (const target of targets) {
      const row = current.get(target.instance, target.kind, target.arrId);
      if (profileName === null ? row === null : row?.profileName === profileName) {
        result.unchanged++;
        continue;
      }
      if (profileName === null) remove.run(row!.id);
      else setName.run(profileName, now, target.instance, target.kind, target.arrId);
      result.changed++;
    }
  })();
  if (result.changed > 0) generation++;
  return result;
}
