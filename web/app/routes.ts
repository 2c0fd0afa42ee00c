import type { IconName } from "../components/icon.tsx";

/**
 * The page table. A page is a folder `web/pages/<page>/` whose `index.tsx` default-exports its
 * component; adding it here is one line. `nav` puts it in the sidebar at that position:
 * Dashboard 10, Series 14, Movies 16, Wanted 20, History 30, Blacklist 40, Providers 50, Tasks 60, Health 70, Settings 80, System 90.
 * Paths are relative to server.urlBase; wouter's patterns apply (`/wanted/:id`). Page state that
 * belongs in the URL (page, filters, sort) goes through wouter's `useSearchParams`.
 */
export interface PageRoute {
  path: string;
  title: string;
  load: () => Promise<{ default: PageComponent }>;
  nav?: { order: number; icon: IconName };
}

// biome-ignore lint/suspicious/noExplicitAny: pages take their route params, whatever they are
export type PageComponent = (props: { params: any }) => preact.JSX.Element | null;

export const routes: PageRoute[] = [
  {
    path: "/",
    title: "Dashboard",
    load: () => import("../pages/dashboard/index.tsx"),
    nav: { order: 10, icon: "dashboard" },
  },
  {
    path: "/series",
    title: "Series",
    load: () => import("../pages/series/index.tsx"),
    nav: { order: 14, icon: "series" },
  },
  {
    path: "/series/standalone/show/:key",
    title: "Series",
    load: () => import("../pages/series/detail.tsx"),
  },
  {
    path: "/series/:instance/:id",
    title: "Series",
    load: () => import("../pages/series/detail.tsx"),
  },
  {
    path: "/movies",
    title: "Movies",
    load: () => import("../pages/movies/index.tsx"),
    nav: { order: 16, icon: "movies" },
  },
  {
    path: "/wanted",
    title: "Wanted",
    load: () => import("../pages/wanted/index.tsx"),
    nav: { order: 20, icon: "wanted" },
  },
  {
    path: "/history",
    title: "History",
    load: () => import("../pages/history/index.tsx"),
    nav: { order: 30, icon: "history" },
  },
  {
    path: "/blacklist",
    title: "Blacklist",
    load: () => import("../pages/blacklist/index.tsx"),
    nav: { order: 40, icon: "blacklist" },
  },
  {
    path: "/providers",
    title: "Providers",
    load: () => import("../pages/providers/index.tsx"),
    nav: { order: 50, icon: "providers" },
  },
  {
    path: "/tasks",
    title: "Tasks",
    load: () => import("../pages/tasks/index.tsx"),
    nav: { order: 60, icon: "tasks" },
  },
  {
    path: "/health",
    title: "Health",
    load: () => import("../pages/health/index.tsx"),
    nav: { order: 70, icon: "health" },
  },
  {
    path: "/system",
    title: "System",
    load: () => import("../pages/system/index.tsx"),
    nav: { order: 90, icon: "system" },
  },
  {
    path: "/settings",
    title: "Settings",
    load: () => import("../pages/settings/index.tsx"),
    nav: { order: 80, icon: "settings" },
  },
  { path: "/settings/:section", title: "Settings", load: () => import("../pages/settings/index.tsx") },
];
