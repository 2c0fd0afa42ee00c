import { useEffect, useState } from "preact/hooks";
import { Skeleton } from "../components/skeleton.tsx";
import type { PageComponent, PageRoute } from "./routes.ts";

const loaded = new Map<PageRoute, PageComponent>();

/** Loads a page's code on first visit (its own chunk), then renders it with the route params. */
export function LazyPage({
  route,
  params,
}: {
  route: PageRoute;
  params: Record<string, string | undefined>;
}) {
  const [page, setPage] = useState<PageComponent | undefined>(() => loaded.get(route));
  const [failed, setFailed] = useState<string | null>(null);
  useEffect(() => {
    document.title = `${route.title} · Subhound`;
    if (loaded.has(route)) {
      setPage(() => loaded.get(route));
      return;
    }
    let cancelled = false;
    route.load().then(
      (module) => {
        loaded.set(route, module.default);
        if (!cancelled) setPage(() => module.default);
      },
      (e: unknown) => !cancelled && setFailed(e instanceof Error ? e.message : String(e)),
    );
    return () => {
      cancelled = true;
    };
  }, [route]);
  if (failed)
    return (
      <div class="alert" role="alert">
        This page could not be loaded ({failed}). Reload to try again.
      </div>
    );
  const Page = page;
  if (!Page)
    return (
      <div class="page" aria-busy="true">
        <Skeleton width="12em" />
      </div>
    );
  return <Page params={params} />;
}
