import type { SystemStatus } from "../../api/system.ts";
import { Skeleton } from "../../components/skeleton.tsx";

function Command({ children }: { children: string }) {
  return <pre class="command">{children}</pre>;
}

/** The README's restore steps by hand (for a server that does not start), with this install's own paths filled in. */
export function RestoreSteps({
  status,
  backupsDir,
}: {
  status: SystemStatus | undefined;
  backupsDir?: string;
}) {
  const db = status?.database.path;
  return (
    <section class="card restore" aria-labelledby="system-restore">
      <div class="card-header">
        <h2 id="system-restore">Restore a backup</h2>
      </div>
      <p>
        <strong>Restore…</strong> beside a backup above, or <strong>Upload a backup…</strong> for a downloaded
        one, does all of this from here. By hand, for example when Subhound does not start:
      </p>
      {!status || !db ? (
        <p aria-hidden="true">
          <Skeleton />
        </p>
      ) : (
        <ol class="steps">
          <li>
            Stop Subhound (under systemd as below; otherwise stop its process or container).
            <Command>sudo systemctl stop subhound</Command>
          </li>
          <li>
            Copy the backup over the database: a downloaded file, or one from{" "}
            <code class="mono">{backupsDir ?? `${status.dataDir}/backups`}</code>.
            <Command>{`sudo cp subhound-YYYYMMDDTHHMMSSZ.db ${db}`}</Command>
          </li>
          <li>
            Remove the old write-ahead log and its index, which belong to the replaced file.
            <Command>{`sudo rm -f ${db}-wal ${db}-shm`}</Command>
          </li>
          <li>
            Give the file to the service's user (the packaged unit runs as <code>subhound</code>), then start.
            <Command>{`sudo chown subhound: ${db}\nsudo systemctl start subhound`}</Command>
          </li>
        </ol>
      )}
      <p class="muted">
        A downloaded backup has no generated API key: unless <code>auth.apiKey</code> is configured, Subhound
        makes a new one at start (<code>subhound api-key</code> prints it). A backup from an older version is
        migrated at start.
      </p>
    </section>
  );
}
