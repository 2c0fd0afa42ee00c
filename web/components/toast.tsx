import { createStore, useStore } from "../app/store.ts";
import { Icon } from "./icon.tsx";

export interface Toast {
  id: number;
  kind: "info" | "success" | "error";
  title: string;
  detail?: string;
}

const toasts = createStore<Toast[]>([]);
let nextId = 1;
const MAX_VISIBLE = 4;

/** Shows a message in the corner; errors stay until dismissed, the rest fade after a few seconds. */
export function showToast(toast: Omit<Toast, "id">): void {
  const current = toasts.get();
  // The same failure reported by several queries at once is one message.
  if (current.some((t) => t.title === toast.title && t.detail === toast.detail)) return;
  const id = nextId++;
  toasts.set([...current, { ...toast, id }].slice(-MAX_VISIBLE));
  if (toast.kind !== "error") setTimeout(() => dismissToast(id), 5000);
}

export function dismissToast(id: number): void {
  toasts.set((list) => list.filter((t) => t.id !== id));
}

export function ToastViewport() {
  const list = useStore(toasts);
  return (
    <div class="toasts" aria-live="polite" aria-relevant="additions">
      {list.map((t) => (
        <div key={t.id} class="toast" data-kind={t.kind} role={t.kind === "error" ? "alert" : "status"}>
          <div class="toast-title">{t.title}</div>
          {t.detail && <div class="toast-detail">{t.detail}</div>}
          <button
            type="button"
            class="button icon small"
            aria-label="Dismiss"
            onClick={() => dismissToast(t.id)}
          >
            <Icon name="close" />
          </button>
        </div>
      ))}
    </div>
  );
}
