import { useState } from "preact/hooks";
import { type HistoryEntry, useBlacklistDownload } from "../../api/history.ts";
import { titleWithEpisode } from "../../app/format.ts";
import { Dialog } from "../../components/dialog.tsx";
import { LanguageLabel } from "../../components/language-label.tsx";
import { showToast } from "../../components/toast.tsx";

/** Confirms blacklisting the candidate a download came from, with an optional reason. */
export function BlacklistDialog({ entry, onClose }: { entry: HistoryEntry; onClose: () => void }) {
  const [reason, setReason] = useState("");
  const blacklist = useBlacklistDownload();
  const confirm = () =>
    blacklist.mutate(
      { id: entry.id, ...(reason.trim() ? { reason: reason.trim() } : {}) },
      {
        onSuccess: () => {
          showToast({
            kind: "success",
            title: `Blacklisted: ${entry.provider} ${entry.release ?? entry.candidateId}`,
          });
          onClose();
        },
      },
    );
  return (
    <Dialog
      title="Blacklist this download?"
      onClose={onClose}
      actions={
        <>
          <button type="button" class="button" onClick={onClose}>
            Cancel
          </button>
          <button type="button" class="button danger" disabled={blacklist.isPending} onClick={confirm}>
            Blacklist
          </button>
        </>
      }
    >
      <div class="stack">
        <p>
          <strong>{titleWithEpisode(entry)}</strong>{" "}
          <LanguageLabel code={entry.language} variant={entry.variant} />
        </p>
        <p class="muted">
          {entry.provider} · {entry.release ?? entry.candidateId}
        </p>
        <p>
          Subhound will never choose this subtitle again. The file it saved stays; search the item again to
          replace it.
        </p>
        <div class="field">
          <label for="blacklist-reason">Reason (optional)</label>
          <input
            id="blacklist-reason"
            class="input"
            maxLength={500}
            placeholder="out of sync, wrong episode…"
            value={reason}
            onInput={(e) => setReason((e.target as HTMLInputElement).value)}
            onKeyDown={(e) => e.key === "Enter" && confirm()}
          />
        </div>
      </div>
    </Dialog>
  );
}
