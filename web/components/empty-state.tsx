import type { ComponentChildren } from "preact";

/** What is missing and what to do next; never a blank area. */
export function EmptyState({ title, children }: { title: string; children?: ComponentChildren }) {
  return (
    <div class="empty" role="status">
      <h3>{title}</h3>
      {children}
    </div>
  );
}
