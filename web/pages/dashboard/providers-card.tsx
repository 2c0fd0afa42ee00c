import { Link } from "wouter-preact";
import { type ProviderStatus, useProviders } from "../../api/dashboard.ts";
import { formatNumber } from "../../app/format.ts";
import { RelativeTime } from "../../components/relative-time.tsx";
import { Skeleton } from "../../components/skeleton.tsx";
import { StatusPill } from "../../components/status-pill.tsx";
import { formatRate } from "../providers/provider-text.ts";

/** "5 requests per second · 37 of 200 downloads left": the limits a provider works under. */
function Limits({ provider }: { provider: ProviderStatus }) {
  const { rateLimit, quota } = provider;
  return (
    <span class="muted">
      {formatRate(rateLimit.requests, rateLimit.perMs)}
      {quota.pausedUntil ? (
        <>
          {" "}
          · downloads paused, resuming <RelativeTime value={quota.pausedUntil} />
        </>
      ) : (
        quota.remaining !== null &&
        ` · ${formatNumber(quota.remaining)}${quota.limit !== null ? ` of ${formatNumber(quota.limit)}` : ""} downloads left`
      )}
    </span>
  );
}

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
          No provider is enabled: turn one on in <Link href="/settings/providers">Settings → Providers</Link>.
        </p>
      )}
      <ul class="list">
        {enabled.map((p) => {
          const status = p.breaker === "open" ? "failed" : !p.healthy ? "degraded" : "ok";
          // Unhealthy for want of a key or an account (left out of searches) is not a pause.
          const text =
            p.breaker === "open"
              ? "breaker open"
              : p.quota.pausedUntil
                ? "quota paused"
                : p.limitation
                  ? "not used"
                  : p.healthy
                    ? "ok"
                    : "paused";
          return (
            <li key={p.name} data-testid={`provider-${p.name}`}>
              <span class="stack">
                <span class="truncate">
                  <strong>{p.name}</strong>
                  {p.lastError && (
                    <span class="muted" title={p.lastError.message}>
                      {" "}
                      · last error <RelativeTime value={p.lastError.at} />
                    </span>
                  )}
                </span>
                <Limits provider={p} />
              </span>
              <StatusPill status={status}>
                <span title={p.limitation ?? undefined}>{text}</span>
              </StatusPill>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
