import { afterEach, beforeEach, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createStandaloneSource } from "../../src/library/standalone.ts";
import { createSidecarFinder } from "../../src/media/sidecars.ts";
import { makeScanner, type ScanEnv, scan, startScanEnv } from "../wanted/scan-env.ts";

/** A Latin-1 "é" (0xE9): fine on a Windows share mounted without iocharset, not valid UTF-8. */
const LATIN1_E = Buffer.from([0xe9]);

function rawPath(...parts: (string | Buffer)[]): Buffer {
  return Buffer.concat(parts.map((p) => (typeof p === "string" ? Buffer.from(p) : p)));
}

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "subhound-names-"));
  mkdirSync(join(root, "Movies", "Good (2001)"), { recursive: true });
  writeFileSync(join(root, "Movies", "Good (2001)", "Good (2001).mkv"), "x");
  // A video, a folder holding a video, and a subtitle beside the good video, named in Latin-1.
  writeFileSync(rawPath(root, "/Movies/Good (2001)/Caf", LATIN1_E, " (2002).mkv"), "x");
  mkdirSync(rawPath(root, "/Movies/Am", LATIN1_E, "lie (2001)"));
  writeFileSync(rawPath(root, "/Movies/Am", LATIN1_E, "lie (2001)/Amelie.mkv"), "x");
  writeFileSync(rawPath(root, "/Movies/Good (2001)/Good (2001).fran", LATIN1_E, "ais.srt"), "x");
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

test("standalone listing counts names that are not valid UTF-8 instead of dropping them silently", async () => {
  const listing = await createStandaloneSource({ roots: [root] }).listAllFiles();
  if (!listing.ok) throw new Error(listing.error);
  expect(listing.items.map((f) => f.title)).toEqual(["Good"]);
  expect(listing.undecodable?.count).toBe(2);
  expect(listing.undecodable?.example).toStartWith(join(root, "Movies"));
  expect(listing.undecodable?.example).toContain("\uFFFD");
});

test("sidecar discovery counts subtitle names that are not valid UTF-8", () => {
  const finder = createSidecarFinder();
  expect(finder.find(join(root, "Movies", "Good (2001)", "Good (2001).mkv"))).toEqual([]);
  expect(finder.undecodable()).toEqual({
    count: 1,
    example: join(root, "Movies", "Good (2001)", "Good (2001).fran\uFFFDais.srt"),
  });
});

let env: ScanEnv;
test("the scan result reports them per instance", async () => {
  env = await startScanEnv();
  try {
    const result = await scan(makeScanner(env, { standaloneRoots: [root] }));
    expect(result.summary).toMatchObject({ filesSeen: 1, undecodableNames: 3, errors: {} });
    expect(result.summary!.warnings.standalone).toContain("3 file or folder name(s) are not valid UTF-8");
  } finally {
    await env.close();
  }
});
