import { backupNowUrl, namedBackupUrl, useBackups } from "../../api/system.ts";
import { formatBytes } from "../../app/format.ts";
import { Icon } from "../../components/icon.tsx";
import { RelativeTime } from "../../components/relative-time.tsx";
import { Skeleton } from "../../components/skeleton.tsx";

/** A backup made now, and the maintenance job's rotated ones; each is a plain download link. */
export function BackupsCard() {
  const backups = useBackups();
  const list = backups.data?.backups;
  return (
    <section class="card" aria-labelledby="system-backups">
      <div class="card-header">
        <h2 id="system-backups">Backups</h2>
      </div>
      <p>
        A consistent copy of the live database, made while Subhound keeps running. The generated API key is
        left out of every download.
      </p>
      <a class="button primary" href={backupNowUrl()} download>
        <Icon name="download" />
        Download a backup now
      </a>
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
              <a
                class="button small"
                href={namedBackupUrl(b.name)}
                download
                aria-label={`Download ${b.name}`}
              >
                <Icon name="download" size={16} />
                Download
              </a>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
