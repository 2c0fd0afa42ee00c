import type { SettingsDocument } from "../../api/settings.ts";
import { SecretField, SelectField, TextField, ToggleField } from "./fields.tsx";
import { ENTRY_KEY, newEntryKey, type SettingsForm, type Tree } from "./form-state.ts";
import { PathMappings } from "./path-mappings.tsx";

/** Plex, Jellyfin and Emby: told to rescan a folder after a subtitle is saved. */
export function MediaServersSection({ form, doc }: { form: SettingsForm; doc: SettingsDocument }) {
  const list = (form.get(["mediaServers"]) as Tree[] | undefined) ?? [];
  const add = () =>
    form.set(
      ["mediaServers"],
      [...list, { [ENTRY_KEY]: newEntryKey(), type: "jellyfin", url: "", enabled: true, pathMappings: [] }],
    );
  return (
    <section class="page-section" aria-labelledby="media-servers-title">
      <div class="section-header">
        <h2 id="media-servers-title">Media servers</h2>
        <button type="button" class="button small" onClick={add}>
          Add media server
        </button>
      </div>
      {list.length === 0 && <p class="muted">None: nothing is told to rescan after a download.</p>}
      <div class="stack">
        {list.map((entry, i) => {
          const id = entry.id as string | undefined;
          const name = String(entry.name ?? entry.type);
          return (
            <section
              key={entry[ENTRY_KEY] as string}
              class="card instance-card"
              aria-label={`Media server ${name}`}
            >
              <div class="card-header">
                <h3>{name}</h3>
                <button
                  type="button"
                  class="button small danger"
                  onClick={() =>
                    form.set(
                      ["mediaServers"],
                      list.filter((_, j) => j !== i),
                    )
                  }
                >
                  Remove
                </button>
              </div>
              <div class="form-grid">
                <SelectField
                  form={form}
                  path={["mediaServers", i, "type"]}
                  label="Type"
                  options={[
                    { value: "jellyfin", label: "Jellyfin" },
                    { value: "emby", label: "Emby" },
                    { value: "plex", label: "Plex" },
                  ]}
                />
                <TextField form={form} path={["mediaServers", i, "name"]} label="Name (optional)" />
                <TextField
                  form={form}
                  path={["mediaServers", i, "url"]}
                  label="URL"
                  type="url"
                  placeholder="http://jellyfin:8096"
                />
                <SecretField
                  form={form}
                  label="API key or Plex token"
                  optional={false}
                  draftKey={`mediaServers:${entry[ENTRY_KEY] as string}:apiKey`}
                  savedSet={id !== undefined && doc.secrets[`mediaServers.${id}.apiKey`]?.set === true}
                  envName={id !== undefined ? doc.env[`mediaServers.${id}.apiKey`] : undefined}
                  errorPath={["mediaServers", i, "apiKey"]}
                />
                <ToggleField form={form} path={["mediaServers", i, "enabled"]} label="Enabled" />
              </div>
              <PathMappings
                form={form}
                path={["mediaServers", i, "pathMappings"]}
                label="Path mappings"
                fromLabel="Path the media server sees"
              />
            </section>
          );
        })}
      </div>
    </section>
  );
}
