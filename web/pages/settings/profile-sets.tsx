import { useState } from "preact/hooks";
import { NamedProfileCutoffField } from "../../components/library/profile-cutoff-field.tsx";
import {
  type LibraryFields,
  ProfileLibraryFields,
} from "../../components/library/profile-library-fields.tsx";
import { ListField } from "./fields.tsx";
import type { Path, SettingsForm, Tree } from "./form-state.ts";

const LIBRARY_KEYS = ["monitoredOnly", "skipSpecials", "audioRules", "extractEmbedded"] as const;

/** The default profile's library options (`profile.*`), in the settings form. */
export function DefaultProfileLibraryFields({ form }: { form: SettingsForm }) {
  const value = (form.get(["profile"]) as Partial<LibraryFields> | undefined) ?? {};
  return (
    <ProfileLibraryFields
      value={value}
      idPrefix="setting-profile"
      onChange={(next) => {
        for (const key of LIBRARY_KEYS) if (next[key] !== value[key]) form.set(["profile", key], next[key]);
      }}
    />
  );
}

const CHOICES = {
  forced: ["off", "separate"],
  hearingImpaired: ["include", "prefer", "exclude"],
  embedded: ["text", "any", "none"],
} as const;

/** A choice that may be left to the default profile (then the key is absent). */
function InheritedSelect({
  form,
  path,
  label,
  options,
}: {
  form: SettingsForm;
  path: Path;
  label: string;
  options: readonly string[];
}) {
  const current = form.get(path) as string | null | undefined;
  const base = form.get(["profile", path[path.length - 1]!]) as string | undefined;
  return (
    <label class="field">
      <span>{label}</span>
      <select
        class="input"
        value={current ?? ""}
        // "Default": null, so the save takes the profile's own value out and it follows the default again.
        onChange={(e) => form.set(path, e.currentTarget.value || null)}
      >
        <option value="">Default: {base}</option>
        {options.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </select>
    </label>
  );
}

function NamedProfile({ form, name }: { form: SettingsForm; name: string }) {
  const path = ["profiles", name];
  const value = (form.get(path) as Tree | undefined) ?? {};
  const base = form.get(["profile"]) as LibraryFields;
  const remove = () => {
    const all = { ...((form.get(["profiles"]) as Tree | undefined) ?? {}) };
    delete all[name];
    form.set(["profiles"], all);
  };
  return (
    <fieldset class="mappings named-profile" aria-label={`Profile ${name}`}>
      <legend>{name}</legend>
      <ListField
        form={form}
        path={[...path, "languages"]}
        label="Languages"
        placeholder={((form.get(["languages"]) as string[] | undefined) ?? []).join(", ")}
        hint="Empty: the default languages."
      />
      <NamedProfileCutoffField form={form} name={name} />
      <div class="form-grid">
        <InheritedSelect form={form} path={[...path, "forced"]} label="Forced" options={CHOICES.forced} />
        <InheritedSelect
          form={form}
          path={[...path, "hearingImpaired"]}
          label="Hearing-impaired"
          options={CHOICES.hearingImpaired}
        />
        <InheritedSelect
          form={form}
          path={[...path, "embedded"]}
          label="Embedded"
          options={CHOICES.embedded}
        />
      </div>
      <ProfileLibraryFields
        value={value as Partial<LibraryFields>}
        base={base}
        idPrefix={`setting-profiles-${name}`}
        onChange={(next) => form.set(path, next)}
      />
      <div>
        <button type="button" class="button small" onClick={remove}>
          Remove profile {name}
        </button>
      </div>
    </fieldset>
  );
}

interface TagRow {
  tag?: string;
  profile?: string;
}

/** Named profiles (`profiles.<name>`) and which Sonarr/Radarr tag assigns which (`profileTags`). */
export function NamedProfilesSection({ form }: { form: SettingsForm }) {
  const profiles = (form.get(["profiles"]) as Tree | undefined) ?? {};
  const names = Object.keys(profiles);
  const tags = (form.get(["profileTags"]) as TagRow[] | undefined) ?? [];
  const [newName, setNewName] = useState("");
  const nameOk = /^[A-Za-z0-9][A-Za-z0-9_-]*$/.test(newName) && !(newName in profiles);
  const setTags = (next: TagRow[]) => form.set(["profileTags"], next);
  return (
    <section class="page-section card" aria-labelledby="named-profiles-title">
      <h2 id="named-profiles-title">Named profiles and tags</h2>
      <p class="muted">
        A series or movie follows its own profile (set on its page), else the profile of its first tag listed
        below, else the default. A named profile changes only the fields set here.
      </p>
      {names.map((name) => (
        <NamedProfile key={name} form={form} name={name} />
      ))}
      <div class="secret-row">
        <input
          class="input"
          aria-label="New profile name"
          placeholder="anime"
          value={newName}
          onInput={(e) => setNewName(e.currentTarget.value.trim())}
        />
        <button
          type="button"
          class="button small"
          disabled={!nameOk}
          onClick={() => {
            form.set(["profiles", newName], {});
            setNewName("");
          }}
        >
          Add profile
        </button>
      </div>
      <fieldset class="setting mappings" aria-labelledby="profile-tags-legend">
        <legend id="profile-tags-legend">Sonarr/Radarr tag → profile (first match wins)</legend>
        {tags.length === 0 && <p class="muted">No tag assigns a profile.</p>}
        {tags.map((row, i) => (
          <div class="mapping-row" key={i}>
            <input
              class="input"
              aria-label={`Tag (row ${i + 1})`}
              placeholder="anime"
              value={row.tag ?? ""}
              onInput={(e) =>
                setTags(tags.map((r, j) => (j === i ? { ...r, tag: e.currentTarget.value } : r)))
              }
            />
            <span aria-hidden="true">→</span>
            <select
              class="input"
              aria-label={`Profile (row ${i + 1})`}
              value={row.profile ?? ""}
              onChange={(e) =>
                setTags(tags.map((r, j) => (j === i ? { ...r, profile: e.currentTarget.value } : r)))
              }
            >
              <option value="" disabled>
                choose a profile
              </option>
              {[...new Set([...names, ...(row.profile ? [row.profile] : [])])].map((name) => (
                <option key={name} value={name}>
                  {name}
                </option>
              ))}
            </select>
            <button
              type="button"
              class="button small"
              aria-label={`Remove tag ${i + 1}`}
              onClick={() => setTags(tags.filter((_, j) => j !== i))}
            >
              Remove
            </button>
            {[form.errorAt(["profileTags", i, "tag"]), form.errorAt(["profileTags", i, "profile"])]
              .filter(Boolean)
              .map((message) => (
                <span key={message} class="error-text mapping-error" role="alert">
                  {message}
                </span>
              ))}
          </div>
        ))}
        <button
          type="button"
          class="button small"
          disabled={names.length === 0}
          onClick={() => setTags([...tags, { tag: "", profile: names[0] ?? "" }])}
        >
          Add tag
        </button>
      </fieldset>
    </section>
  );
}
