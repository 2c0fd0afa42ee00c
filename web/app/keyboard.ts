/**
 * App-wide keys: `/` focuses the page's search field (any element with `data-shortcut="search"`),
 * `j`/`k` move the active row and `Enter` opens it. The rows of every data table on the page are one
 * list in reading order (a series' seasons one after another); a table in a closed <details> is
 * skipped. Typing in a field is never intercepted; `Esc` belongs to dialogs.
 */
export interface RowNavigator {
  /** The table's body, to put the tables in page order. */
  element(): Element | null;
  count(): number;
  /** The active row, -1 for none. */
  active(): number;
  /** Makes a row active (-1: none) and scrolls it into view. */
  activate(index: number): void;
  open(): void;
}

const navigators: RowNavigator[] = [];

export function registerRowNavigator(navigator: RowNavigator): () => void {
  navigators.push(navigator);
  return () => {
    const i = navigators.lastIndexOf(navigator);
    if (i >= 0) navigators.splice(i, 1);
  };
}

/** The tables on the page, top to bottom, collapsed ones left out. */
function pageTables(): RowNavigator[] {
  return navigators
    .filter((n) => {
      const element = n.element();
      return element?.isConnected === true && element.closest("details:not([open])") === null;
    })
    .sort((a, b) =>
      a.element()!.compareDocumentPosition(b.element()!) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1,
    );
}

/** One row down or up across the tables; the first key with no active row picks the first row. */
function moveRow(tables: RowNavigator[], delta: 1 | -1): void {
  const total = tables.reduce((sum, t) => sum + t.count(), 0);
  if (total === 0) return;
  let current = -1;
  let start = 0;
  for (const t of tables) {
    const active = t.active();
    if (active >= 0 && active < t.count()) {
      current = start + active;
      break;
    }
    start += t.count();
  }
  const next = Math.min(total - 1, Math.max(0, current + delta));
  start = 0;
  for (const t of tables) {
    if (next >= start && next < start + t.count()) t.activate(next - start);
    else if (t.active() >= 0) t.activate(-1);
    start += t.count();
  }
}

const NOT_TYPED = new Set(["checkbox", "radio", "button", "submit", "reset", "range", "color", "file"]);

/** A field that takes characters; a focused checkbox (a table row's) does not. */
function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target instanceof HTMLInputElement) return !NOT_TYPED.has(target.type);
  return target.isContentEditable || target.tagName === "TEXTAREA" || target.tagName === "SELECT";
}

export function installShortcuts(): () => void {
  const onKey = (event: KeyboardEvent) => {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
    if (isTyping(event.target) || document.querySelector("[role=dialog]")) return;
    if (event.key === "/") {
      const search = document.querySelector<HTMLElement>('[data-shortcut="search"]');
      if (!search) return;
      event.preventDefault();
      search.focus();
    } else if ((event.key === "j" || event.key === "k") && navigators.length > 0) {
      event.preventDefault();
      moveRow(pageTables(), event.key === "j" ? 1 : -1);
    } else if (
      event.key === "Enter" &&
      !(event.target instanceof HTMLButtonElement || event.target instanceof HTMLAnchorElement)
    ) {
      pageTables()
        .find((t) => t.active() >= 0)
        ?.open();
    }
  };
  document.addEventListener("keydown", onKey);
  return () => document.removeEventListener("keydown", onKey);
}
