/** How many of a kind, and the first few, for a summary that stays short on a library of thousands. */
export interface Examples {
  count: number;
  examples: string[];
}

export const EXAMPLES_KEPT = 5;

/** `tally` with one more, keeping its example while fewer than EXAMPLES_KEPT are kept. */
export function noteExample(tally: Examples | undefined, example: string): Examples {
  const next = tally ?? { count: 0, examples: [] };
  next.count++;
  if (next.examples.length < EXAMPLES_KEPT) next.examples.push(example);
  return next;
}
