import type { ComponentChildren } from "preact";
import { useEffect, useId, useRef } from "preact/hooks";
import { ancestorsOf, focusNearest } from "../app/focus-rescue.ts";
import { Icon } from "./icon.tsx";

/** The open dialogs, innermost last: Esc and Tab belong to the innermost one only. */
const open: HTMLElement[] = [];

const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/**
 * A modal dialog: focus moves in and stays in (Tab cycles), Esc or the backdrop closes it,
 * and focus returns to what had it before.
 */
export function Dialog({
  title,
  onClose,
  children,
  actions,
  wide,
}: {
  title: string;
  onClose: () => void;
  children: ComponentChildren;
  actions?: ComponentChildren;
  /** Room for a table (e.g. candidates): up to 980 px instead of 560. */
  wide?: boolean;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const titleId = useId();
  // The latest onClose without re-running the effect (which would move focus) on every render.
  const close = useRef(onClose);
  close.current = onClose;
  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    const trail = ancestorsOf(previous);
    const box = ref.current!;
    (
      box.querySelector<HTMLElement>("[autofocus]") ??
      box.querySelector<HTMLElement>(FOCUSABLE) ??
      box
    ).focus();
    open.push(box);
    const onKey = (event: KeyboardEvent) => {
      if (open.at(-1) !== box) return;
      if (event.key === "Escape") {
        event.preventDefault();
        close.current();
        return;
      }
      if (event.key !== "Tab") return;
      const items = [...box.querySelectorAll<HTMLElement>(FOCUSABLE)];
      if (items.length === 0) return;
      const first = items[0]!;
      const last = items[items.length - 1]!;
      if (event.shiftKey && document.activeElement === first) {
        event.preventDefault();
        last.focus();
      } else if (!event.shiftKey && document.activeElement === last) {
        event.preventDefault();
        first.focus();
      }
    };
    document.addEventListener("keydown", onKey);
    return () => {
      document.removeEventListener("keydown", onKey);
      open.splice(open.indexOf(box), 1);
      // What opened it may be gone (a row's button replaced by the action's result): a control
      // near where it was, the dialog beneath, or the page takes focus instead of <body>.
      const beneath = open.at(-1);
      if (previous?.isConnected) previous.focus();
      else if (beneath) beneath.focus();
      else focusNearest(trail);
    };
  }, []);
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: a pointer shortcut; Esc closes from the keyboard
    <div
      class="dialog-backdrop"
      onMouseDown={(e) => {
        if (e.target === e.currentTarget) onClose();
      }}
    >
      <div
        ref={ref}
        class={wide ? "dialog wide" : "dialog"}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        tabIndex={-1}
      >
        <div class="dialog-header">
          <h2 id={titleId}>{title}</h2>
          <button type="button" class="button icon small" aria-label="Close" onClick={onClose}>
            <Icon name="close" />
          </button>
        </div>
        <div>{children}</div>
        {actions && <div class="dialog-actions">{actions}</div>}
      </div>
    </div>
  );
}
