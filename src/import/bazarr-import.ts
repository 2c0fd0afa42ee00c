import type { Config } from "../config/schema.ts";
import type { DbHandle } from "../db/client.ts";
import type { SaveFileSystem } from "../subtitles/save.ts";
import type { BazarrDb } from "./bazarr-db.ts";
import { missingFor } from "./bazarr-db.ts";
import { PROFILE_COLUMNS, readBazarrProfiles } from "./bazarr-profiles.ts";
import { providerMappingList, UNMAPPED_PROVIDERS } from "./bazarr-providers.ts";
import type { BazarrTimezone } from "./bazarr-time.ts";
import { applyBlacklist, planBlacklist } from "./blacklist-import.ts";
import { EXAMPLES_KEPT, type Examples } from "./examples.ts";
import { createLibraryLookup } from "./library-match.ts";
import { type AssignmentSkip, applyAssignments, planAssignments } from "./profile-assignments.ts";
import { renderProfilesToml } from "./profile-toml.ts";
import { applyTakeover, planTakeover, type TakeoverSkip } from "./subtitle-takeover.ts";

export interface BazarrImportDeps {
  bazarr: BazarrDb;
  /** Subhound's database: read for the plan, written only with `apply`. */
  handle: Pick<DbHandle, "sqlite" | "db">;
  config: Pick<Config, "sonarr" | "radarr" | "profiles">;
  fileSystem?: SaveFileSystem;
}

export interface BazarrImportOptions {
  apply: boolean;
  timezone: BazarrTimezone;
  now: Date;
}

/** What the import did (or, without `apply`, would do), part by part; `--json` prints it as it is. */
export interface BazarrImportSummary {
  applied: boolean;
  bazarrDb: string;
  subtitles: {
    /** Why the part did not run; null when it did. */
    skipped: string | null;
    notes: string[];
    bazarrRows: number;
    bazarrPaths: number;
    imported: number;
    examples: { path: string; language: string; variant: string; provider: string; score: number }[];
    notImported: Partial<Record<TakeoverSkip, Examples>>;
  };
  profiles: {
    skipped: string | null;
    notes: string[];
    profiles: { bazarrId: number; bazarrName: string; name: string; inConfig: boolean }[];
    toml: string;
    assigned: number;
    examples: string[];
    missingInConfig: Record<string, number>;
    notAssigned: Partial<Record<AssignmentSkip, Examples>>;
  };
  blacklist: {
    skipped: string | null;
    notes: string[];
    bazarrEntries: number;
    added: number;
    alreadyListed: number;
    examples: string[];
    unknownProviders: Record<string, number>;
    providerMapping: Record<string, string>;
    notMapped: Record<string, string>;
  };
}

/**
 * Moves what a Bazarr user would otherwise enter again, in three parts: the subtitle files Bazarr
 * made become Subhound's own, its profiles become config.toml tables to paste (and each series'
 * or movie's profile its override, where config.toml has the profile), its blacklist Subhound's.
 * Everything is planned first, from reads alone; with `apply` each part is then written in a
 * transaction of its own. The Bazarr database is only ever read.
 */
export async function importFromBazarr(
  deps: BazarrImportDeps,
  options: BazarrImportOptions,
): Promise<BazarrImportSummary> {
  const { bazarr, handle, config } = deps;
  const now = options.now.toISOString();
  const library = createLibraryLookup(handle, {
    sonarr: config.sonarr.map((i) => i.name),
    radarr: config.radarr.map((i) => i.name),
  });

  const takeover = await planTakeover({
    bazarr,
    handle,
    library,
    timezone: options.timezone,
    ...(deps.fileSystem ? { fileSystem: deps.fileSystem } : {}),
  });
  const imported =
    options.apply && !takeover.skippedPart ? applyTakeover(handle, takeover) : takeover.imports.length;

  const profilesMissing = missingFor(bazarr, { table_languages_profiles: PROFILE_COLUMNS });
  const configProfiles = new Set(Object.keys(config.profiles));
  const { drafts, unreadable } = profilesMissing
    ? { drafts: [], unreadable: [] }
    : readBazarrProfiles(bazarr);
  const assignments = profilesMissing
    ? null
    : planAssignments({ bazarr, handle, library, drafts, configProfiles });
  const assigned =
    assignments === null
      ? 0
      : options.apply
        ? applyAssignments(handle, assignments, now)
        : assignments.assignments.length;

  const blacklist = planBlacklist(bazarr, handle);
  const added = options.apply ? applyBlacklist(handle, blacklist, now) : blacklist.entries.length;

  return {
    applied: options.apply,
    bazarrDb: bazarr.path,
    subtitles: {
      skipped: takeover.skippedPart,
      notes: takeover.notes,
      bazarrRows: takeover.bazarrRows,
      bazarrPaths: takeover.bazarrPaths,
      imported,
      examples: takeover.imports.slice(0, EXAMPLES_KEPT).map((s) => ({
        path: s.path,
        language: s.language,
        variant: s.variant,
        provider: s.provider,
        score: s.score,
      })),
      notImported: takeover.skipped,
    },
    profiles: {
      skipped: profilesMissing,
      notes: [...unreadable, ...(assignments?.notes ?? [])],
      profiles: drafts.map((d) => ({
        bazarrId: d.bazarrId,
        bazarrName: d.bazarrName,
        name: d.name,
        inConfig: configProfiles.has(d.name),
      })),
      toml: drafts.length > 0 ? renderProfilesToml(drafts) : "",
      assigned,
      examples: (assignments?.assignments ?? [])
        .slice(0, EXAMPLES_KEPT)
        .map((a) => `${a.title} (${a.instance}) → ${a.profileName}`),
      missingInConfig: assignments?.missingProfiles ?? {},
      notAssigned: assignments?.skipped ?? {},
    },
    blacklist: {
      skipped: blacklist.skippedPart,
      notes: blacklist.notes,
      bazarrEntries: blacklist.bazarrEntries,
      added,
      alreadyListed: blacklist.alreadyListed,
      examples: blacklist.entries.slice(0, EXAMPLES_KEPT).map((e) => `${e.provider} ${e.candidateId}`),
      unknownProviders: blacklist.unknownProviders,
      providerMapping: providerMappingList(),
      notMapped: { ...UNMAPPED_PROVIDERS },
    },
  };
}
