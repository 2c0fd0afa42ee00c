import { useState } from "preact/hooks";
import { useProviders } from "../../api/dashboard.ts";
import type { ProviderTestResult } from "../../api/providers.ts";
import { useTestProvider } from "../../api/providers.ts";
import type { SettingsDocument } from "../../api/settings.ts";
import { Skeleton } from "../../components/skeleton.tsx";
import { NumberField, SecretField, TextField, ToggleField } from "./fields.tsx";
import type { SettingsForm } from "./form-state.ts";
import { ProxyCard } from "./proxy-card.tsx";

/**
 * Test asks the running provider, which uses the saved settings: with a key typed or the switch changed
 * and not saved yet, its answer would be about the old values, so it waits for Save.
 */
function ProviderTest({ name, enabled, unsaved }: { name: string; enabled: boolean; unsaved: boolean }) {
  const test = useTestProvider();
  const [result, setResult] = useState<ProviderTestResult | null>(null);
  const ready = enabled && !unsaved;
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
        {!ready && (
          <span class="muted">
            {enabled ? "Save your changes, then Test." : "Save with the provider enabled, then Test."}
          </span>
        )}
      </div>
      {result && ready && (
        <div class="test-result" data-ok={result.ok} role="status">
          <p>
            <strong>{result.ok ? "Works" : "Failed"}:</strong> {result.message}
          </p>
        </div>
      )}
    </>
  );
}

/** The outbound proxy, then each provider: on or off, its priority, its keys (set or not, replaced when typed), Test. */
export function ProvidersSection({ form, doc }: { form: SettingsForm; doc: SettingsDocument }) {
  const providers = useProviders();
  if (!providers.data) return <Skeleton />;
  return (
    <div class="stack">
      <ProxyCard form={form} doc={doc} />
      {providers.data.map((p) => {
        const base = ["providers", p.name];
        const saved = (doc.values.providers as Record<string, Record<string, unknown>> | undefined)?.[p.name];
        const enabledChanged = form.get([...base, "enabled"]) !== saved?.enabled;
        // A typed (or removed) key, or another username: the provider still runs with the saved ones.
        const credentialsChanged = p.credentials.some((c) =>
          c.key.endsWith(".username")
            ? (form.get([...base, "username"]) ?? "") !== (saved?.username ?? "")
            : form.typedSecret(c.key) !== undefined,
        );
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
            <ProviderTest name={p.name} enabled={p.enabled && !enabledChanged} unsaved={credentialsChanged} />
          </section>
        );
      })}
    </div>
  );
}
