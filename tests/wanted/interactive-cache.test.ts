import { expect, test } from "bun:test";
import type { ScoredCandidate } from "../../src/providers/scoring.ts";
import { createInteractiveCache } from "../../src/wanted/interactive-cache.ts";

const candidate = (provider: string, id: string) => ({ candidate: { provider, id } }) as ScoredCandidate;

test("an interactive search's candidates are found again until they expire", () => {
  let now = 0;
  const cache = createInteractiveCache(() => now, { ttlMs: 1000 });
  cache.set(7, [candidate("podnapisi", "a"), candidate("gestdown", "b")]);
  expect(cache.find(7, "gestdown", "b")?.candidate.id).toBe("b");
  expect(cache.find(7, "gestdown", "a")).toBeUndefined();
  now = 1001;
  expect(cache.find(7, "gestdown", "b")).toBeUndefined();
  expect(cache.size()).toBe(0);
});

test("the cache never holds more than its limit: the oldest search goes first", () => {
  const cache = createInteractiveCache(() => 0, { maxItems: 3 });
  for (let item = 1; item <= 5; item++) cache.set(item, [candidate("podnapisi", String(item))]);
  expect(cache.size()).toBe(3);
  expect(cache.find(2, "podnapisi", "2")).toBeUndefined();
  expect(cache.find(5, "podnapisi", "5")).toBeDefined();
  // Searching an item again makes it the newest.
  cache.set(3, [candidate("podnapisi", "3")]);
  cache.set(6, [candidate("podnapisi", "6")]);
  expect(cache.find(3, "podnapisi", "3")).toBeDefined();
  expect(cache.find(4, "podnapisi", "4")).toBeUndefined();
});
