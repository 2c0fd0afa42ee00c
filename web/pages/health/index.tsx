import { Link } from "wouter-preact";
import { useDetailedHealth, useRefreshHealth } from "../../api/health.ts";
import { Icon } from "../../components/icon.tsx";
import { RelativeTime } from "../../components/relative-time.tsx";
import { Skeleton } from "../../components/skeleton.tsx";
import { StatusPill } from "../../components/status-pill.tsx";
import { Details } from "./detail-value.tsx";
import { SUBSYSTEM_FIXES, subsystemAdvice, subsystemTitle } from "./subsystem-names.ts";

export default function HealthPage() {
  const health = useDetailedHealth();
  const refresh = useRefreshHealth();
  const report = health.data;
  const subsystems = report
    ? Object.entries(report.subsystems as Record<string, Record<string, unknown>>)
    : [];
  // Broken ones first: that is what someone opening this page came for.
  subsystems.sort(([, a], [, b]) => Number(a.healthy) - Number(b.healthy));
  return (
    <div class="page">
      <div class="page-header">
        <div>
          <h1>Health</h1>
          <p class="muted">
            {report ? (
              <>
                Checked <RelativeTime value={report.checkedAt} />
              </>
            ) : (
              "Checking every subsystem…"
            )}
          </p>
        </div>
        <div class="page-actions">
          {report && (
            <StatusPill status={report.status}>
              {report.status === "healthy" ? "All critical subsystems healthy" : "Degraded"}
            </StatusPill>
          )}
          <button
            type="button"
            class="button"
            onClick={() => refresh.mutate()}
            disabled={refresh.isPending || health.isFetching}
          >
            <Icon name="refresh" />
            {refresh.isPending ? "Checking…" : "Refresh"}
          </button>
        </div>
      </div>
      {report && report.critical.length > 0 && report.status !== "healthy" && (
        <div class="alert" role="alert">
          Degraded because of:{" "}
          {report.critical
            .filter((c) => !(report.subsystems as Record<string, { healthy: boolean }>)[c]?.healthy)
            .map(subsystemTitle)
            .join(", ") || "a critical subsystem"}
          .
        </div>
      )}
      <div class="grid">
        {!report &&
          Array.from({ length: 6 }, (_, i) => (
            <section key={i} class="card" aria-hidden="true">
              <Skeleton width="40%" />
              <p>
                <Skeleton />
              </p>
            </section>
          ))}
        {subsystems.map(([name, check]) => (
          <section key={name} class="card" aria-labelledby={`health-${name}`}>
            <div class="card-header">
              <h2 id={`health-${name}`}>{subsystemTitle(name)}</h2>
              <StatusPill status={check.healthy ? "healthy" : "unhealthy"}>
                {check.healthy ? "healthy" : "unhealthy"}
              </StatusPill>
            </div>
            <p>{String(check.message)}</p>
            {subsystemAdvice(name, check) && <p>{subsystemAdvice(name, check)}</p>}
            {!check.healthy && SUBSYSTEM_FIXES[name] && (
              <p>
                <Link href={SUBSYSTEM_FIXES[name].href} class="button small">
                  Fix it in {SUBSYSTEM_FIXES[name].label}
                </Link>
              </p>
            )}
            <Details values={check} skip={["healthy", "message"]} />
          </section>
        ))}
      </div>
    </div>
  );
}
