import { useState } from "preact/hooks";
import { ApiProblem } from "../../api/client.ts";
import { type ProviderStatus, useProviders, useStartScan, useSystemStatus } from "../../api/dashboard.ts";
import { live } from "../../api/events.ts";
import { type ProviderTestResult, useTestProvider } from "../../api/providers.ts";
import {
  type SettingsDocument,
  useSaveSettings,
  useSettings,
  useTestArr,
  useTestFolder,
} from "../../api/settings.ts";
import { createStore, useStore } from "../../app/store.ts";
import { LanguageLabel } from "../../components/language-label.tsx";
import { StatusPill } from "../../components/status-pill.tsx";

type Step = "source" | "languages" | "provider" | "scan";
const STEPS: { step: Step; title: string }[] = [
  { step: "source", title: "1. Library source" },
  { step: "languages", title: "2. Languages" },
  { step: "provider", title: "3. Subtitle provider" },
  { step: "scan", title: "4. First scan" },
];

/** The guide stays open from the first step to the running scan, across page changes. */
const guide = createStore<{ step: Step | null }>({ step: null });

type Values = SettingsDocument["values"] & {
  sonarr?: unknown[];
  radarr?: unknown[];
  standalone?: { roots?: string[] };
  languages?: string[];
  providers?: Record<string, { enabled?: boolean }>;
};

function problemText(error: unknown): string {
  if (error instanceof ApiProblem)
    return (
      error.problem.errors?.map((e) => `${e.path}: ${e.message}`).join("; ") || (error.problem.detail ?? "")
    );
  return error instanceof Error ? error.message : String(error);
}

function Result({ ok, message }: { ok: boolean; message: string }) {
  return (
    <div class="test-result" data-ok={ok} role="status">
      <p>
        <strong>{ok ? "Works" : "Failed"}:</strong> {message}
      </p>
    </div>
  );
}

function SourceStep({ doc, next }: { doc: SettingsDocument; next: () => void }) {
  const [kind, setKind] = useState<"sonarr" | "radarr" | "folder">("sonarr");
  const [url, setUrl] = useState("");
  const [apiKey, setApiKey] = useState("");
  const [folder, setFolder] = useState("");
  const [result, setResult] = useState<{ ok: boolean; message: string } | null>(null);
  const test = useTestArr();
  const testFolder = useTestFolder();
  const save = useSaveSettings();
  const values = doc.values as Values;
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
          [kind]: [...list, { name: list.length ? `${kind}-${list.length + 1}` : "main", url: url.trim() }],
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
              setResult(null);
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
              ? test.mutate({ kind, url: url.trim(), apiKey: apiKey.trim() }, { onSuccess: setResult })
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

function LanguagesStep({ doc, next }: { doc: SettingsDocument; next: () => void }) {
  const values = doc.values as Values;
  const [text, setText] = useState((values.languages ?? []).join(", "));
  const save = useSaveSettings();
  const languages = text
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  return (
    <div class="stack">
      <div class="field">
        <label for="guide-languages">Subtitle languages you want</label>
        <input
          id="guide-languages"
          class="input"
          value={text}
          onInput={(e) => setText(e.currentTarget.value)}
        />
        <span class="muted setting-hint">Codes such as en, de, pt-BR, separated by commas.</span>
      </div>
      <p>
        {languages.map((code) => (
          <span key={code}>
            <LanguageLabel code={code} />{" "}
          </span>
        ))}
      </p>
      {save.isError && (
        <div class="alert" role="alert">
          {problemText(save.error)}
        </div>
      )}
      <div class="card-actions">
        <button
          type="button"
          class="button primary"
          disabled={save.isPending || languages.length === 0}
          onClick={() => save.mutate({ revision: doc.revision, values: { languages } }, { onSuccess: next })}
        >
          Save and continue
        </button>
      </div>
    </div>
  );
}

function ProviderStep({ doc, next }: { doc: SettingsDocument; next: () => void }) {
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
            {c.key.split(".").pop()} {c.set && <StatusPill status="set" tone="ok" />}
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

function ScanStep({ close }: { close: () => void }) {
  const scan = useStartScan();
  const pushed = useStore(live).scan;
  const started = scan.data;
  const progress = started && pushed?.scanId === started.scanId ? pushed : null;
  return (
    <div class="stack">
      {!started ? (
        <>
          <p>Everything is set. The first scan reads your library and lists what lacks subtitles.</p>
          <div class="card-actions">
            <button
              type="button"
              class="button primary"
              disabled={scan.isPending}
              onClick={() => scan.mutate()}
            >
              Start the first scan
            </button>
          </div>
        </>
      ) : (
        <>
          <p data-testid="first-scan">
            First scan {started.scanId}: <StatusPill status={progress?.status ?? "running"} />
            {progress && progress.total > 0 && ` ${progress.done} of ${progress.total} files`}
          </p>
          <p class="muted">
            The Wanted page fills as it goes; searches start on their schedule, or with "Search now".
          </p>
          <div class="card-actions">
            <button type="button" class="button" onClick={close}>
              Close the guide
            </button>
          </div>
        </>
      )}
    </div>
  );
}

function GuideSteps({ doc, step }: { doc: SettingsDocument; step: Step }) {
  const go = (s: Step | null) => guide.set({ step: s });
  const index = STEPS.findIndex((s) => s.step === step);
  return (
    <section class="card first-run" aria-labelledby="first-run-title">
      <div class="card-header">
        <h2 id="first-run-title">Set up Subhound</h2>
      </div>
      <ol>
        {STEPS.map((s, i) => (
          <li key={s.step} aria-current={s.step === step ? "step" : undefined} data-done={i < index}>
            {s.title}
          </li>
        ))}
      </ol>
      {step === "source" && <SourceStep doc={doc} next={() => go("languages")} />}
      {step === "languages" && <LanguagesStep doc={doc} next={() => go("provider")} />}
      {step === "provider" && <ProviderStep doc={doc} next={() => go("scan")} />}
      {step === "scan" && <ScanStep close={() => go(null)} />}
    </section>
  );
}

/**
 * Shown while the running server has no library source or no provider: source, languages and
 * provider, each tested and saved through the settings API, then the first scan.
 */
export function FirstRunGuide() {
  const system = useSystemStatus();
  const providers = useProviders();
  const state = useStore(guide);
  const running = system.data?.config as Values | undefined;
  const hasSource =
    (running?.sonarr?.length ?? 0) > 0 ||
    (running?.radarr?.length ?? 0) > 0 ||
    (running?.standalone?.roots?.length ?? 0) > 0;
  const hasProvider = providers.data?.some((p) => p.enabled) ?? false;
  const needed =
    state.step !== null ||
    (system.data !== undefined && providers.data !== undefined && !(hasSource && hasProvider));
  const settings = useSettings(needed);
  if (!needed || !settings.data) return null;
  return <GuideSteps doc={settings.data} step={state.step ?? (hasSource ? "languages" : "source")} />;
}
