/** A grey bar where text will be, so the layout does not shift when data arrives. */
export function Skeleton({ width = "100%" }: { width?: string }) {
  return <span class="skeleton" style={{ width }} aria-hidden="true" />;
}
