import { expect, test } from "bun:test";
import { countUnder } from "../../web/pages/wanted/chip-counts.ts";

test("a language chip counts what clicking it lists under the status chips that are on", () => {
  const german = { wanted: 12, not_found: 4, resolved: 1 };
  // No status chip on: the list leaves resolved items out, and so does the count (17 promised 16 rows).
  expect(countUnder(german, [])).toBe(16);
  expect(countUnder(german, ["resolved"])).toBe(1);
  expect(countUnder(german, ["wanted", "failed"])).toBe(12);
  expect(countUnder(undefined, [])).toBe(0);
});
