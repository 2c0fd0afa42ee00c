import type { BazarrImportSummary } from "./bazarr-import.ts";
import type { Examples } from "./examples.ts";
import type { AssignmentSkip } from "./profile-assignments.ts";
import type { TakeoverSkip } from "./subtitle-takeover.ts";

const TAKEOVER_SKIPS: Record<TakeoverSkip, string> = {
  "changed-since": "changed since Bazarr's last record of it (left to you)",
  missing: "no longer on disk",
  "deleted-by-bazarr": "deleted by Bazarr",
  "not-made-by-bazarr": "only synced by Bazarr, not made by it",
  "video-not-in-library": "video not in Subhound's library (scan first, or it is gone)",
  "not-beside-video": "not beside its video (Bazarr's absolute subtitle folder)",
  "not-a-file": "not a regular file (a symbolic link, a folder)",
  "not-a-sidecar": "not read as a subtitle of its video by Subhound",
  "no-language": "no language in its name or in Bazarr's record",
  "unreadable-time": "Bazarr's timestamp does not read",
  "already-subhounds": "already Subhound's",
};

const ASSIGNMENT_SKIPS: Record<AssignmentSkip, string> = {
  "not-in-library": "not in Subhound's library",
  "already-set": "already following that profile",
  "own-profile-kept": "given another profile in Subhound (kept)",
  "unknown-bazarr-profile": "following a Bazarr profile that no longer exists",
};

function tallies<K extends string>(found: Partial<Record<K, Examples>>, labels: Record<K, string>): string[] {
  const lines: string[] = [];
  for (const [reason, tally] of Object.entries(found) as [K, Examples][]) {
    lines.push(`    ${labels[reason]}: ${tally.count}`);
    for (const example of tally.examples) lines.push(`      ${example}`);
  }
  return lines;
}

const counted = (record: Record<string, number>) =>
  Object.entries(record)
    .map(([name, n]) => `${name || "(none)"} ${n}`)
    .join(", ");

/** The summary as the terminal shows it: counts, the first examples, and the TOML to paste. */
export function describeImport(s: BazarrImportSummary): string {
  const will = (done: string, planned: string) => (s.applied ? done : planned);
  const lines = [
    `Bazarr database: ${s.bazarrDb} (only read)`,
    s.applied
      ? "Applied: each part was written in a transaction of its own."
      : "Dry run: nothing was changed. Check what follows, then run again with --apply.",
    "",
    "Subtitle files Bazarr made:",
  ];
  const t = s.subtitles;
  if (t.skipped) lines.push(`  skipped: ${t.skipped}`);
  else {
    lines.push(
      `  ${t.bazarrPaths} file(s) in ${t.bazarrRows} history row(s); ${will("taken over as Subhound's", "to take over as Subhound's")}: ${t.imported}`,
    );
    for (const e of t.examples)
      lines.push(
        `    ${e.path} (${e.language}${e.variant === "forced" ? ", forced" : ""}, ${e.provider}, score ${e.score})`,
      );
    if (Object.keys(t.notImported).length > 0)
      lines.push("  not taken over:", ...tallies(t.notImported, TAKEOVER_SKIPS));
    if ((t.notImported["changed-since"]?.count ?? 0) > 0)
      lines.push(
        "  (If most of these changed a whole number of hours after Bazarr's record, Bazarr ran in another",
        "  time zone than this machine: pass --bazarr-timezone, e.g. UTC or +02:00.)",
      );
  }
  for (const note of t.notes) lines.push(`  note: ${note}`);

  const p = s.profiles;
  lines.push("", "Profiles:");
  if (p.skipped) lines.push(`  skipped: ${p.skipped}`);
  else {
    for (const profile of p.profiles)
      lines.push(
        `  Bazarr profile ${profile.bazarrId} "${profile.bazarrName}" → [profiles.${profile.name}]${profile.inConfig ? "" : " (not in config.toml)"}`,
      );
    lines.push(`  series and movies ${will("set to", "to set to")} their Bazarr profile: ${p.assigned}`);
    for (const e of p.examples) lines.push(`    ${e}`);
    if (Object.keys(p.missingInConfig).length > 0)
      lines.push(
        `  profiles config.toml does not define (paste them, then run again): ${counted(p.missingInConfig)} series/movies`,
      );
    if (Object.keys(p.notAssigned).length > 0)
      lines.push("  not set:", ...tallies(p.notAssigned, ASSIGNMENT_SKIPS));
  }
  for (const note of p.notes) lines.push(`  note: ${note}`);

  const b = s.blacklist;
  lines.push("", "Blacklist:");
  if (b.skipped) lines.push(`  skipped: ${b.skipped}`);
  else {
    lines.push(
      `  ${b.bazarrEntries} Bazarr entr${b.bazarrEntries === 1 ? "y" : "ies"}; ${will("added", "to add")}: ${b.added}; already listed: ${b.alreadyListed}`,
    );
    for (const e of b.examples) lines.push(`    ${e}`);
    if (Object.keys(b.unknownProviders).length > 0) {
      lines.push(`  left out (no provider of Subhound's knows their ids): ${counted(b.unknownProviders)}`);
      for (const name of Object.keys(b.unknownProviders))
        if (Object.hasOwn(b.notMapped, name)) lines.push(`    ${name}: ${b.notMapped[name]}`);
    }
    lines.push(
      `  providers carried over: ${Object.entries(b.providerMapping)
        .map(([bazarr, subhound]) => `${bazarr} → ${subhound}`)
        .join(", ")}`,
    );
  }
  for (const note of b.notes) lines.push(`  note: ${note}`);

  if (p.toml) lines.push("", "Profiles for config.toml (Subhound does not write it):", "", p.toml.trimEnd());
  if (s.applied && p.assigned > 0) lines.push("", "The next scan applies the profiles set above.");
  return lines.join("\n");
}
