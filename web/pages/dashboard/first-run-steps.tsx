import { useState } from "preact/hooks";
import { ApiProblem } from "../../api/client.ts";
import { type ProviderStatus, useProviders } from "../../api/dashboard.ts";
import { type ProviderTestResult, useTestProvider } from "../../api/providers.ts";
import { type SettingsDocument, useSaveSettings, useTestArr, useTestFolder } from "../../api/settings.ts";
import { useAnswerFor } from "../../app/answer-for.ts";
import { StatusPill } from "../../components/status-pill.tsx";

/** The first-run guide's two steps with a choice and a Test: the library source and the provider. */

export type Values = SettingsDocument["values"] & {
  sonarr?: unknown[];
  radarr?: unknown[];
  standalone?: { roots?: string[] };
  languages?: string[];
  providers?: Record<string, { enabled?: boolean }>;
};

/** How the guide labels the fields a refused save names by config path. */
const FIELD_LABELS: Record<string, string> = {
  apiKey: "API key",
  url: "URL",
  name: "Name",
  username: "Username",
  password: "Password",
  languages: "Languages",
  roots: "Folder",
};

/** `providers.opensubtitles.apiKey` → "API key", `languages.1` → "Languages": what the user typed into. */
export function fieldLabel(path: string): string {
  const key = path.split(".").findLast((part) => !/^\d+$/.test(part)) ?? path;
  return FIELD_LABELS[key] ?? key;
}

export function problemText(error: unknown): string {
  if (error instanceof ApiProblem)
    return (
      error.problem.errors?.map((e) => `${fieldLabel(e.path)}: ${e.message}`).join("; ") ||
      (error.problem.detail ?? "")
    );
  return error instanceof Error ? error.message : String(error);
}

export function Result({ ok, message }: { ok: boolean; message: string }) {
  return (
    <div class="test-result" data-ok={ok} role="status">
      <p>
        <strong>{ok ? "Works" : "Failed"}:</strong> {message}
      </p>
    </div>
  );
}

export function SourceStep({ doc, next }: { doc: SettingsDocument; next: () => void }) {
  const [kind, setKind] = useState<"sonarr" | "radarr" | "folder">("sonarr");
  const [url, setUrl] = useState("");
  const [apiKey, setApiKey] = useState("");
  const [folder, setFolder] = useState("");
  const [result, setResult, clearResult] = useAnswerFor<{ ok: boolean; message: string }>([
    kind,
    url,
    apiKey,
    folder,
  ]);
  const test = useTestArr();
  const testFolder = useTestFolder();
  const save = useSaveSettings();
  const values = doc.values as Values;
  // The name the instance is saved under, so a Test's answer names it as the saved one will.
  const newInstanceName = (app: "sonarr" | "radarr") => {
    const count = ((values[app] as unknown[] | undefined) ?? []).length;
    return count ? `${app}-${count + 1}` : "main";
  };
  const onSave = () => {
    if (kind === "folder") {
      save.mutate(
        {
          revision: doc.revision,
          values: { standalone: { roots: [...(values.standalone?.roots ?? []), folder.trim()] } },
        },
        { onSuccess: next },
      );
      return;
    }
    const list = (values[kind] as unknown[] | undefined) ?? [];
    save.mutate(
      {
        revision: doc.revision,
        values: {
          [kind]: [...list, { name: newInstanceName(kind), url: url.trim() }],
        },
        secrets: { [`${kind}.${list.length}.apiKey`]: apiKey.trim() },
      },
      { onSuccess: next },
    );
  };
  const arr = kind !== "folder";
  return (
    <div class="stack">
      <p>Where do your videos come from?</p>
      <fieldset class="choice-row">
        <legend class="visually-hidden">Library source</legend>
        {(["sonarr", "radarr", "folder"] as const).map((k) => (
          <button
            key={k}
            type="button"
            class="button"
            aria-pressed={kind === k}
            onClick={() => {
              setKind(k);
              clearResult();
            }}
          >
            {k === "sonarr" ? "Sonarr" : k === "radarr" ? "Radarr" : "A folder"}
          </button>
        ))}
      </fieldset>
      {arr ? (
        <div class="form-grid">
          <div class="field">
            <label for="guide-url">{kind === "sonarr" ? "Sonarr" : "Radarr"} URL</label>
            <input
              id="guide-url"
              class="input"
              type="url"
              placeholder={kind === "sonarr" ? "http://sonarr:8989" : "http://radarr:7878"}
              value={url}
              onInput={(e) => setUrl(e.currentTarget.value)}
            />
          </div>
          <div class="field">
            <label for="guide-key">API key</label>
            <input
              id="guide-key"
              class="input"
              type="password"
              autocomplete="off"
              value={apiKey}
              onInput={(e) => setApiKey(e.currentTarget.value)}
            />
            <span class="muted setting-hint">In the app: Settings → General → API Key</span>
          </div>
        </div>
      ) : (
        <div class="field">
          <label for="guide-folder">Folder to scan</label>
          <input
            id="guide-folder"
            class="input"
            placeholder="/srv/media/videos"
            value={folder}
            onInput={(e) => setFolder(e.currentTarget.value)}
          />
          <span class="muted setting-hint">
            Checked by the first scan; more folders in Settings → Library sources.
          </span>
        </div>
      )}
      {result && <Result ok={result.ok} message={result.message} />}
      {save.isError && (
        <div class="alert" role="alert">
          {problemText(save.error)}
        </div>
      )}
      <div class="card-actions">
        <button
          type="button"
          class="button"
          disabled={(arr ? !url || !apiKey : !folder.trim()) || test.isPending || testFolder.isPending}
          onClick={() =>
            arr
              ? test.mutate(
                  { kind, url: url.trim(), apiKey: apiKey.trim(), name: newInstanceName(kind) },
                  { onSuccess: setResult },
                )
              : testFolder.mutate(folder.trim(), { onSuccess: setResult })
          }
        >
          {test.isPending || testFolder.isPending ? "Testing…" : "Test"}
        </button>
        <button
          type="button"
          class="button primary"
          disabled={save.isPending || (arr ? !url || !apiKey : !folder.trim())}
          onClick={onSave}
        >
          Save and continue
        </button>
      </div>
    </div>
  );
}

export function ProviderStep({ doc, next }: { doc: SettingsDocument; next: () => void }) {
  const providers = useProviders();
  const [name, setName] = useState("podnapisi");
  const [secrets, setSecrets] = useState<Record<string, string>>({});
  const [result, setResult] = useState<ProviderTestResult | null>(null);
  const save = useSaveSettings();
  const test = useTestProvider();
  const chosen: ProviderStatus | undefined = providers.data?.find((p) => p.name === name);
  const values = doc.values as Values;
  const enabledNow = values.providers?.[name]?.enabled === true && chosen?.enabled === true;
  const typed = Object.fromEntries(
    Object.entries(secrets).filter(([k, v]) => k.startsWith(`providers.${name}.`) && v),
  );
  return (
    <div class="stack">
      <fieldset class="choice-row">
        <legend class="visually-hidden">Provider</legend>
        {providers.data?.map((p) => (
          <button
            key={p.name}
            type="button"
            class="button"
            aria-pressed={p.name === name}
            onClick={() => {
              setName(p.name);
              setResult(null);
            }}
          >
            {p.title}
          </button>
        ))}
      </fieldset>
      {chosen && <p class="muted">{chosen.goodFor}</p>}
      {chosen?.credentials.map((c) => (
        <div class="field" key={c.key}>
          <label for={`guide-${c.key}`}>
            {fieldLabel(c.key)} {c.set && <StatusPill status="set" tone="ok" />}
          </label>
          <input
            id={`guide-${c.key}`}
            class="input"
            type={c.key.endsWith("username") ? "text" : "password"}
            autocomplete="off"
            value={secrets[c.key] ?? ""}
            onInput={(e) => setSecrets({ ...secrets, [c.key]: e.currentTarget.value })}
          />
          <span class="muted setting-hint">{c.purpose}</span>
        </div>
      ))}
      {result && <Result ok={result.ok} message={result.message} />}
      {save.isError && (
        <div class="alert" role="alert">
          {problemText(save.error)}
        </div>
      )}
      <div class="card-actions">
        {!enabledNow || Object.keys(typed).length > 0 ? (
          <button
            type="button"
            class="button primary"
            disabled={save.isPending || !chosen}
            onClick={() => {
              const username = typed[`providers.${name}.username`];
              const secretOnly = Object.fromEntries(
                Object.entries(typed).filter(([k]) => !k.endsWith(".username")),
              );
              save.mutate(
                {
                  revision: doc.revision,
                  values: {
                    providers: {
                      ...values.providers,
                      [name]: {
                        ...values.providers?.[name],
                        enabled: true,
                        ...(username ? { username } : {}),
                      },
                    },
                  },
                  secrets: secretOnly,
                },
                { onSuccess: () => setSecrets({}) },
              );
            }}
          >
            Enable {chosen?.title ?? name}
          </button>
        ) : (
          <>
            <button
              type="button"
              class="button"
              disabled={test.isPending}
              onClick={() => test.mutate(name, { onSuccess: setResult })}
            >
              {test.isPending ? "Testing…" : "Test"}
            </button>
            <button type="button" class="button primary" onClick={next}>
              Continue
            </button>
          </>
        )}
      </div>
    </div>
  );
}
