import { numberOfDFGCompiles } from "bun:jsc";
import { expect, test } from "bun:test";
import { keepFromFtl } from "../src/jit-tier.ts";

test("a function kept from FTL still computes the same and still reaches the DFG tier", async () => {
  function sum(bytes: Uint8Array): number {
    let total = 0;
    for (let i = 0; i < bytes.length; i++) total += bytes[i]!;
    return total;
  }
  keepFromFtl(sum);
  const bytes = new Uint8Array(64).fill(2);
  // DFG compiles run on a compiler thread: call it until one has finished, handing the loop back between rounds.
  const deadline = Date.now() + 60_000;
  while (numberOfDFGCompiles(sum) === 0 && Date.now() < deadline) {
    let round = 0;
    for (let i = 0; i < 10_000; i++) round += sum(bytes);
    expect(round).toBe(1_280_000);
    await new Promise((resolve) => setImmediate(resolve));
  }
  expect(numberOfDFGCompiles(sum)).toBeGreaterThan(0);
  expect(sum(bytes)).toBe(128);
});
