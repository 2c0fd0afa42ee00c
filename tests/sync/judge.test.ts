import { describe, expect, test } from "bun:test";
import type { Alignment } from "../../src/sync/align.ts";
import { displacementMs, judgeAlignment } from "../../src/sync/judge.ts";

const cues = [
  { startMs: 10_000, endMs: 12_000 },
  { startMs: 600_000, endMs: 602_000 },
];
const alignment = (a: Partial<Alignment>): Alignment => ({
  offsetMs: 0,
  ratio: 1,
  ratioLabel: "1",
  score: 0.7,
  runnerUpScore: 0.3,
  asIsScore: 0.2,
  ...a,
});

describe("judgeAlignment", () => {
  test.each([
    ["a clear, better match that moves cues", { offsetMs: -2000 }, { apply: true }],
    ["a match that moves nothing 100 ms or more", { offsetMs: 60 }, { apply: false, reason: "in-sync" }],
    [
      "a peak barely above the runner-up",
      { offsetMs: -2000, runnerUpScore: 0.65 },
      { apply: false, reason: "unconfident" },
    ],
    [
      "a match no better than the file as it is",
      { offsetMs: -2000, asIsScore: 0.695 },
      { apply: false, reason: "no-gain" },
    ],
    [
      "an unclear match near zero is unconfident, not in sync",
      { offsetMs: 20, runnerUpScore: 0.69 },
      { apply: false, reason: "unconfident" },
    ],
  ] as const)("%s", (_, a, verdict) => {
    expect(judgeAlignment(alignment(a), cues)).toMatchObject(verdict);
  });

  test("a framerate ratio moves the last cue most", () => {
    expect(displacementMs(alignment({ ratio: 1.001, offsetMs: 0 }), cues)).toBeCloseTo(602, 6);
  });
});
