import type { FilterName } from "./filter-names.ts";

type PerStatus = Readonly<Record<string, number>>;

/**
 * How many items a language or instance chip leads to under the status chips that are on: the
 * statuses selected, or, with none, every status but `resolved` (what the list shows without a
 * status filter). A count of all statuses promised more rows than the click showed.
 */
export function countUnder(perStatus: PerStatus | undefined, statuses: readonly string[]): number {
  let n = 0;
  for (const [status, count] of Object.entries(perStatus ?? {}))
    if (statuses.length > 0 ? statuses.includes(status) : status !== "resolved") n += count;
  return n;
}

/**
 * Whether the summary's counts still hold under the filters that are on: they are split by status
 * and by language or instance only, so `own` (the chip's filter and the one it is split by) is all
 * that may be on besides status. Under any other filter (text, series, variant) a chip shows no
 * number rather than one the click would not show.
 */
export function countable(filters: Partial<Record<FilterName, string>>, own: readonly FilterName[]): boolean {
  return Object.keys(filters).every((name) => name === "status" || own.includes(name as FilterName));
}

/** Per status, what each status chip lists under the language or instance filter that is on; undefined when unknown. */
export function statusCounts(
  summary: {
    byStatus: PerStatus;
    byLanguageStatus: Record<string, PerStatus>;
    byInstanceStatus: Record<string, PerStatus>;
  },
  filters: Partial<Record<FilterName, string>>,
): PerStatus | undefined {
  if (countable(filters, [])) return summary.byStatus;
  if (filters.language && countable(filters, ["language"]))
    return summary.byLanguageStatus[filters.language] ?? {};
  if (filters.instance && countable(filters, ["instance"]))
    return summary.byInstanceStatus[filters.instance] ?? {};
  return undefined;
}
