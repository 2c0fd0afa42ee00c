import { posix } from "node:path";
import type { DbHandle } from "../db/client.ts";
import type { ProfileOverride } from "../profiles/profile.ts";
import { listOverrides, type OverrideKind, putOverride } from "../wanted/profile-store.ts";
import { type BazarrDb, missingFor } from "./bazarr-db.ts";
import type { ProfileDraft } from "./bazarr-profiles.ts";
import { type Examples, noteExample } from "./examples.ts";
import { comparable, type LibraryLookup } from "./library-match.ts";

/** A series or movie of Subhound's library that is to follow a named profile, as it did in Bazarr. */
export interface ProfileAssignment {
  instance: string;
  kind: OverrideKind;
  arrId: number;
  title: string;
  profileName: string;
}

export type AssignmentSkip = "not-in-library" | "already-set" | "own-profile-kept" | "unknown-bazarr-profile";

export interface AssignmentPlan {
  notes: string[];
  assignments: ProfileAssignment[];
  /** Profiles series or movies follow in Bazarr that config.toml does not define, with how many follow each. */
  missingProfiles: Record<string, number>;
  skipped: Partial<Record<AssignmentSkip, Examples>>;
}

const SOURCES = [
  { kind: "series", arr: "sonarr", table: "table_shows", id: "sonarrSeriesId" },
  { kind: "movie", arr: "radarr", table: "table_movies", id: "radarrId" },
] as const;

/**
 * Which series and movies get Bazarr's profile as their own `profileName`: only where config.toml
 * defines a profile of that name, and only for the instance whose files lie where Bazarr's Sonarr or
 * Radarr put that series or movie (ids alone could name another one in a second instance). An
 * override the user already gave a profile name is left as it is. Only reads.
 */
export function planAssignments(deps: {
  bazarr: BazarrDb;
  handle: Pick<DbHandle, "db">;
  library: LibraryLookup;
  drafts: readonly ProfileDraft[];
  configProfiles: ReadonlySet<string>;
}): AssignmentPlan {
  const plan: AssignmentPlan = { notes: [], assignments: [], missingProfiles: {}, skipped: {} };
  const skip = (reason: AssignmentSkip, example: string) => {
    plan.skipped[reason] = noteExample(plan.skipped[reason], example);
  };
  const existing = new Map(
    listOverrides(deps.handle.db).map((o) => [`${o.instance}|${o.kind}|${o.arrId}`, o.override]),
  );
  const drafts = new Map(deps.drafts.map((d) => [d.bazarrId, d]));
  for (const source of SOURCES) {
    const missing = missingFor(deps.bazarr, { [source.table]: [source.id, "profileId", "path"] });
    if (missing) {
      plan.notes.push(`${source.kind} profiles: ${missing}`);
      continue;
    }
    for (const row of deps.bazarr.rows(source.table, [source.id, "profileId", "path", "title"])) {
      const arrId = Number(row[source.id]);
      if (row.profileId === null || !Number.isInteger(arrId)) continue;
      const title = String(row.title ?? `${source.kind} ${arrId}`);
      const draft = drafts.get(Number(row.profileId));
      if (!draft) {
        skip("unknown-bazarr-profile", `${title} (profile ${String(row.profileId)})`);
        continue;
      }
      if (!deps.configProfiles.has(draft.name)) {
        plan.missingProfiles[draft.name] = (plan.missingProfiles[draft.name] ?? 0) + 1;
        continue;
      }
      const where = comparable(String(row.path ?? ""));
      const files = deps.library.filesOf(source.arr, arrId).filter((f) => {
        const arrPath = comparable(f.arrPath);
        return source.kind === "series"
          ? arrPath.startsWith(`${where.replace(/\/+$/, "")}/`)
          : posix.dirname(arrPath) === posix.dirname(where);
      });
      const instances = [...new Set(files.map((f) => f.instance))];
      if (instances.length === 0) skip("not-in-library", title);
      for (const instance of instances) {
        const own = existing.get(`${instance}|${source.kind}|${arrId}`)?.profileName;
        if (own === draft.name) skip("already-set", `${title} → ${own}`);
        else if (own !== undefined) skip("own-profile-kept", `${title} keeps ${own}`);
        else plan.assignments.push({ instance, kind: source.kind, arrId, title, profileName: draft.name });
      }
    }
  }
  return plan;
}

/** Sets each planned profile name over what the series' or movie's override already holds, in one transaction. */
export function applyAssignments(
  handle: Pick<DbHandle, "sqlite" | "db">,
  plan: AssignmentPlan,
  now: string,
): number {
  return handle.sqlite.transaction(() => {
    const existing = new Map(
      listOverrides(handle.db).map((o) => [`${o.instance}|${o.kind}|${o.arrId}`, o.override]),
    );
    let set = 0;
    for (const a of plan.assignments) {
      const own: ProfileOverride = existing.get(`${a.instance}|${a.kind}|${a.arrId}`) ?? {};
      if (own.profileName !== undefined) continue;
      putOverride(
        handle.db,
        { instance: a.instance, kind: a.kind, arrId: a.arrId },
        { ...own, profileName: a.profileName },
        now,
      );
      set++;
    }
    return set;
  })();
}
