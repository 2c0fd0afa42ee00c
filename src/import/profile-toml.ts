import type { ProfileDraft } from "./bazarr-profiles.ts";

/** A TOML basic string: JSON's escapes are TOML's too. */
const str = (s: string) => JSON.stringify(s);
const comment = (s: string) => `# ${s.replace(/\r?\n/g, " ")}`;

/**
 * Bazarr's profiles as the `[profiles.<name>]` tables (and `[[profileTags]]` entries for their tags)
 * to paste into config.toml, each headed by what did not carry over. Subhound never writes the
 * file itself: the user reads this first.
 */
export function renderProfilesToml(drafts: readonly ProfileDraft[]): string {
  const lines = [
    "# Bazarr's language profiles as Subhound profiles: paste what you want into config.toml",
    '# (see "Languages and profiles" in the README). What a profile leaves out comes from [profile].',
  ];
  for (const d of drafts) {
    lines.push("", comment(`Bazarr profile ${d.bazarrId} ${str(d.bazarrName)}`));
    for (const note of d.notes) lines.push(comment(`- ${note}`));
    if (d.languages.length === 0) {
      lines.push(comment("(no language Subhound knows: left out)"));
      continue;
    }
    lines.push(`[profiles.${d.name}]`, `languages = [${d.languages.map(str).join(", ")}]`);
    if (d.forced) lines.push(`forced = ${str(d.forced)}`);
    if (d.hearingImpaired) lines.push(`hearingImpaired = ${str(d.hearingImpaired)}`);
    if (d.audioRules) lines.push(`audioRules = [${d.audioRules.map(str).join(", ")}]`);
    if (d.cutoff) lines.push(`cutoff = ${str(d.cutoff)}`);
  }
  // A tag listed twice is a config error: the first profile keeps it, as Bazarr's own lookup does.
  const seen = new Set<string>();
  const tagged = drafts.filter((d) => {
    const key = d.tag?.toLowerCase();
    if (key === undefined || d.languages.length === 0 || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  if (tagged.length > 0) lines.push("", comment("Bazarr assigned these profiles by Sonarr/Radarr tag:"));
  for (const d of tagged)
    lines.push("[[profileTags]]", `tag = ${str(d.tag!)}`, `profile = ${str(d.name)}`, "");
  return `${lines.join("\n").trimEnd()}\n`;
}
