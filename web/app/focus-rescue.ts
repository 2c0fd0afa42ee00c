/**
 * An action often removes the very control that had focus (a row's Blacklist button becomes a
 * "blacklisted" badge, a task's Cancel button goes when the task ends, the selection bar goes when
 * its action clears the selection). The browser then leaves focus on <body>: Tab starts over at the
 * top of the page. Focus moves instead to the nearest control that is still there (the same row's
 * other button), or to the page's main area.
 */

const CONTROLS =
  'button:not([disabled]), a[href], input[type="checkbox"]:not([disabled]), [tabindex]:not([tabindex="-1"])';

/** The element's ancestors, nearest first: where to look once the element itself is gone. */
export function ancestorsOf(element: Element | null): Element[] {
  const trail: Element[] = [];
  for (let e = element?.parentElement ?? null; e; e = e.parentElement) trail.push(e);
  return trail;
}

/** Focuses a control near where a removed element was (not a text field: keys would go into it). */
export function focusNearest(trail: Element[]): void {
  const main = document.getElementById("main");
  for (const ancestor of trail) {
    if (!ancestor.isConnected) continue;
    if (ancestor === main || ancestor.contains(main) || ancestor.classList.contains("page")) break;
    const control = ancestor.querySelector<HTMLElement>(CONTROLS);
    if (control) {
      control.focus({ preventScroll: true });
      return;
    }
  }
  main?.focus({ preventScroll: true });
}

export function installFocusRescue(): () => void {
  let trail: Element[] = [];
  let focused: Element | null = null;
  const onFocusIn = (event: FocusEvent) => {
    focused = event.target instanceof Element ? event.target : null;
    trail = ancestorsOf(focused);
  };
  const observer = new MutationObserver(() => {
    if (!focused || focused.isConnected) return;
    const lost = document.activeElement === null || document.activeElement === document.body;
    focused = null;
    if (lost) focusNearest(trail);
  });
  document.addEventListener("focusin", onFocusIn);
  observer.observe(document.body, { childList: true, subtree: true });
  return () => {
    document.removeEventListener("focusin", onFocusIn);
    observer.disconnect();
  };
}
