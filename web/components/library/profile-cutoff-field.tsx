import type { Path, SettingsForm } from "../../pages/settings/form-state.ts";
import { languageName } from "../language-label.tsx";

const HINT =
  "Once a subtitle in this language is there (a file, or an embedded stream that counts), the other languages are no longer wanted for that file, as with Bazarr's cutoff.";

const nameOf = (code: string) => languageName(code) ?? code;

/** What a cutoff means for a profile of `languages`, as the server resolves it: null, "any" or one of them. */
function resolved(cutoff: string | null | undefined, languages: readonly string[]): string | null {
  if (!cutoff || cutoff === "off") return null;
  if (cutoff === "any") return "any";
  return languages.find((l) => l.toLowerCase() === cutoff.toLowerCase()) ?? null;
}

function describe(cutoff: string | null): string {
  if (cutoff === null) return "no cutoff (want every language)";
  if (cutoff === "any") return "any language";
  return `stop once ${nameOf(cutoff)} is there`;
}

/**
 * The cutoff of a profile as a select. With `base` (an override or a named profile) the empty choice
 * follows it and "off" sets none; without (the default profile) the empty choice is no cutoff.
 */
export function ProfileCutoffField({
  id,
  value,
  languages,
  base,
  error,
  disabled,
  onChange,
}: {
  id: string;
  value: string | null | undefined;
  /** The profile's languages: one choice each. */
  languages: readonly string[];
  /** The cutoff the profile is based on (absent for the default profile). */
  base?: { cutoff: string | null | undefined; languages: readonly string[] };
  error?: string | null;
  disabled?: boolean;
  /** The chosen value; undefined: the empty choice. */
  onChange: (next: string | undefined) => void;
}) {
  const current = value ?? "";
  const choices: [string, string][] = [
    ...(base ? ([["off", "No cutoff (want every language)"]] as [string, string][]) : []),
    ["any", "Any language"],
    ...languages.map((l): [string, string] => [l, `Stop once ${nameOf(l)} is there`]),
  ];
  // A language since taken out of the list stays shown as set, so the save's error has something to name.
  if (
    current !== "" &&
    !choices.some(([v]) => v.toLowerCase() === current.toLowerCase()) &&
    current !== "off"
  )
    choices.push([current, `Stop once ${nameOf(current)} is there (not one of the languages)`]);
  const selected = choices.find(([v]) => v.toLowerCase() === current.toLowerCase())?.[0] ?? "";
  return (
    <div class="field setting" data-invalid={error ? "true" : undefined}>
      <label for={id}>Language cutoff</label>
      <select
        id={id}
        class="input"
        value={selected}
        disabled={disabled}
        aria-invalid={error ? true : undefined}
        aria-describedby={`${id}-hint${error ? ` ${id}-error` : ""}`}
        onChange={(e) => onChange(e.currentTarget.value || undefined)}
      >
        <option value="">
          {base
            ? `Default: ${describe(resolved(base.cutoff, languages.length > 0 ? languages : base.languages))}`
            : "No cutoff (want every language)"}
        </option>
        {choices.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
      <span class="muted setting-hint" id={`${id}-hint`}>
        {HINT}
      </span>
      {error && (
        <span class="error-text" id={`${id}-error`} role="alert">
          {error}
        </span>
      )}
    </div>
  );
}

const listAt = (form: SettingsForm, path: Path) => {
  const value = form.get(path);
  return Array.isArray(value) ? (value as string[]) : [];
};

/** The default profile's cutoff (Settings → General, `profile.cutoff`). */
export function DefaultProfileCutoffField({ form }: { form: SettingsForm }) {
  const path = ["profile", "cutoff"];
  const env = form.envAt("profile.cutoff");
  return (
    <ProfileCutoffField
      id="setting-profile-cutoff"
      value={form.get(path) as string | null | undefined}
      languages={listAt(form, ["languages"])}
      error={form.errorAt(path)}
      disabled={Boolean(env)}
      // No cutoff: null, so the save takes the key out of config.toml.
      onChange={(next) => form.set(path, next ?? null)}
    />
  );
}

/** A named profile's cutoff (`profiles.<name>.cutoff`); empty follows the default profile. */
export function NamedProfileCutoffField({ form, name }: { form: SettingsForm; name: string }) {
  const path = ["profiles", name, "cutoff"];
  const defaults = listAt(form, ["languages"]);
  const own = listAt(form, ["profiles", name, "languages"]);
  return (
    <ProfileCutoffField
      id={`setting-profiles-${name}-cutoff`}
      value={form.get(path) as string | null | undefined}
      languages={own.length > 0 ? own : defaults}
      base={{ cutoff: form.get(["profile", "cutoff"]) as string | null | undefined, languages: defaults }}
      error={form.errorAt(path)}
      onChange={(next) => form.set(path, next ?? null)}
    />
  );
}
