import type { ProviderStatus } from "../../api/dashboard.ts";
import { useTestProvider } from "../../api/providers.ts";
import { formatDuration, formatNumber } from "../../app/format.ts";
import { Icon } from "../../components/icon.tsx";
import { RelativeTime } from "../../components/relative-time.tsx";
import { StatusPill } from "../../components/status-pill.tsx";
import { showToast } from "../../components/toast.tsx";
import { canSwitch, EnableButton, useEnabledByEnv } from "./enable-button.tsx";
import { EnableHint } from "./enable-hint.tsx";
import { breakerView, formatRate } from "./provider-text.ts";
import { pausedBy, ResumeButton, ResumeHint } from "./resume-now.tsx";

const withoutPrefix = (name: string, message: string) =>
  message.startsWith(`${name}: `) ? message.slice(name.length + 2) : message;

function Credentials({ provider }: { provider: ProviderStatus }) {
  if (provider.credentials.length === 0) return <span class="muted">none needed</span>;
  return (
    <ul class="credentials">
      {provider.credentials.map((c) => (
        <li key={c.key} title={`${c.key} or ${c.env}: ${c.purpose}`}>
          <code>{c.key.split(".").pop()}</code>{" "}
          {c.set ? (
            <StatusPill status="set" tone="ok">
              set
            </StatusPill>
          ) : (
            <StatusPill status="missing" tone={c.required ? "danger" : "muted"}>
              {c.required ? "missing" : "not set"}
            </StatusPill>
          )}
        </li>
      ))}
    </ul>
  );
}

function Breaker({ provider }: { provider: ProviderStatus }) {
  const view = breakerView(provider.breaker);
  const failures = provider.consecutiveFailures;
  return (
    <>
      <StatusPill status={provider.breaker} tone={view.tone}>
        {view.text}
      </StatusPill>
      {failures > 0 && (
        <span class="muted">
          {" "}
          · {failures} {failures === 1 ? "failure" : "failures"} in a row
        </span>
      )}
      {provider.breakerRetryAt && (
        <span class="muted">
          {" "}
          · next try <RelativeTime value={provider.breakerRetryAt} />
        </span>
      )}
    </>
  );
}

function Quota({ quota }: { quota: ProviderStatus["quota"] }) {
  if (quota.pausedUntil) {
    return (
      <span>
        <StatusPill status="paused" tone="warn">
          paused
        </StatusPill>{" "}
        · resumes <RelativeTime value={quota.pausedUntil} />
        {quota.reason && <span class="muted"> · {quota.reason}</span>}
      </span>
    );
  }
  if (quota.remaining === null) return <span class="muted">not reported by this provider</span>;
  // A renewal already past says nothing until the provider reports again.
  const renews = quota.resetAt !== null && Date.parse(quota.resetAt) > Date.now();
  return (
    <span>
      {formatNumber(quota.remaining)}
      {quota.limit !== null && ` of ${formatNumber(quota.limit)}`} downloads left
      {renews && (
        <span class="muted">
          {" "}
          · renews <RelativeTime value={quota.resetAt} />
        </span>
      )}
    </span>
  );
}

function Activity({ stats }: { stats: ProviderStatus["stats"] }) {
  const parts = [`${formatNumber(stats.searches)} ${stats.searches === 1 ? "search" : "searches"}`];
  if (stats.hitRate !== null) parts.push(`${Math.round(stats.hitRate * 100)} % found`);
  if (stats.meanLatencyMs !== null) parts.push(`${formatDuration(stats.meanLatencyMs)} mean`);
  parts.push(`${formatNumber(stats.downloads)} ${stats.downloads === 1 ? "download" : "downloads"}`);
  if (stats.downloadFailures > 0) parts.push(`${formatNumber(stats.downloadFailures)} failed`);
  return <span>{parts.join(" · ")}</span>;
}

function TestResult({
  result,
}: {
  result: { ok: boolean; latencyMs: number; message: string; at?: string };
}) {
  return (
    <div class="test-result" data-ok={result.ok} role="status">
      <StatusPill status={result.ok ? "ok" : "failed"}>
        {result.ok ? "Test passed" : "Test failed"}
      </StatusPill>
      <span class="muted">{formatDuration(result.latencyMs)}</span>
      {result.at && (
        <span class="muted">
          <RelativeTime value={result.at} />
        </span>
      )}
      <p>{result.message}</p>
    </div>
  );
}

/** One provider: can it be asked now, what does it lack, what went wrong last; Test asks it for real. */
export function ProviderCard({ provider }: { provider: ProviderStatus }) {
  const test = useTestProvider();
  const title = provider.title;
  const missing = provider.credentials.filter((c) => c.required && !c.set);
  const headingId = `provider-${provider.name}`;
  const envSwitch = useEnabledByEnv(provider.name);
  const runTest = () =>
    test.mutate(provider.name, {
      onSuccess: (r) =>
        showToast({
          kind: r.ok ? "success" : "error",
          title: r.ok ? `${title}: test passed` : `${title}: test failed`,
          detail: r.message,
        }),
    });
  // The mutation waits for the refetch it causes, so the server's last test is already this one.
  const result = provider.lastTest ?? test.data;
  const paused = provider.enabled ? pausedBy(provider) : null;
  return (
    <section class="card provider-card" data-enabled={provider.enabled} aria-labelledby={headingId}>
      <div class="card-header">
        <h2 id={headingId}>{title}</h2>
        <StatusPill status={provider.enabled ? "enabled" : "disabled"} />
      </div>
      <p class="muted">{provider.goodFor}</p>
      {!provider.enabled && envSwitch ? (
        <p class="muted">
          Switched off by <span class="badge env-badge">{envSwitch}</span>; change it there.
        </p>
      ) : !provider.enabled ? (
        <EnableHint name={provider.name} missing={missing.map((c) => c.key.split(".").pop() ?? c.key)} />
      ) : (
        <dl class="kv">
          {paused && <ResumeHint provider={provider} cause={paused} />}
          {provider.limitation && (
            <>
              <dt>Limited</dt>
              <dd>
                <StatusPill status="limited" tone="warn">
                  not used
                </StatusPill>{" "}
                <span class="error-text" data-testid="provider-limitation">
                  {provider.limitation}
                </span>
              </dd>
            </>
          )}
          <dt>Credentials</dt>
          <dd>
            <Credentials provider={provider} />
          </dd>
          <dt>Breaker</dt>
          <dd>
            <Breaker provider={provider} />
          </dd>
          <dt>Rate limit</dt>
          <dd>
            {formatRate(provider.rateLimit.requests, provider.rateLimit.perMs)}
            {provider.rateLimit.pausedUntil && (
              <span class="muted">
                {" "}
                · waiting, resumes <RelativeTime value={provider.rateLimit.pausedUntil} />
              </span>
            )}
          </dd>
          <dt>Quota</dt>
          <dd>
            <Quota quota={provider.quota} />
          </dd>
          <dt>Last error</dt>
          <dd>
            {provider.lastError ? (
              <>
                <span class="error-text">{withoutPrefix(provider.name, provider.lastError.message)}</span>{" "}
                <span class="muted">
                  <RelativeTime value={provider.lastError.at} />
                </span>
              </>
            ) : (
              <span class="muted">none since start</span>
            )}
          </dd>
          <dt>Activity</dt>
          <dd>
            <Activity stats={provider.stats} />
          </dd>
          <dt>Priority</dt>
          <dd>
            {provider.priority} <span class="muted">(lower is asked first)</span>
          </dd>
        </dl>
      )}
      {(provider.enabled || canSwitch(provider, envSwitch)) && (
        <div class="card-footer">
          {provider.enabled && result && <TestResult result={result} />}
          <div class="card-actions">
            {paused && <ResumeButton provider={provider} />}
            {canSwitch(provider, envSwitch) && <EnableButton provider={provider} />}
            {provider.enabled && (
              <button
                type="button"
                class="button"
                aria-label={`Test ${title}`}
                onClick={runTest}
                disabled={test.isPending}
              >
                <Icon name="check" />
                {test.isPending ? "Testing…" : "Test"}
              </button>
            )}
          </div>
        </div>
      )}
    </section>
  );
}
