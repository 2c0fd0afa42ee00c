/**
 * The selection bar of the Series and Movies lists (the Wanted page's bar, same look and place: it
 * sticks below the phone's top bar): how many are selected, and what to do with all of them.
 */
export function LibraryBulkBar({
  count,
  busy,
  profileDisabled,
  searchDisabled,
  onProfile,
  onSearch,
  onClear,
}: {
  count: number;
  busy: boolean;
  /** Why no profile can be set (only standalone files selected), or null. */
  profileDisabled: string | null;
  /** Why there is nothing to search, or null. */
  searchDisabled: string | null;
  onProfile: () => void;
  onSearch: () => void;
  onClear: () => void;
}) {
  return (
    <section class="bulk-bar" aria-label="Selection">
      <strong>{count} selected</strong>
      <button
        type="button"
        class="button small primary"
        disabled={busy || searchDisabled !== null}
        title={searchDisabled ?? "Search every missing subtitle of the selected titles now"}
        onClick={onSearch}
      >
        Search missing
      </button>
      <button
        type="button"
        class="button small"
        disabled={busy || profileDisabled !== null}
        title={profileDisabled ?? "One profile for every selected title"}
        onClick={onProfile}
      >
        Set profile…
      </button>
      <button type="button" class="button small" onClick={onClear}>
        Clear selection
      </button>
    </section>
  );
}
