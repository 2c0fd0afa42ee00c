/**
 * How many items a language or instance chip leads to under the status chips that are on: the
 * statuses selected, or, with none, every status but `resolved` (what the list shows without a
 * status filter). A count of all statuses promised more rows than the click showed.
 */
export function countUnder(
  perStatus: Readonly<Record<string, number>> | undefined,
  statuses: readonly string[],
): number {
  let n = 0;
  for (const [status, count] of Object.entries(perStatus ?? {}))
    if (statuses.length > 0 ? statuses.includes(status) : status !== "resolved") n += count;
  return n;
}
