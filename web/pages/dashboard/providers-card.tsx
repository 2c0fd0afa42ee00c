import { Link } from "wouter-preact";
import { useProviders } from "../../api/dashboard.ts";
import { RelativeTime } from "../../components/relative-time.tsx";
import { Skeleton } from "../../components/skeleton.tsx";
import { StatusPill } from "../../components/status-pill.tsx";

export function ProvidersCard() {
  const providers = useProviders();
  const enabled = providers.data?.filter((p) => p.enabled) ?? [];
  return (
    <section class="card" aria-labelledby="providers-title">
      <div class="card-header">
        <h2 id="providers-title">Providers</h2>
        <Link href="/providers" class="muted">
          All providers
        </Link>
      </div>
      {!providers.data && <Skeleton />}
      {providers.data && enabled.length === 0 && (
        <p class="muted">
          No provider is enabled: set <code>providers.&lt;name&gt;.enabled = true</code>.
        </p>
      )}
      <ul class="list">
        {enabled.map((p) => {
          const status = p.breaker === "open" ? "failed" : !p.healthy ? "degraded" : "ok";
          const text =
            p.breaker === "open"
              ? "breaker open"
              : p.quota.pausedUntil
                ? "quota paused"
                : p.healthy
                  ? "ok"
                  : "paused";
          return (
            <li key={p.name}>
              <span class="truncate">
                <strong>{p.name}</strong>
                {p.lastError && (
                  <span class="muted" title={p.lastError.message}>
                    {" "}
                    · last error <RelativeTime value={p.lastError.at} />
                  </span>
                )}
              </span>
              <StatusPill status={status}>{text}</StatusPill>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
