import { useState } from "preact/hooks";
import { Link } from "wouter-preact";
import {
  type BlacklistEntry,
  useBlacklist,
  useClearBlacklist,
  useRemoveBlacklist,
} from "../../api/history.ts";
import { titleWithEpisode } from "../../app/format.ts";
import { type Column, DataTable } from "../../components/data-table.tsx";
import { Dialog } from "../../components/dialog.tsx";
import { EmptyState } from "../../components/empty-state.tsx";
import { LanguageLabel } from "../../components/language-label.tsx";
import { LoadError } from "../../components/load-error.tsx";
import { RelativeTime } from "../../components/relative-time.tsx";
import { showToast } from "../../components/toast.tsx";

const entries = (n: number) => `${n} ${n === 1 ? "entry" : "entries"}`;

/** Candidates Subhound never chooses again; removing one (or all) allows it again. */
export default function BlacklistPage() {
  const list = useBlacklist();
  const remove = useRemoveBlacklist();
  const clear = useClearBlacklist();
  const [confirm, setConfirm] = useState<BlacklistEntry | null>(null);
  const [confirmAll, setConfirmAll] = useState(false);
  const count = list.data?.length ?? 0;
  const columns: Column<BlacklistEntry>[] = [
    { key: "added", header: "Added", cell: (b) => <RelativeTime value={b.createdAt} /> },
    {
      key: "subtitle",
      header: "Subtitle",
      cell: (b) => (
        <span class="stack">
          <span>
            {b.title ? (
              <strong>{titleWithEpisode({ ...b, title: b.title })}</strong>
            ) : (
              <span class="muted">never downloaded</span>
            )}{" "}
            {b.language && <LanguageLabel code={b.language} />}
          </span>
          <span class="muted truncate-wrap">
            {b.provider} · {b.release ?? b.candidateId}
          </span>
        </span>
      ),
    },
    {
      key: "reason",
      header: "Reason",
      class: "wide-only",
      cell: (b) => b.reason ?? <span class="muted">none given</span>,
    },
    {
      key: "remove",
      header: "Remove",
      cell: (b) => (
        <button
          type="button"
          class="button small"
          aria-label={`Remove ${b.provider} ${b.release ?? b.candidateId} from the blacklist`}
          onClick={() => setConfirm(b)}
        >
          Remove
        </button>
      ),
    },
  ];
  return (
    <div class="page list-page">
      <div class="page-header">
        <div>
          <h1>Blacklist</h1>
          <p class="muted">
            {list.data
              ? `${list.data.length} candidate${list.data.length === 1 ? "" : "s"} never chosen again`
              : list.isError
                ? "Not loaded"
                : "Loading…"}
          </p>
        </div>
        {count > 0 && (
          <div class="page-actions">
            <button type="button" class="button" onClick={() => setConfirmAll(true)}>
              Remove all
            </button>
          </div>
        )}
      </div>
      <DataTable
        label="Blacklist"
        columns={columns}
        rows={list.data}
        rowKey={(b) => b.id}
        loading={list.isPending}
        empty={
          <EmptyState title="Nothing is blacklisted">
            <p>
              When a downloaded subtitle is bad (out of sync, wrong episode), blacklist it from the{" "}
              <Link href="/history">History</Link> page and search again.
            </p>
          </EmptyState>
        }
      />
      {list.isError && !list.data && (
        <LoadError what="the blacklist" error={list.error} onRetry={() => list.refetch()} />
      )}
      {confirm && (
        <Dialog
          title="Allow this subtitle again?"
          onClose={() => setConfirm(null)}
          actions={
            <>
              <button type="button" class="button" onClick={() => setConfirm(null)}>
                Cancel
              </button>
              <button
                type="button"
                class="button primary"
                disabled={remove.isPending}
                onClick={() =>
                  remove.mutate(confirm.id, {
                    onSuccess: () => {
                      showToast({ kind: "success", title: "Removed from the blacklist" });
                      setConfirm(null);
                    },
                  })
                }
              >
                Remove
              </button>
            </>
          }
        >
          <p>
            {confirm.provider} · {confirm.release ?? confirm.candidateId}
            {confirm.title ? ` (${titleWithEpisode({ ...confirm, title: confirm.title })})` : ""} may be
            chosen again by the next search.
          </p>
        </Dialog>
      )}
      {confirmAll && (
        <Dialog
          title="Allow every blacklisted subtitle again?"
          onClose={() => setConfirmAll(false)}
          actions={
            <>
              <button type="button" class="button" onClick={() => setConfirmAll(false)}>
                Cancel
              </button>
              <button
                type="button"
                class="button danger"
                disabled={clear.isPending}
                onClick={() =>
                  clear.mutate(undefined, {
                    onSuccess: ({ removed }) => {
                      showToast({
                        kind: "success",
                        title: `Removed ${entries(removed)} from the blacklist`,
                      });
                      setConfirmAll(false);
                    },
                  })
                }
              >
                Remove all {count}
              </button>
            </>
          }
        >
          <p>
            All {entries(count)} leave the blacklist: each may be chosen again by the next search. This cannot
            be undone.
          </p>
        </Dialog>
      )}
    </div>
  );
}
