import { createStore } from "./store.ts";

export type ThemeChoice = "system" | "light" | "dark";
const STORAGE_KEY = "subhound.theme";

function stored(): ThemeChoice {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return value === "light" || value === "dark" ? value : "system";
  } catch {
    return "system";
  }
}

export const themeChoice = createStore<ThemeChoice>(stored());

const systemDark = () => window.matchMedia?.("(prefers-color-scheme: dark)").matches ?? false;

/**
 * The theme the page shows now: the choice, or the system's while on "system" (which turns dark at
 * dusk on a phone set to automatic). What draws colours in script (the chart) follows this one.
 */
export const appliedTheme = createStore<"light" | "dark">("light");

function apply(choice: ThemeChoice) {
  const dark = choice === "dark" || (choice === "system" && systemDark());
  document.documentElement.dataset.theme = dark ? "dark" : "light";
  appliedTheme.set(dark ? "dark" : "light");
}

/** Applies the saved choice now (before the first render) and follows the system while on "system". */
export function installTheme(): void {
  apply(themeChoice.get());
  themeChoice.subscribe(apply);
  window
    .matchMedia?.("(prefers-color-scheme: dark)")
    .addEventListener("change", () => apply(themeChoice.get()));
}

/** system → light → dark → system. */
export function cycleTheme(): void {
  const next: ThemeChoice =
    themeChoice.get() === "system" ? "light" : themeChoice.get() === "light" ? "dark" : "system";
  try {
    if (next === "system") localStorage.removeItem(STORAGE_KEY);
    else localStorage.setItem(STORAGE_KEY, next);
  } catch {
    // Private mode without storage: the choice lasts for this tab only.
  }
  themeChoice.set(next);
}
