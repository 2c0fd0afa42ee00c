import { Link } from "wouter-preact";
import { useDetailedHealth } from "../../api/health.ts";
import { Skeleton } from "../../components/skeleton.tsx";
import { StatusPill } from "../../components/status-pill.tsx";
import { subsystemTitle } from "../health/subsystem-names.ts";

export function HealthCard() {
  const health = useDetailedHealth();
  const report = health.data;
  const subsystems = report
    ? Object.entries(report.subsystems as Record<string, { healthy: boolean; message: string }>)
    : [];
  return (
    <section class="card" aria-labelledby="health-title">
      <div class="card-header">
        <h2 id="health-title">Health</h2>
        <Link href="/health" class="muted">
          Details
        </Link>
      </div>
      {!report && <Skeleton />}
      <ul class="list">
        {subsystems.map(([name, check]) => (
          <li key={name} title={check.message}>
            <span class="truncate">{subsystemTitle(name)}</span>
            <StatusPill status={check.healthy ? "healthy" : "unhealthy"}>
              {check.healthy ? "healthy" : "unhealthy"}
            </StatusPill>
          </li>
        ))}
      </ul>
    </section>
  );
}
