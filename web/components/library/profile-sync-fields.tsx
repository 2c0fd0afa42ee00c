import type { OverrideFields, Profile } from "../../api/library.ts";
import { ToggleField } from "../../pages/settings/fields.tsx";
import type { SettingsForm } from "../../pages/settings/form-state.ts";

type FixName = Profile["fixes"][number];

const FIXES: readonly [FixName, string][] = [
  ["removeHearingImpaired", "Remove hearing-impaired annotations (kept when HI is preferred)"],
  ["removeTags", "Remove formatting tags"],
  ["fixOcr", "Fix common OCR errors"],
];

const describe = (fixes: readonly FixName[]) =>
  fixes.length === 0 ? "none" : fixes.map((f) => FIXES.find(([n]) => n === f)?.[1] ?? f).join("; ");

function FixChecks({
  fixes,
  onChange,
  idPrefix,
  disabled = false,
}: {
  fixes: readonly FixName[];
  onChange: (fixes: FixName[]) => void;
  idPrefix: string;
  disabled?: boolean;
}) {
  return (
    <>
      {FIXES.map(([name, label]) => (
        <label key={name} class="check">
          <input
            type="checkbox"
            id={`${idPrefix}-${name}`}
            checked={fixes.includes(name)}
            disabled={disabled}
            onChange={(e) => {
              const on = (e.target as HTMLInputElement).checked;
              onChange(FIXES.map(([n]) => n).filter((n) => (n === name ? on : fixes.includes(n))));
            }}
          />
          {label}
        </label>
      ))}
    </>
  );
}

/**
 * A series' or movie's after-download switches in its profile dialog: unset follows the default
 * profile (named in the first choice), set overrides it.
 */
export function ProfileSyncOverrideFields({
  base,
  value,
  onChange,
}: {
  base: Profile;
  value: OverrideFields;
  onChange: (next: OverrideFields) => void;
}) {
  const setField = <K extends "syncAfterDownload" | "fixes">(key: K, v: OverrideFields[K] | undefined) => {
    const next = { ...value };
    if (v === undefined) delete next[key];
    else next[key] = v;
    onChange(next);
  };
  const ownFixes = value.fixes !== undefined;
  return (
    <fieldset class="stack profile-sync-fields">
      <legend>After a download</legend>
      <label class="field">
        <span>Sync to the video</span>
        <select
          class="input"
          value={value.syncAfterDownload === undefined ? "" : value.syncAfterDownload ? "on" : "off"}
          onChange={(e) => {
            const v = (e.target as HTMLSelectElement).value;
            setField("syncAfterDownload", v === "" ? undefined : v === "on");
          }}
        >
          <option value="">Default: {base.syncAfterDownload ? "sync" : "do not sync"}</option>
          <option value="on">sync (embedded text stream, else audio)</option>
          <option value="off">do not sync</option>
        </select>
      </label>
      <label class="check">
        <input
          type="checkbox"
          checked={ownFixes}
          onChange={(e) =>
            setField("fixes", (e.target as HTMLInputElement).checked ? [...base.fixes] : undefined)
          }
        />
        Own fixes for this title
      </label>
      {ownFixes ? (
        <div class="stack fix-list">
          <FixChecks
            fixes={value.fixes ?? []}
            onChange={(f) => setField("fixes", f)}
            idPrefix="override-fix"
          />
        </div>
      ) : (
        <p class="muted">Default fixes: {describe(base.fixes)}.</p>
      )}
    </fieldset>
  );
}

/** The default profile's after-download switches on the settings page (`profile.syncAfterDownload`, `profile.fixes`). */
export function DefaultProfileSyncFields({ form }: { form: SettingsForm }) {
  const fixes = form.get(["profile", "fixes"]);
  const env = form.envAt("profile.fixes");
  return (
    <fieldset class="stack profile-sync-fields">
      <legend>After a download</legend>
      <ToggleField
        form={form}
        path={["profile", "syncAfterDownload"]}
        label="Sync each downloaded subtitle to its video (needs ffmpeg)"
        hint="To an embedded text stream when the video has one, else to its audio; an unsure match leaves the file as it is."
      />
      <FixChecks
        fixes={Array.isArray(fixes) ? (fixes as FixName[]) : []}
        onChange={(f) => form.set(["profile", "fixes"], f)}
        idPrefix="setting-profile-fix"
        disabled={Boolean(env)}
      />
      {env && (
        <span class="muted setting-hint">
          Fixes are set by the environment variable <span class="mono">{env}</span>; change them there.
        </span>
      )}
      {form.errorAt(["profile", "fixes"]) && (
        <span class="error-text" role="alert">
          {form.errorAt(["profile", "fixes"])}
        </span>
      )}
    </fieldset>
  );
}
