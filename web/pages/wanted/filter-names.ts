/** The Wanted page's filters, as the URL names them (apart from the hook, so plain code can use the names). */
export const FILTERS = ["status", "language", "variant", "instance", "seriesId", "title", "q"] as const;
export type FilterName = (typeof FILTERS)[number];
