import type { ComponentChildren } from "preact";
import { useEffect, useState } from "preact/hooks";
import { Link, useLocation } from "wouter-preact";
import type { AuthState } from "../api/auth.ts";
import { useLogout } from "../api/auth.ts";
import { live } from "../api/events.ts";
import { Icon } from "../components/icon.tsx";
import { routes } from "./routes.ts";
import { useStore } from "./store.ts";
import { cycleTheme, themeChoice } from "./theme.ts";

const faviconUrl = document.querySelector<HTMLLinkElement>('link[rel="icon"]')?.href ?? "";
const navRoutes = routes.filter((r) => r.nav).sort((a, b) => a.nav!.order - b.nav!.order);

const THEME_LABEL = { system: "Theme: system", light: "Theme: light", dark: "Theme: dark" } as const;
const THEME_ICON = { system: "monitor", light: "sun", dark: "moon" } as const;
const LIVE_LABEL = {
  connecting: "Connecting…",
  open: "Live updates on",
  error: "Live updates lost; retrying",
};

function isCurrent(path: string, location: string) {
  return path === "/" ? location === "/" : location === path || location.startsWith(`${path}/`);
}

/** The *arr-style frame: a left sidebar (a drawer on phones), the page beside it. */
export function Layout({ auth, children }: { auth: AuthState; children: ComponentChildren }) {
  const [location] = useLocation();
  const [open, setOpen] = useState(false);
  const theme = useStore(themeChoice);
  const connection = useStore(live).connection;
  const logout = useLogout();
  const current = navRoutes.find((r) => isCurrent(r.path, location));

  useEffect(() => setOpen(false), [location]);
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => e.key === "Escape" && setOpen(false);
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [open]);

  return (
    <div class="shell">
      <header class="topbar">
        <button
          type="button"
          class="button icon"
          aria-label="Open navigation"
          aria-expanded={open}
          aria-controls="sidebar"
          onClick={() => setOpen(true)}
        >
          <Icon name="menu" />
        </button>
        <span class="topbar-title">{current?.title ?? "Subhound"}</span>
      </header>
      {/* biome-ignore lint/a11y/noStaticElementInteractions lint/a11y/useKeyWithClickEvents: a pointer shortcut; Esc and the links close the drawer from the keyboard */}
      <div class="drawer-backdrop" data-open={open} onClick={() => setOpen(false)} />
      <aside id="sidebar" class="sidebar" data-open={open} aria-label="Sidebar">
        <Link href="/" class="brand">
          <img src={faviconUrl} alt="" />
          Subhound
        </Link>
        <nav class="nav" aria-label="Main">
          {navRoutes.map((r) => (
            <Link key={r.path} href={r.path} aria-current={isCurrent(r.path, location) ? "page" : undefined}>
              <Icon name={r.nav!.icon} />
              {r.title}
            </Link>
          ))}
        </nav>
        <div class="sidebar-footer">
          <div class="live" role="status">
            <span class="live-dot" data-state={connection} aria-hidden="true" />
            {LIVE_LABEL[connection]}
          </div>
          <button
            type="button"
            class="button"
            onClick={cycleTheme}
            aria-label={`${THEME_LABEL[theme]} (change)`}
          >
            <Icon name={THEME_ICON[theme]} />
            {THEME_LABEL[theme]}
          </button>
          {auth.method === "session" && (
            <button type="button" class="button" onClick={() => logout.mutate()} disabled={logout.isPending}>
              <Icon name="logout" />
              Sign out {auth.username}
            </button>
          )}
        </div>
      </aside>
      <main class="main" id="main">
        {children}
      </main>
    </div>
  );
}
