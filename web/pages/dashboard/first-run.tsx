import { useState } from "preact/hooks";
import { useHasLibrarySource, useProviders, useStartScan } from "../../api/dashboard.ts";
import { live } from "../../api/events.ts";
import { type SettingsDocument, useSaveSettings, useSettings } from "../../api/settings.ts";
import { createStore, useStore } from "../../app/store.ts";
import { LanguageLabel } from "../../components/language-label.tsx";
import { StatusPill } from "../../components/status-pill.tsx";
import { ProviderStep, problemText, SourceStep, type Values } from "./first-run-steps.tsx";

type Step = "source" | "languages" | "provider" | "scan";
const STEPS: { step: Step; title: string }[] = [
  { step: "source", title: "1. Library source" },
  { step: "languages", title: "2. Languages" },
  { step: "provider", title: "3. Subtitle provider" },
  { step: "scan", title: "4. First scan" },
];

/** The guide stays open from the first step to the running scan, across page changes. */
const guide = createStore<{ step: Step | null }>({ step: null });

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
            The Wanted page lists what lacks subtitles as the scan finds it; searches start on their schedule,
            or with "Search now".
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
  const hasSource = useHasLibrarySource();
  const providers = useProviders();
  const state = useStore(guide);
  const hasProvider = providers.data?.some((p) => p.enabled) ?? false;
  const needed =
    state.step !== null ||
    (hasSource !== undefined && providers.data !== undefined && !(hasSource && hasProvider));
  const settings = useSettings(needed);
  if (!needed || !settings.data) return null;
  return <GuideSteps doc={settings.data} step={state.step ?? (hasSource ? "languages" : "source")} />;
}
