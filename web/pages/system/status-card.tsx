import type { SystemStatus } from "../../api/system.ts";
import { formatBytes, formatDuration } from "../../app/format.ts";
import { RelativeTime } from "../../components/relative-time.tsx";
import { Skeleton } from "../../components/skeleton.tsx";
import { StatusPill } from "../../components/status-pill.tsx";
import { RestartButton } from "./restart-button.tsx";

function Row({ label, children }: { label: string; children: preact.ComponentChildren }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </>
  );
}

/** Version, build, uptime, where the data lives and what the runtime can do; Restart beside them. */
export function StatusCard({ status }: { status: SystemStatus | undefined }) {
  return (
    <section class="card" aria-labelledby="system-status">
      <div class="card-header">
        <h2 id="system-status">Status</h2>
        {status && (
          <span class="status-actions">
            <StatusPill status="running">running</StatusPill>
            <RestartButton />
          </span>
        )}
      </div>
      {!status ? (
        <div aria-hidden="true">
          <dl class="kv">
            {Array.from({ length: 8 }, (_, i) => (
              <Row key={i} label="…">
                <Skeleton />
              </Row>
            ))}
          </dl>
        </div>
      ) : (
        <dl class="kv">
          <Row label="Version">
            {status.version}{" "}
            {status.compiled ? <span class="badge">binary</span> : <span class="badge">source</span>}
          </Row>
          <Row label="Commit">
            <code class="mono">{status.commit}</code>
          </Row>
          <Row label="Build date">
            <RelativeTime value={status.buildDate} fallback="unknown" />
          </Row>
          <Row label="Uptime">
            {formatDuration(status.uptimeSeconds * 1000)} · since <RelativeTime value={status.startedAt} />
          </Row>
          <Row label="Data dir">
            <code class="mono">{status.dataDir}</code>
          </Row>
          <Row label="Database">
            <span class="stack">
              <code class="mono">{status.database.path}</code>
              <span>
                <span class="num">{formatBytes(status.database.sizeBytes)}</span> · schema{" "}
                {status.database.schemaVersion} · journal {status.database.journalMode}
              </span>
            </span>
          </Row>
          <Row label="Runtime">
            Bun {status.runtime.bun} · {status.runtime.platform}/{status.runtime.arch}
          </Row>
          <Row label="Media probe">
            <span class="stack">
              <span>engine {status.probe.engine}</span>
              {status.probe.ffprobe.available ? (
                <span>
                  <StatusPill status="ok">ffprobe found</StatusPill>{" "}
                  <code class="mono">{status.probe.ffprobe.path}</code>
                </span>
              ) : (
                <span>
                  <StatusPill status="unavailable" tone="warn">
                    no ffprobe
                  </StatusPill>{" "}
                  {status.probe.ffprobe.reason}
                </span>
              )}
            </span>
          </Row>
        </dl>
      )}
    </section>
  );
}
