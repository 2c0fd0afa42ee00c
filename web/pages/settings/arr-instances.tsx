import type { ArrTestResult, SettingsDocument } from "../../api/settings.ts";
import { useTestArr } from "../../api/settings.ts";
import { useAnswerFor } from "../../app/answer-for.ts";
import { SecretField, TextField, ToggleField } from "./fields.tsx";
import { ENTRY_KEY, newEntryKey, type SettingsForm, type Tree } from "./form-state.ts";
import { PathMappings } from "./path-mappings.tsx";
import { TestLine } from "./test-line.tsx";

const TITLES = { sonarr: "Sonarr", radarr: "Radarr" } as const;
const PORTS = { sonarr: 8989, radarr: 7878 } as const;

function Instance({
  kind,
  index,
  form,
  doc,
}: {
  kind: "sonarr" | "radarr";
  index: number;
  form: SettingsForm;
  doc: SettingsDocument;
}) {
  const entry = form.get([kind, index]) as Tree;
  const id = entry.id as string | undefined;
  const draftKey = `${kind}:${entry[ENTRY_KEY] as string}:apiKey`;
  const test = useTestArr();
  const [result, setResult, clearResult] = useAnswerFor<ArrTestResult>([
    entry.url,
    form.typedSecret(draftKey),
    entry.name,
  ]);
  const envKey = (field: string) => (id !== undefined ? `${kind}.${id}.${field}` : `${kind}.new.${field}`);
  const name = String(entry.name ?? kind);
  const remove = () => {
    const list = (form.get([kind]) as Tree[]).filter((_, i) => i !== index);
    form.set([kind], list);
  };
  const runTest = () => {
    clearResult();
    const typed = form.typedSecret(draftKey);
    test.mutate(
      {
        kind,
        url: String(entry.url ?? ""),
        ...(typed ? { apiKey: typed } : {}),
        ...(id !== undefined ? { id } : {}),
        name,
      },
      { onSuccess: setResult },
    );
  };
  return (
    <section class="card instance-card" aria-label={`${TITLES[kind]} ${name}`}>
      <div class="card-header">
        <h3>
          {TITLES[kind]} · {name}
        </h3>
        <button type="button" class="button small danger" onClick={remove}>
          Remove
        </button>
      </div>
      <div class="form-grid">
        <TextField form={form} path={[kind, index, "name"]} envKey={envKey("name")} label="Name" />
        <TextField
          form={form}
          path={[kind, index, "url"]}
          envKey={envKey("url")}
          label="URL"
          type="url"
          placeholder={`http://${kind}:${PORTS[kind]}`}
        />
        <SecretField
          form={form}
          label="API key"
          optional={false}
          draftKey={draftKey}
          savedSet={id !== undefined && doc.secrets[`${kind}.${id}.apiKey`]?.set === true}
          envName={doc.env[envKey("apiKey")]}
          errorPath={[kind, index, "apiKey"]}
          hint={`${TITLES[kind]} → Settings → General → API Key`}
        />
        <ToggleField form={form} path={[kind, index, "enabled"]} envKey={envKey("enabled")} label="Enabled" />
      </div>
      <PathMappings form={form} path={[kind, index, "pathMappings"]} label="Path mappings" />
      <div class="card-actions">
        <button type="button" class="button" disabled={test.isPending} onClick={runTest}>
          {test.isPending ? "Testing…" : "Test"}
        </button>
      </div>
      {result && <TestLine result={result} />}
    </section>
  );
}

/** Every instance of one app, and a button that adds one. */
export function ArrInstances({
  kind,
  form,
  doc,
}: {
  kind: "sonarr" | "radarr";
  form: SettingsForm;
  doc: SettingsDocument;
}) {
  const list = (form.get([kind]) as Tree[] | undefined) ?? [];
  const add = () =>
    form.set(
      [kind],
      [
        ...list,
        {
          [ENTRY_KEY]: newEntryKey(),
          name: list.length === 0 ? "main" : `${kind}-${list.length + 1}`,
          url: "",
          enabled: true,
          pathMappings: [],
        },
      ],
    );
  return (
    <section class="page-section" aria-labelledby={`${kind}-title`}>
      <div class="section-header">
        <h2 id={`${kind}-title`}>{TITLES[kind]}</h2>
        <button type="button" class="button small" onClick={add}>
          Add {TITLES[kind]}
        </button>
      </div>
      {list.length === 0 && <p class="muted">No {TITLES[kind]} instance.</p>}
      <div class="stack">
        {list.map((entry, i) => (
          <Instance key={entry[ENTRY_KEY] as string} kind={kind} index={i} form={form} doc={doc} />
        ))}
      </div>
    </section>
  );
}
