import { useSettings } from "../../api/settings.ts";
import type { WantedItem } from "../../api/wanted.ts";
import type { Column } from "../../components/data-table.tsx";
import { Icon } from "../../components/icon.tsx";
import { LanguageLabel } from "../../components/language-label.tsx";
import { RelativeTime } from "../../components/relative-time.tsx";
import { StatusPill } from "../../components/status-pill.tsx";
import {
  afterAttemptsPace,
  attemptsText,
  autoSearchText,
  episodeLabel,
  searchedAfterAttempts,
} from "./wanted-format.ts";

export interface RowActions {
  search: (item: WantedItem) => void;
  interactive: (item: WantedItem) => void;
  open: (item: WantedItem) => void;
  /** Ids being searched from this page right now. */
  busy: ReadonlySet<number>;
}

/** When the automatic search comes back to the item, if it is on the clock. */
const nextSearchAt = (item: WantedItem): string | null =>
  item.autoSearch === "due" || item.autoSearch === "waiting" ? item.nextRetryAt : null;

/**
 * search.afterAttemptsEveryDays, read from the settings: only rows of items out of attempts that
 * are still searched ask for it. Null until they are loaded.
 */
function useAfterAttemptsEveryDays(): number | null {
  const values = useSettings().data?.values as { search?: { afterAttemptsEveryDays?: number } } | undefined;
  return values?.search?.afterAttemptsEveryDays ?? null;
}

/** "weekly from now on, next" for an item out of attempts that is still searched. */
function AfterAttemptsText({ item }: { item: WantedItem }) {
  return <>{autoSearchText(item, useAfterAttemptsEveryDays())}</>;
}

function AutoSearchText({ item }: { item: WantedItem }) {
  return searchedAfterAttempts(item) ? <AfterAttemptsText item={item} /> : autoSearchText(item);
}

/** The column's two lines for such an item: "weekly from now on" over "next in 5 days". */
function AfterAttemptsSearch({ item }: { item: WantedItem }) {
  const pace = afterAttemptsPace(useAfterAttemptsEveryDays());
  const at = nextSearchAt(item);
  return (
    <span class="stack">
      <span>{pace}</span>
      {at ? (
        <span>
          next <RelativeTime value={at} />
        </span>
      ) : (
        <span>due now</span>
      )}
    </span>
  );
}

function NextSearch({ item }: { item: WantedItem }) {
  if (searchedAfterAttempts(item)) return <AfterAttemptsSearch item={item} />;
  const at = nextSearchAt(item);
  return (
    <span class="stack">
      <span
        class={
          item.autoSearch === "exhausted" ? "warn-text" : item.autoSearch === "off" ? "muted" : undefined
        }
      >
        {autoSearchText(item)}
      </span>
      {at && <RelativeTime value={at} />}
    </span>
  );
}

/** On phones the side columns fold into one line under the title, the next search's time included. */
function NarrowMeta({ item }: { item: WantedItem }) {
  const at = nextSearchAt(item);
  return (
    <span class="narrow-only wanted-meta">
      <StatusPill status={item.status} /> <LanguageLabel code={item.language} variant={item.variant} />
      <span class="muted">
        {" "}
        · {attemptsText(item, true)} · <AutoSearchText item={item} />
        {at && (
          <>
            {" "}
            <RelativeTime value={at} />
          </>
        )}
      </span>
    </span>
  );
}

export function wantedColumns(actions: RowActions): Column<WantedItem>[] {
  return [
    {
      key: "title",
      header: "Item",
      sortable: true,
      cell: (item) => (
        <div class="wanted-item">
          <span class="wanted-title">
            <strong>{item.title}</strong> <span class="muted">{episodeLabel(item)}</span>
          </span>
          <span class="wanted-reason" data-reason={item.reason.code}>
            {item.reason.text}
          </span>
          {item.lastError && (
            <span class="wanted-error" title={item.lastError}>
              Last error: {item.lastError}
            </span>
          )}
          <NarrowMeta item={item} />
        </div>
      ),
    },
    {
      key: "language",
      header: "Language",
      sortable: true,
      class: "wide-only",
      cell: (item) => <LanguageLabel code={item.language} variant={item.variant} />,
    },
    {
      key: "status",
      header: "Status",
      sortable: true,
      class: "wide-only",
      cell: (item) => <StatusPill status={item.status} />,
    },
    {
      key: "lastSearched",
      header: "Last search",
      sortable: true,
      class: "wide-only",
      cell: (item) => (
        <span class="stack">
          <RelativeTime value={item.lastSearchedAt} />
          <span class="muted">{attemptsText(item)}</span>
        </span>
      ),
    },
    {
      key: "retryAfter",
      header: "Next search",
      sortable: true,
      class: "wide-only",
      cell: (item) => <NextSearch item={item} />,
    },
    {
      key: "actions",
      header: "Actions",
      class: "row-actions-cell",
      cell: (item) => (
        <span class="row-actions">
          <button
            type="button"
            class="button small icon"
            aria-label={`Search now: ${item.title} ${episodeLabel(item)} ${item.language}`}
            title="Search now"
            disabled={actions.busy.has(item.id) || item.status === "searching"}
            onClick={() => actions.search(item)}
          >
            <Icon name="search" size={16} />
          </button>
          <button
            type="button"
            class="button small icon"
            aria-label={`Interactive search: ${item.title} ${episodeLabel(item)} ${item.language}`}
            title="Interactive search: choose a subtitle"
            onClick={() => actions.interactive(item)}
          >
            <Icon name="wanted" size={16} />
          </button>
          <button
            type="button"
            class="button small icon"
            aria-label={`Details: ${item.title} ${episodeLabel(item)} ${item.language}`}
            title="Details, history, translate"
            onClick={() => actions.open(item)}
          >
            <Icon name="history" size={16} />
          </button>
        </span>
      ),
    },
  ];
}
