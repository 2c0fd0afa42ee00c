import { expect, test } from "bun:test";
import { parseScanArgs, printSummary } from "../../src/cli/scan.ts";
import type { ScanSummary } from "../../src/wanted/scanner.ts";

test("--force-removal goes with --full", () => {
  expect(parseScanArgs(["--full", "--force-removal"])).toMatchObject({ full: true, forceRemoval: true });
  expect(parseScanArgs(["--full"])).toMatchObject({ full: true, forceRemoval: false });
  expect((parseScanArgs(["--force-removal"]) as Error).message).toBe("--force-removal goes with --full");
});

test("the printed summary shows held-back removals, names that are not UTF-8 and warnings", () => {
  const lines: string[] = [];
  const summary: ScanSummary = {
    mode: "full",
    filesSeen: 10,
    probed: 10,
    cacheHits: 0,
    unreadable: 0,
    undecodableNames: 1,
    added: 0,
    resolved: 0,
    reopened: 0,
    removed: 0,
    heldBack: 4,
    unchangedSeries: 0,
    errors: {},
    warnings: { main: "4 of 10 files (40%) are no longer listed" },
    durationMs: 1200,
    phases: {
      list: { ms: 120.5, count: 3 },
      inspect: { ms: 800, count: 10 },
      probe: { ms: 640.2, count: 10 },
      decide: { ms: 1.2, count: 10 },
      store: { ms: 30.4, count: 10 },
    },
  };
  printSummary({ stdout: (s) => lines.push(s), stderr: () => {} }, summary);
  const text = lines.join("\n");
  expect(text).toContain("names not UTF-8 1");
  expect(text).toContain("removal held back 4");
  expect(text).not.toContain("series unchanged");
  lines.length = 0;
  printSummary({ stdout: (s) => lines.push(s), stderr: () => {} }, { ...summary, unchangedSeries: 7 });
  expect(lines.join("\n")).toContain("series unchanged since the last scan (no episode looked at): 7");
  expect(text).toContain("warning in main: 4 of 10 files (40%) are no longer listed");
});
