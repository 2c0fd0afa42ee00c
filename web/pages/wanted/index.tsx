import { useEffect, useRef, useState } from "preact/hooks";
import { Link } from "wouter-preact";
import { useHasLibrarySource, useStartScan } from "../../api/dashboard.ts";
import { type BulkAction, useBulkAction, useWantedList, type WantedItem } from "../../api/wanted.ts";
import { formatNumber } from "../../app/format.ts";
import { DataTable } from "../../components/data-table.tsx";
import { EmptyState } from "../../components/empty-state.tsx";
import { LoadError } from "../../components/load-error.tsx";
import { Pager } from "../../components/pager.tsx";
import { showToast } from "../../components/toast.tsx";
import { InteractiveSearchDialog } from "./interactive-search-dialog.tsx";
import { ItemDialog } from "./item-dialog.tsx";
import { DEFAULT_ORDER, SORTS, type SortKey, useWantedUrl } from "./use-wanted-url.ts";
import { wantedColumns } from "./wanted-columns.tsx";
import { WantedFilters } from "./wanted-filters.tsx";

const BULK_LABELS: Record<BulkAction, [string, string]> = {
  search: ["Search now", "Searching"],
  ignore: ["Ignore", "Ignored"],
  unignore: ["Stop ignoring", "No longer ignored"],
};

/** What is still missing, and why: the server-paged list with filters, bulk actions and per-item tools. */
export default function WantedPage() {
  const url = useWantedUrl();
  const list = useWantedList(url.query);
  const bulk = useBulkAction();
  const scan = useStartScan();
  const hasSource = useHasLibrarySource();
  const [selected, setSelected] = useState<Set<string | number>>(new Set());
  const [interactive, setInteractive] = useState<WantedItem | null>(null);
  const page = list.data;
  // Opening an item from this page adds a history entry; closing it goes back to the entry before
  // instead of adding one more, so Back after a close leaves the list rather than reopening the item.
  // An item opened by a link (History, a bookmark) has no such entry before it: closing replaces it.
  const openedHere = useRef(false);
  useEffect(() => {
    if (url.item === null) openedHere.current = false;
  }, [url.item]);
  const openItem = (item: WantedItem) => {
    openedHere.current = true;
    url.update({ item: item.id });
  };
  const closeItem = () => {
    if (openedHere.current) window.history.back();
    else url.update({ item: undefined }, { replace: true });
  };

  const runBulk = (action: BulkAction, ids: number[], done?: () => void) =>
    bulk.mutate(
      { ids, action },
      {
        onSuccess: (r) => {
          const [, past] = BULK_LABELS[action];
          showToast({
            kind: r.changed > 0 ? "success" : "info",
            title:
              action === "search"
                ? `${past} ${r.changed} of ${r.requested}`
                : `${past}: ${r.changed} item${r.changed === 1 ? "" : "s"}`,
            ...(r.unchanged > 0
              ? {
                  detail:
                    action === "search"
                      ? `${r.unchanged} left out (ignored, resolved or already being searched)`
                      : `${r.unchanged} already ${action === "ignore" ? "ignored" : "not ignored"}`,
                }
              : {}),
          });
          done?.();
        },
      },
    );
  const columns = wantedColumns({
    busy: new Set(bulk.isPending ? bulk.variables?.ids : []),
    search: (item) => runBulk("search", [item.id]),
    interactive: setInteractive,
    open: openItem,
  });
  // A page past the end (its rows were ignored, found or removed meanwhile) shows the last page
  // instead of an empty list that says nothing is missing.
  const lastPage = page ? Math.max(1, Math.ceil(page.total / page.pageSize)) : 1;
  const pastEnd = !!page && page.items.length === 0 && page.total > 0 && page.page > lastPage;
  useEffect(() => {
    if (pastEnd) url.update({ page: lastPage === 1 ? undefined : lastPage }, { replace: true });
  }, [pastEnd, lastPage]);
  const selectedIds = [...selected] as number[];
  const hasFilters = Object.keys(url.filters).length > 0;
  const empty = hasFilters ? (
    <EmptyState title="No item matches these filters">
      <p>Change or clear the filters to see more.</p>
      <button type="button" class="button" onClick={url.clearFilters}>
        Clear filters
      </button>
    </EmptyState>
  ) : hasSource === false ? (
    <EmptyState title="No library source yet">
      <p>
        Nothing can be missing before Subhound knows where your videos are: add Sonarr, Radarr or a folder
        with the <Link href="/">setup guide on the Dashboard</Link> or in{" "}
        <Link href="/settings/library">Settings → Library sources</Link>.
      </p>
    </EmptyState>
  ) : (
    <EmptyState title="Nothing is missing">
      <p>
        Every file has a subtitle in every wanted language, or no scan has run yet. A scan reads the library
        and lists what is missing here, live.
      </p>
      <button type="button" class="button primary" disabled={scan.isPending} onClick={() => scan.mutate()}>
        Scan the library now
      </button>
    </EmptyState>
  );

  return (
    <div class="page list-page">
      <div class="page-header">
        <div>
          <h1>Wanted</h1>
          <p class="muted" aria-live="polite">
            {page
              ? `${formatNumber(page.total)} item${page.total === 1 ? "" : "s"}${url.filters.status ? "" : " still missing or in work"}`
              : list.isError
                ? "Not loaded"
                : "Loading…"}
          </p>
        </div>
        <label class="sort-select narrow-only">
          <span class="muted">Sort</span>
          <select
            class="input"
            aria-label="Sort"
            value={url.sort}
            onChange={(e) => url.update({ sort: (e.target as HTMLSelectElement).value, order: undefined })}
          >
            {SORTS.map((s) => (
              <option key={s} value={s}>
                {SORT_LABELS[s]}
              </option>
            ))}
          </select>
        </label>
      </div>
      <WantedFilters url={url} />
      {selected.size > 0 && (
        <section class="bulk-bar" aria-label="Selection">
          <strong>{selected.size} selected</strong>
          {(Object.keys(BULK_LABELS) as BulkAction[]).map((action) => (
            <button
              key={action}
              type="button"
              class={action === "search" ? "button small primary" : "button small"}
              disabled={bulk.isPending}
              onClick={() => runBulk(action, selectedIds, () => setSelected(new Set()))}
            >
              {BULK_LABELS[action][0]}
            </button>
          ))}
          <button type="button" class="button small" onClick={() => setSelected(new Set())}>
            Clear selection
          </button>
        </section>
      )}
      <DataTable
        label="Wanted items"
        columns={columns}
        rows={page?.items}
        rowKey={(item) => item.id}
        loading={list.isPending || list.isPlaceholderData}
        skeletonRows={12}
        sort={{ key: url.sort, direction: url.order }}
        onSort={(s) =>
          url.update({
            sort: s.key,
            order: s.direction === DEFAULT_ORDER[s.key as SortKey] ? undefined : s.direction,
          })
        }
        selected={selected}
        onSelect={setSelected}
        onOpen={openItem}
        empty={pastEnd ? undefined : empty}
      />
      {list.isError && !page && (
        <LoadError what="the wanted list" error={list.error} onRetry={() => list.refetch()}>
          {hasFilters && (
            <button type="button" class="button" onClick={url.clearFilters}>
              Clear filters
            </button>
          )}
        </LoadError>
      )}
      {page && page.total > page.pageSize && (
        <Pager
          page={page.page}
          pageSize={page.pageSize}
          total={page.total}
          onPage={(p) => {
            setSelected(new Set());
            url.update({ page: p });
          }}
        />
      )}
      {url.item !== null && (
        <ItemDialog
          id={url.item}
          onClose={closeItem}
          onInteractive={(item) => setInteractive(item)}
          onOnlySeries={(item) =>
            url.update({ item: undefined, title: item.title, instance: item.instance, seriesId: undefined })
          }
        />
      )}
      {interactive && <InteractiveSearchDialog item={interactive} onClose={() => setInteractive(null)} />}
    </div>
  );
}

const SORT_LABELS: Record<SortKey, string> = {
  added: "Newest first",
  title: "Title",
  status: "Status",
  language: "Language",
  lastSearched: "Last search",
  retryAfter: "Next search",
};
