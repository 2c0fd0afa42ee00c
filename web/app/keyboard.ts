/**
 * App-wide keys: `/` focuses the page's search field (any element with `data-shortcut="search"`),
 * `j`/`k` move the active row and `Enter` opens it in the most recently mounted data table.
 * Typing in a field is never intercepted; `Esc` belongs to dialogs.
 */
export interface RowNavigator {
  move(delta: 1 | -1): void;
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
    const navigator = navigators.at(-1);
    if (event.key === "/") {
      const search = document.querySelector<HTMLElement>('[data-shortcut="search"]');
      if (!search) return;
      event.preventDefault();
      search.focus();
    } else if ((event.key === "j" || event.key === "k") && navigator) {
      event.preventDefault();
      navigator.move(event.key === "j" ? 1 : -1);
    } else if (
      event.key === "Enter" &&
      navigator &&
      !(event.target instanceof HTMLButtonElement || event.target instanceof HTMLAnchorElement)
    ) {
      navigator.open();
    }
  };
  document.addEventListener("keydown", onKey);
  return () => document.removeEventListener("keydown", onKey);
}
