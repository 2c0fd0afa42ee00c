import { ApiProblem } from "../../api/client.ts";
import { type RestoreSource, type SystemStatus, useRestore } from "../../api/system.ts";
import { formatBytes } from "../../app/format.ts";
import { Dialog } from "../../components/dialog.tsx";
import { showToast } from "../../components/toast.tsx";
import { RestartingScreen, supervisorWords, useRestartWait } from "./restart-button.tsx";

/**
 * Restore a backup (one of the rotated ones, or a file from this computer): the server checks it,
 * stages it and restarts; as it starts it puts the backup in place and keeps the database it
 * replaces. Refusals (not Subhound's, damaged, from a newer version) show here with the reason.
 */
export function RestoreDialog({
  source,
  status,
  backupsDir,
  onClose,
}: {
  source: RestoreSource;
  status: SystemStatus;
  backupsDir: string;
  onClose: () => void;
}) {
  const restore = useRestore();
  const { phase, wait } = useRestartWait(status.startedAt);
  const problem = restore.error instanceof ApiProblem ? restore.error.problem : null;
  const restart = status.canRestart;
  const name = source.kind === "backup" ? source.name : source.file.name;
  const submit = () =>
    restore.mutate(
      { source, restart },
      {
        onSuccess: (staged) => {
          if (staged.restarting) {
            wait();
            return;
          }
          showToast({
            kind: "info",
            title: "Restore staged",
            detail: `It replaces the database at the next start of Subhound; until then nothing changes.`,
          });
          onClose();
        },
      },
    );
  if (phase !== "idle")
    return (
      <RestartingScreen
        phase={phase}
        supervisor={status.supervisor}
        what="Restoring the backup…"
        onKeepWaiting={wait}
      />
    );
  return (
    <Dialog
      title={`Restore ${name}?`}
      onClose={onClose}
      actions={
        <>
          <button type="button" class="button" onClick={onClose}>
            Cancel
          </button>
          <button type="button" class="button danger" disabled={restore.isPending} onClick={submit}>
            {restore.isPending
              ? source.kind === "upload"
                ? "Uploading and checking…"
                : "Checking…"
              : restart
                ? "Restore and restart"
                : "Restore at the next start"}
          </button>
        </>
      }
    >
      <p>
        {source.kind === "upload" ? (
          <>
            <code class="mono">{name}</code> ({formatBytes(source.file.size)}) is uploaded
          </>
        ) : (
          <>
            <code class="mono">{name}</code> is copied
          </>
        )}{" "}
        and checked: it must be a whole Subhound database, not from a newer version.{" "}
        {restart
          ? "Then Subhound restarts and, as it starts, puts it in place of the database."
          : "It is put in place of the database at the next start: restart Subhound yourself to apply it."}{" "}
        A backup from an older version is upgraded then.
      </p>
      <p>
        Everything in the database goes back to the backup's time: the wanted list, history, blacklist,
        profiles, the login and its sessions (you may have to sign in again). The database in use now is not
        deleted: it is kept as <code class="mono">{backupsDir}/subhound-before-restore-&lt;time&gt;.db</code>.
      </p>
      {source.kind === "upload" && (
        <p class="muted">
          A downloaded backup has no generated API key: unless <code>auth.apiKey</code> is set, Subhound makes
          a new one as it starts (Settings → Authentication shows it).
        </p>
      )}
      {restart && <p>{supervisorWords(status.supervisor)}</p>}
      {problem && (
        <div class="alert" role="alert">
          {/* The detail says why; the title is only the HTTP status' name. */}
          <strong>Not restored:</strong> {problem.detail ?? problem.title}
        </div>
      )}
    </Dialog>
  );
}
