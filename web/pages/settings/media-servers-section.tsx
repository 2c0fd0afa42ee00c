import type { MediaServerTestResult, SettingsDocument } from "../../api/settings.ts";
import { useTestMediaServer } from "../../api/settings.ts";
import { useAnswerFor } from "../../app/answer-for.ts";
import { SecretField, SelectField, TextField, ToggleField } from "./fields.tsx";
import { ENTRY_KEY, newEntryKey, type SettingsForm, type Tree } from "./form-state.ts";
import { PathMappings } from "./path-mappings.tsx";
import { TestLine } from "./test-line.tsx";

type ServerType = "jellyfin" | "emby" | "plex";
const PLACEHOLDERS: Record<ServerType, string> = {
  jellyfin: "http://jellyfin:8096",
  emby: "http://emby:8096",
  plex: "http://plex:32400",
};

function MediaServerCard({ index, form, doc }: { index: number; form: SettingsForm; doc: SettingsDocument }) {
  const entry = form.get(["mediaServers", index]) as Tree;
  const id = entry.id as string | undefined;
  const type = (entry.type as ServerType | undefined) ?? "jellyfin";
  const name = String(entry.name ?? type);
  const draftKey = `mediaServers:${entry[ENTRY_KEY] as string}:apiKey`;
  const test = useTestMediaServer();
  const [result, setResult, clearResult] = useAnswerFor<MediaServerTestResult>([
    entry.type,
    entry.url,
    form.typedSecret(draftKey),
    entry.pathMappings,
  ]);
  const remove = () =>
    form.set(
      ["mediaServers"],
      (form.get(["mediaServers"]) as Tree[]).filter((_, j) => j !== index),
    );
  const runTest = () => {
    clearResult();
    const typed = form.typedSecret(draftKey);
    const mappings = Array.isArray(entry.pathMappings)
      ? (entry.pathMappings as { from?: string; to?: string }[]).filter((m) => m.from && m.to)
      : [];
    test.mutate(
      {
        type,
        url: String(entry.url ?? ""),
        name,
        ...(typed ? { apiKey: typed } : {}),
        ...(id !== undefined ? { id } : {}),
        pathMappings: mappings as { from: string; to: string }[],
      },
      { onSuccess: setResult },
    );
  };
  return (
    <section class="card instance-card" aria-label={`Media server ${name}`}>
      <div class="card-header">
        <h3>{name}</h3>
        <button type="button" class="button small danger" onClick={remove}>
          Remove
        </button>
      </div>
      <div class="form-grid">
        <SelectField
          form={form}
          path={["mediaServers", index, "type"]}
          label="Type"
          options={[
            { value: "jellyfin", label: "Jellyfin" },
            { value: "emby", label: "Emby" },
            { value: "plex", label: "Plex" },
          ]}
        />
        <TextField form={form} path={["mediaServers", index, "name"]} label="Name (optional)" />
        <TextField
          form={form}
          path={["mediaServers", index, "url"]}
          label="URL"
          type="url"
          placeholder={PLACEHOLDERS[type]}
        />
        <SecretField
          form={form}
          label={type === "plex" ? "Plex token" : "API key"}
          optional={false}
          draftKey={draftKey}
          savedSet={id !== undefined && doc.secrets[`mediaServers.${id}.apiKey`]?.set === true}
          envName={id !== undefined ? doc.env[`mediaServers.${id}.apiKey`] : undefined}
          errorPath={["mediaServers", index, "apiKey"]}
          hint={type === "plex" ? "X-Plex-Token of the server's owner" : "Dashboard → API Keys"}
        />
        <ToggleField form={form} path={["mediaServers", index, "enabled"]} label="Enabled" />
      </div>
      <PathMappings
        form={form}
        path={["mediaServers", index, "pathMappings"]}
        label="Path mappings"
        fromLabel="Path the media server sees"
      />
      <div class="card-actions">
        <button type="button" class="button" disabled={test.isPending} onClick={runTest}>
          {test.isPending ? "Testing…" : "Test"}
        </button>
      </div>
      {result && <TestLine result={result} />}
    </section>
  );
}

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
        {list.map((entry, i) => (
          <MediaServerCard key={entry[ENTRY_KEY] as string} index={i} form={form} doc={doc} />
        ))}
      </div>
    </section>
  );
}
