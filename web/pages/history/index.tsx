import { useEffect, useState } from "preact/hooks";
import { Link, useLocation, useSearchParams } from "wouter-preact";
import { type HistoryEntry, type HistoryQuery, useHistoryList } from "../../api/history.ts";
import { formatNumber, titleWithEpisode } from "../../app/format.ts";
import { type Column, DataTable } from "../../components/data-table.tsx";
import { EmptyState } from "../../components/empty-state.tsx";
import { LanguageLabel } from "../../components/language-label.tsx";
import { SyncDialog } from "../../components/library/sync-dialog.tsx";
import { LoadError } from "../../components/load-error.tsx";
import { Pager } from "../../components/pager.tsx";
import { RelativeTime } from "../../components/relative-time.tsx";
import { ACTION_LABELS, type HistoryAction } from "./action-labels.ts";
import { BlacklistDialog } from "./blacklist-dialog.tsx";
import { HistoryFilters, type HistoryFilterValues } from "./history-filters.tsx";

const FILTERS = ["q", "language", "provider", "instance", "action", "from", "to"] as const;
const PAGE_SIZE = 50;
const BLACKLISTABLE = (h: HistoryEntry) =>
  h.provider !== "embedded" && h.provider !== "whisper" && h.provider !== "upload";

/** The action in words; an upgrade also says what it replaced. */
function ActionText({ entry }: { entry: HistoryEntry }) {
  const label = ACTION_LABELS[entry.action as HistoryAction] ?? entry.action;
  if (!entry.replaces) return <>{label}</>;
  const { provider, score } = entry.replaces;
  return (
    <span class="upgrade-action" title={`Replaced history entry #${entry.replaces.id}`}>
      <span class="badge" data-tone="info">
        {label}
      </span>{" "}
      <span class="muted">
        from score {score} ({provider})
      </span>
    </span>
  );
}

/** A picked "to" day is included: the API's `to` is exclusive, so it gets the next day. */
function dayAfter(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString();
}

/** What was saved, from where, with which score; blacklist a bad download. */
export default function HistoryPage() {
  const [params, setParams] = useSearchParams();
  const [confirm, setConfirm] = useState<HistoryEntry | null>(null);
  const [syncing, setSyncing] = useState<HistoryEntry | null>(null);
  const [, navigate] = useLocation();
  const values: HistoryFilterValues = {};
  for (const name of FILTERS) {
    const v = params.get(name);
    if (v) values[name] = v;
  }
  const page = Math.max(1, Number(params.get("page")) || 1);
  const query: HistoryQuery = {
    page,
    pageSize: PAGE_SIZE,
    ...(values.q ? { q: values.q } : {}),
    ...(values.language ? { language: values.language } : {}),
    ...(values.provider ? { provider: values.provider } : {}),
    ...(values.instance ? { instance: values.instance } : {}),
    ...(values.action ? { action: values.action as HistoryQuery["action"] } : {}),
    ...(values.from ? { from: values.from } : {}),
    ...(values.to ? { to: dayAfter(values.to) } : {}),
  };
  const list = useHistoryList(query);
  const update = (changes: Record<string, string | number | undefined>, replace = false) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        for (const [k, v] of Object.entries(changes)) {
          if (v === undefined || v === "") next.delete(k);
          else next.set(k, String(v));
        }
        if (!("page" in changes)) next.delete("page");
        return next;
      },
      { replace },
    );

  // A page past the end (an old link, or history pruned meanwhile) shows the last page instead.
  const total = list.data?.total ?? 0;
  const lastPage = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const pastEnd = !!list.data && list.data.items.length === 0 && total > 0 && page > lastPage;
  const clearFilters = (
    <button
      type="button"
      class="button"
      onClick={() => update(Object.fromEntries(FILTERS.map((f) => [f, undefined])))}
    >
      Clear filters
    </button>
  );
  useEffect(() => {
    if (pastEnd) update({ page: lastPage === 1 ? undefined : lastPage }, true);
  }, [pastEnd, lastPage]);

  const columns: Column<HistoryEntry>[] = [
    { key: "when", header: "When", cell: (h) => <RelativeTime value={h.createdAt} /> },
    {
      key: "item",
      header: "Item",
      cell: (h) => (
        <span class="stack history-item">
          {h.wantedItemId !== null ? (
            <Link href={`/wanted?item=${h.wantedItemId}`}>
              <strong>{titleWithEpisode(h)}</strong>
            </Link>
          ) : (
            <strong>{titleWithEpisode(h)}</strong>
          )}
          <span class="narrow-only muted">
            <LanguageLabel code={h.language} variant={h.variant} /> · {h.provider} · score {h.score} ·{" "}
            <ActionText entry={h} />
          </span>
        </span>
      ),
    },
    {
      key: "language",
      header: "Language",
      class: "wide-only",
      cell: (h) => <LanguageLabel code={h.language} variant={h.variant} />,
    },
    {
      key: "provider",
      header: "Provider",
      class: "wide-only",
      cell: (h) => (
        <span>
          {h.provider} {h.machine && <span class="badge">{h.machine}</span>}
        </span>
      ),
    },
    {
      key: "release",
      header: "Release",
      class: "wider-only",
      cell: (h) => (
        <span class="history-release" title={h.path}>
          {h.release ?? <span class="muted">{h.candidateId}</span>}
        </span>
      ),
    },
    { key: "score", header: "Score", numeric: true, class: "wide-only", cell: (h) => h.score },
    {
      key: "action",
      header: "Action",
      class: "wide-only",
      cell: (h) => <ActionText entry={h} />,
    },
    {
      key: "actions",
      header: "Actions",
      cell: (h) => (
        <span class="row-actions">
          {h.action !== "deleted" && (
            <button
              type="button"
              class="button small"
              aria-label={`Sync or fix ${h.path.split(/[\\/]/).at(-1)}`}
              onClick={() => setSyncing(h)}
            >
              Sync
            </button>
          )}
          {h.blacklistId !== null ? (
            <span class="badge">blacklisted</span>
          ) : (
            BLACKLISTABLE(h) && (
              <button
                type="button"
                class="button small danger"
                aria-label={`Blacklist ${h.provider} ${h.release ?? h.candidateId}`}
                onClick={() => setConfirm(h)}
              >
                Blacklist
              </button>
            )
          )}
        </span>
      ),
    },
  ];
  const filtered = Object.keys(values).length > 0;
  return (
    <div class="page list-page">
      <div class="page-header">
        <div>
          <h1>History</h1>
          <p class="muted">
            {list.data
              ? `${formatNumber(list.data.total)} saved subtitle${list.data.total === 1 ? "" : "s"}`
              : list.isError
                ? "Not loaded"
                : "Loading…"}
          </p>
        </div>
      </div>
      <HistoryFilters values={values} onChange={(c, replace) => update(c, replace)} />
      <DataTable
        label="History"
        columns={columns}
        rows={list.data?.items}
        rowKey={(h) => h.id}
        loading={list.isPending || list.isPlaceholderData}
        // Enter (or a click) opens the item a save was for, as the title's link does.
        onOpen={(h) => {
          if (h.wantedItemId !== null) navigate(`/wanted?item=${h.wantedItemId}`);
        }}
        empty={
          pastEnd ? undefined : filtered ? (
            <EmptyState title="Nothing matches these filters">{clearFilters}</EmptyState>
          ) : (
            <EmptyState title="Nothing saved yet">
              <p>
                Subtitles Subhound downloads, translates or transcribes show up here. Start a search from the{" "}
                <Link href="/wanted">Wanted</Link> page.
              </p>
            </EmptyState>
          )
        }
      />
      {list.isError && !list.data && (
        <LoadError what="the history" error={list.error} onRetry={() => list.refetch()}>
          {filtered && clearFilters}
        </LoadError>
      )}
      {list.data && list.data.total > PAGE_SIZE && (
        <Pager page={page} pageSize={PAGE_SIZE} total={list.data.total} onPage={(p) => update({ page: p })} />
      )}
      {confirm && <BlacklistDialog entry={confirm} onClose={() => setConfirm(null)} />}
      {syncing && (
        <SyncDialog
          target={{ historyId: syncing.id, path: syncing.path, format: syncing.format }}
          wantedItemId={syncing.wantedItemId}
          onClose={() => setSyncing(null)}
        />
      )}
    </div>
  );
}
