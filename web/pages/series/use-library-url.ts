import { useSearchParams } from "wouter-preact";

export const PAGE_SIZE = 50;

export interface LibraryUrl<Sort extends string> {
  page: number;
  pageSize: number;
  sort: Sort;
  order: "asc" | "desc";
  q: string | undefined;
  missing: boolean;
  instance: string | undefined;
  /** The file whose details are open (`?file=`), so a detail view is a link too. */
  file: number | null;
  update(changes: Record<string, string | number | undefined>, options?: { replace?: boolean }): void;
}

const positive = (raw: string | null) => {
  const n = Number(raw);
  return Number.isInteger(n) && n > 0 ? n : undefined;
};

/**
 * The library lists keep their state in the URL (page, search, missing-only, sort and the open
 * file), like the Wanted page: shareable, and Back undoes a change.
 */
export function useLibraryUrl<Sort extends string>(
  sorts: readonly Sort[],
  defaultOrder: Record<Sort, "asc" | "desc">,
): LibraryUrl<Sort> {
  const [params, setParams] = useSearchParams();
  const sortParam = params.get("sort") as Sort | null;
  const sort = sortParam && sorts.includes(sortParam) ? sortParam : sorts[0]!;
  const orderParam = params.get("order");
  const order = orderParam === "asc" || orderParam === "desc" ? orderParam : defaultOrder[sort];
  return {
    page: positive(params.get("page")) ?? 1,
    pageSize: Math.min(500, positive(params.get("pageSize")) ?? PAGE_SIZE),
    sort,
    order,
    q: params.get("q") || undefined,
    missing: params.get("missing") === "true",
    instance: params.get("instance") || undefined,
    file: positive(params.get("file")) ?? null,
    update: (changes, options) =>
      setParams(
        (previous) => {
          const next = new URLSearchParams(previous);
          for (const [key, value] of Object.entries(changes)) {
            if (value === undefined || value === "") next.delete(key);
            else next.set(key, String(value));
          }
          if (!("page" in changes) && Object.keys(changes).some((k) => k !== "file")) next.delete("page");
          return next;
        },
        { replace: options?.replace ?? false },
      ),
  };
}
