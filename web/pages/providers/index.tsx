import { Link } from "wouter-preact";
import { useProviders } from "../../api/dashboard.ts";
import { EmptyState } from "../../components/empty-state.tsx";
import { Skeleton } from "../../components/skeleton.tsx";
import { ProviderCard } from "./provider-card.tsx";
import { envEnabled } from "./provider-text.ts";

/** Which sources work, how much quota is left; Test asks one for real. */
export default function ProvidersPage() {
  const providers = useProviders();
  const list = providers.data ?? [];
  const enabled = list.filter((p) => p.enabled);
  const disabled = list.filter((p) => !p.enabled);
  return (
    <div class="page">
      <div class="page-header">
        <div>
          <h1>Providers</h1>
          <p class="muted">
            {providers.data
              ? `${enabled.length} of ${list.length} enabled, asked in priority order`
              : "Loading providers…"}
          </p>
        </div>
      </div>
      {!providers.data && (
        <div class="grid">
          {Array.from({ length: 3 }, (_, i) => (
            <section key={i} class="card" aria-hidden="true">
              <Skeleton width="40%" />
              <p>
                <Skeleton />
              </p>
              <Skeleton width="70%" />
            </section>
          ))}
        </div>
      )}
      {providers.data && enabled.length === 0 && (
        <section class="card">
          <EmptyState title="No provider is enabled">
            <p>
              Subhound cannot search for subtitles until at least one provider is on. Podnapisi and Gestdown
              need no account: turn one on with its Enable button below, in{" "}
              <Link href="/settings/providers">Settings → Providers</Link>, or add{" "}
              <code>[providers.podnapisi]</code> with <code>enabled = true</code> to <code>config.toml</code>{" "}
              (or set <code>{envEnabled("podnapisi")}</code>) and reload. OpenSubtitles, SubDL and Jimaku also
              need an <code>apiKey</code>; each card below says what to set.
            </p>
          </EmptyState>
        </section>
      )}
      {enabled.length > 0 && (
        <div class="grid">
          {enabled.map((p) => (
            <ProviderCard key={p.name} provider={p} />
          ))}
        </div>
      )}
      {disabled.length > 0 && (
        <section class="page-section" aria-labelledby="providers-disabled">
          <h2 id="providers-disabled">Not enabled</h2>
          <div class="grid">
            {disabled.map((p) => (
              <ProviderCard key={p.name} provider={p} />
            ))}
          </div>
        </section>
      )}
    </div>
  );
}
