import { formatNumber } from "../app/format.ts";

/** "51–100 of 1,234" with previous/next; pages are 1-based like the API's. A new page starts at the top. */
export function Pager({
  page,
  pageSize,
  total,
  onPage,
}: {
  page: number;
  pageSize: number;
  total: number;
  onPage: (page: number) => void;
}) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const first = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const last = Math.min(total, page * pageSize);
  // The new page is read from its top; the document is what scrolls (the layout's <main> does not).
  const go = (to: number) => {
    onPage(to);
    document.scrollingElement?.scrollTo({ top: 0 });
  };
  return (
    <nav class="pager" aria-label="Pages">
      <span class="muted">
        {formatNumber(first)}–{formatNumber(last)} of {formatNumber(total)}
      </span>
      <span class="pager-buttons">
        <button type="button" class="button small" disabled={page <= 1} onClick={() => go(page - 1)}>
          Previous
        </button>
        <span class="muted" aria-current="page">
          Page {page} of {pages}
        </span>
        <button type="button" class="button small" disabled={page >= pages} onClick={() => go(page + 1)}>
          Next
        </button>
      </span>
    </nav>
  );
}
