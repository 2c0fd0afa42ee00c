import { useSearchParams } from "wouter-preact";
import type { WantedListQuery } from "../../api/wanted.ts";
import { FILTERS, type FilterName } from "./filter-names.ts";

export const SORTS = ["added", "title", "status", "language", "lastSearched", "retryAfter"] as const;
export type SortKey = (typeof SORTS)[number];
/** The API's default direction per sort, so the URL only carries `order` when it differs. */
export const DEFAULT_ORDER: Record<SortKey, "asc" | "desc"> = {
  added: "desc",
  title: "asc",
  status: "asc",
  language: "asc",
  lastSearched: "desc",
  retryAfter: "asc",
};
export const PAGE_SIZE = 50;

export type { FilterName } from "./filter-names.ts";

export interface WantedUrl {
  query: WantedListQuery;
  sort: SortKey;
  order: "asc" | "desc";
  /** The item whose details are open (`?item=`), so a detail view is a link too. */
  item: number | null;
  filters: Partial<Record<FilterName, string>>;
  /** Sets (or, with undefined, removes) parameters; every change but typing adds a history entry. */
  update(changes: Record<string, string | number | undefined>, options?: { replace?: boolean }): void;
  clearFilters(): void;
}

const positive = (raw: string | null) => {
  const n = Number(raw);
  return Number.isInteger(n) && n > 0 ? n : undefined;
};

/** The Wanted page's state lives in the URL: page, filters, sort and the open item. */
export function useWantedUrl(): WantedUrl {
  const [params, setParams] = useSearchParams();
  const sortParam = params.get("sort");
  const sort: SortKey = SORTS.includes(sortParam as SortKey) ? (sortParam as SortKey) : "added";
  const order =
    params.get("order") === "asc" ? "asc" : params.get("order") === "desc" ? "desc" : DEFAULT_ORDER[sort];
  const filters: Partial<Record<FilterName, string>> = {};
  for (const name of FILTERS) {
    const value = params.get(name);
    if (value) filters[name] = value;
  }
  const variant = filters.variant === "full" || filters.variant === "forced" ? filters.variant : undefined;
  const query: WantedListQuery = {
    page: positive(params.get("page")) ?? 1,
    pageSize: Math.min(500, positive(params.get("pageSize")) ?? PAGE_SIZE),
    sort,
    order,
    ...(filters.status ? { status: filters.status } : {}),
    ...(filters.language ? { language: filters.language } : {}),
    ...(variant ? { variant } : {}),
    ...(filters.instance ? { instance: filters.instance } : {}),
    ...(positive(filters.seriesId ?? null) ? { seriesId: positive(filters.seriesId ?? null) } : {}),
    ...(filters.title ? { title: filters.title } : {}),
    ...(filters.q ? { q: filters.q } : {}),
  };
  const update: WantedUrl["update"] = (changes, options) =>
    setParams(
      (previous) => {
        const next = new URLSearchParams(previous);
        for (const [key, value] of Object.entries(changes)) {
          if (value === undefined || value === "") next.delete(key);
          else next.set(key, String(value));
        }
        // A new filter or sort starts at the first page.
        if (!("page" in changes) && Object.keys(changes).some((k) => k !== "item")) next.delete("page");
        return next;
      },
      { replace: options?.replace ?? false },
    );
  return {
    query,
    sort,
    order,
    item: positive(params.get("item")) ?? null,
    filters,
    update,
    clearFilters: () =>
      update(Object.fromEntries(FILTERS.map((f) => [f, undefined])) as Record<string, undefined>),
  };
}
