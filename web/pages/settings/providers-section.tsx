import { useState } from "preact/hooks";
import { useProviders } from "../../api/dashboard.ts";
import type { ProviderTestResult } from "../../api/providers.ts";
import { useTestProvider } from "../../api/providers.ts";
import type { SettingsDocument } from "../../api/settings.ts";
import { Skeleton } from "../../components/skeleton.tsx";
import { NumberField, SecretField, TextField, ToggleField } from "./fields.tsx";
import type { SettingsForm } from "./form-state.ts";

function ProviderTest({ name, ready }: { name: string; ready: boolean }) {
  const test = useTestProvider();
  const [result, setResult] = useState<ProviderTestResult | null>(null);
  return (
    <>
      <div class="card-actions">
        <button
          type="button"
          class="button"
          disabled={!ready || test.isPending}
          onClick={() => test.mutate(name, { onSuccess: setResult })}
        >
          {test.isPending ? "Testing…" : "Test"}
        </button>
        {!ready && <span class="muted">Save with the provider enabled, then Test.</span>}
      </div>
      {result && (
        <div class="test-result" data-ok={result.ok} role="status">
          <p>
            <strong>{result.ok ? "Works" : "Failed"}:</strong> {result.message}
          </p>
        </div>
      )}
    </>
  );
}

/** Each provider: on or off, its priority, its keys (set or not, replaced when typed), Test. */
export function ProvidersSection({ form, doc }: { form: SettingsForm; doc: SettingsDocument }) {
  const providers = useProviders();
  if (!providers.data) return <Skeleton />;
  return (
    <div class="stack">
      {providers.data.map((p) => {
        const base = ["providers", p.name];
        const savedEnabled = (doc.values.providers as Record<string, { enabled?: boolean }>)?.[p.name]
          ?.enabled;
        const unsaved = form.get([...base, "enabled"]) !== savedEnabled;
        return (
          <section key={p.name} class="card provider-settings" aria-label={p.title}>
            <div class="card-header">
              <h3>{p.title}</h3>
              <span class="muted">{p.goodFor}</span>
            </div>
            <div class="form-grid">
              <ToggleField form={form} path={[...base, "enabled"]} label="Enabled" />
              <NumberField
                form={form}
                path={[...base, "priority"]}
                label="Priority"
                hint="Lower is asked first and wins ties."
              />
              {p.credentials.map((c) =>
                c.key.endsWith(".username") ? (
                  <TextField
                    key={c.key}
                    form={form}
                    path={[...base, "username"]}
                    label="Username"
                    hint={c.purpose}
                  />
                ) : (
                  <SecretField
                    key={c.key}
                    form={form}
                    label={c.key.endsWith(".password") ? "Password" : "API key"}
                    draftKey={c.key}
                    savedSet={doc.secrets[c.key]?.set === true}
                    envName={doc.env[c.key]}
                    errorPath={c.key.split(".")}
                    hint={c.purpose}
                  />
                ),
              )}
            </div>
            <ProviderTest name={p.name} ready={p.enabled && !unsaved} />
          </section>
        );
      })}
    </div>
  );
}
