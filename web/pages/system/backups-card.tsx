import { useRef, useState } from "preact/hooks";
import {
  backupNowUrl,
  namedBackupUrl,
  type RestoreSource,
  type SystemStatus,
  useBackups,
  useCancelRestore,
} from "../../api/system.ts";
import { formatBytes } from "../../app/format.ts";
import { Icon } from "../../components/icon.tsx";
import { RelativeTime } from "../../components/relative-time.tsx";
import { Skeleton } from "../../components/skeleton.tsx";
import { RestartButton } from "./restart-button.tsx";
import { RestoreDialog } from "./restore-dialog.tsx";

/** A restore staged without a restart: applied at the next start, or forgotten. */
function PendingRestore({ status }: { status: SystemStatus }) {
  const cancel = useCancelRestore();
  const pending = status.pendingRestore;
  if (!pending) return null;
  return (
    <div class="alert with-actions" data-tone="info" role="status">
      <span>
        A restored backup (<span class="num">{formatBytes(pending.sizeBytes)}</span>, staged{" "}
        <RelativeTime value={pending.stagedAt} />) replaces the database at the next start.
      </span>
      <span class="card-actions">
        <RestartButton label="Restart now" primary />
        <button
          type="button"
          class="button small"
          disabled={cancel.isPending}
          onClick={() => cancel.mutate()}
        >
          Keep the current database
        </button>
      </span>
    </div>
  );
}

/** A backup made now, the maintenance job's rotated ones; each can be downloaded or restored. */
export function BackupsCard({ status }: { status: SystemStatus | undefined }) {
  const backups = useBackups();
  const list = backups.data?.backups;
  const [restoring, setRestoring] = useState<RestoreSource | null>(null);
  const picker = useRef<HTMLInputElement>(null);
  return (
    <section class="card" aria-labelledby="system-backups">
      <div class="card-header">
        <h2 id="system-backups">Backups</h2>
      </div>
      <p>
        A consistent copy of the live database, made while Subhound keeps running. The generated API key is
        left out of every download.
      </p>
      {status && <PendingRestore status={status} />}
      <div class="card-actions backup-buttons">
        <a class="button primary" href={backupNowUrl()} download>
          <Icon name="download" />
          Download a backup now
        </a>
        <button type="button" class="button" disabled={!status} onClick={() => picker.current?.click()}>
          Upload a backup…
        </button>
        <input
          ref={picker}
          type="file"
          hidden
          aria-label="Backup file to restore"
          accept=".db,.sqlite,.sqlite3,application/vnd.sqlite3,application/x-sqlite3"
          onChange={(e) => {
            const input = e.target as HTMLInputElement;
            const file = input.files?.[0];
            // Chosen again after a cancel, the same file must still fire a change.
            input.value = "";
            if (file) setRestoring({ kind: "upload", file });
          }}
        />
      </div>
      <h3 class="system-subheading">Made by the maintenance task</h3>
      {!list ? (
        <p aria-hidden="true">
          <Skeleton />
        </p>
      ) : list.length === 0 ? (
        <p class="muted">
          None yet. The Maintenance task writes one each night into{" "}
          <code class="mono">{backups.data?.directory}</code>.
        </p>
      ) : (
        <ul class="backup-list" aria-label="Rotated backups">
          {list.map((b) => (
            <li key={b.name}>
              <span class="stack">
                <code class="mono">{b.name}</code>
                <span class="muted">
                  <RelativeTime value={b.createdAt} /> · <span class="num">{formatBytes(b.sizeBytes)}</span>
                </span>
              </span>
              <span class="row-actions">
                <a
                  class="button small"
                  href={namedBackupUrl(b.name)}
                  download
                  aria-label={`Download ${b.name}`}
                >
                  <Icon name="download" size={16} />
                  Download
                </a>
                <button
                  type="button"
                  class="button small"
                  disabled={!status}
                  aria-label={`Restore ${b.name}`}
                  onClick={() => setRestoring({ kind: "backup", name: b.name })}
                >
                  Restore…
                </button>
              </span>
            </li>
          ))}
        </ul>
      )}
      {restoring && status && (
        <RestoreDialog
          source={restoring}
          status={status}
          backupsDir={backups.data?.directory ?? `${status.dataDir}/backups`}
          onClose={() => setRestoring(null)}
        />
      )}
    </section>
  );
}
