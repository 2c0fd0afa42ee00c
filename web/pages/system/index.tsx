import { useBackups, useSystemStatus } from "../../api/system.ts";
import { BackupsCard } from "./backups-card.tsx";
import { LogTable } from "./log-table.tsx";
import { RestoreSteps } from "./restore-steps.tsx";
import { StatusCard } from "./status-card.tsx";

/** Version, the recent log, backups and how to restore one. */
export default function SystemPage() {
  const status = useSystemStatus();
  const backups = useBackups();
  return (
    <div class="page">
      <div class="page-header">
        <div>
          <h1>System</h1>
          <p class="muted">What runs here, what it logged lately, and its backups.</p>
        </div>
      </div>
      <div class="grid system-grid">
        <StatusCard status={status.data} />
        <BackupsCard status={status.data} />
        <RestoreSteps
          status={status.data}
          {...(backups.data ? { backupsDir: backups.data.directory } : {})}
        />
      </div>
      <LogTable />
    </div>
  );
}
