import type { ComponentChildren } from "preact";

/**
 * A list that could not load says so, with the server's reason and a way out, instead of
 * "Loading…" and an empty table forever (a 400 from a stale link is never retried).
 */
export function LoadError({
  what,
  error,
  onRetry,
  children,
}: {
  what: string;
  error: Error;
  onRetry: () => void;
  /** Another way out, e.g. a "Clear filters" button. */
  children?: ComponentChildren;
}) {
  return (
    <div class="empty" role="alert">
      <h3>Could not load {what}</h3>
      <p>{error.message}</p>
      <div style={{ display: "flex", flexWrap: "wrap", gap: "8px", justifyContent: "center" }}>
        {children}
        <button type="button" class="button" onClick={onRetry}>
          Try again
        </button>
      </div>
    </div>
  );
}
