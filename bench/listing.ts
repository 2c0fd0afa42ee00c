/**
 * Folder listing and sidecar discovery at size: the timings that used to be asserted in tests
 * (a busy 2-core machine made those tests fail; a benchmark reports instead).
 *   bun bench/listing.ts
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createStandaloneSource } from "../src/library/standalone.ts";
import { createSidecarFinder } from "../src/media/sidecars.ts";

export interface ListingBenchResult {
  files: number;
  standaloneFirstMs: number;
  standaloneSecondMs: number;
  sidecarsMs: number;
  sidecarsFound: number;
}

function buildTree(root: string, folders: number, perFolder: number): string[] {
  const videos: string[] = [];
  for (let f = 0; f < folders; f++) {
    const dir = join(root, `Show ${f}`, "Season 01");
    mkdirSync(dir, { recursive: true });
    for (let e = 1; e <= perFolder; e++) {
      const base = `Show.${f}.S01E${String(e).padStart(2, "0")}.1080p.WEB-DL.x264-GRP`;
      writeFileSync(join(dir, `${base}.mkv`), "");
      writeFileSync(join(dir, `${base}.en.srt`), "");
      writeFileSync(join(dir, `${base}.de.forced.ass`), "");
      videos.push(join(dir, `${base}.mkv`));
    }
  }
  return videos;
}

export async function runListingBench(): Promise<ListingBenchResult> {
  const root = mkdtempSync(join(tmpdir(), "subhound-bench-listing-"));
  try {
    const videos = buildTree(root, 500, 20);
    const source = createStandaloneSource({ roots: [root] });
    let t = performance.now();
    const first = await source.listAllFiles();
    const standaloneFirstMs = performance.now() - t;
    if (!first.ok || first.items.length !== videos.length) throw new Error("standalone listing incomplete");
    t = performance.now();
    await source.listAllFiles();
    const standaloneSecondMs = performance.now() - t;
    t = performance.now();
    const finder = createSidecarFinder();
    let sidecarsFound = 0;
    for (const video of videos) sidecarsFound += finder.find(video).length;
    const sidecarsMs = performance.now() - t;
    return { files: videos.length, standaloneFirstMs, standaloneSecondMs, sidecarsMs, sidecarsFound };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

export function printListingResult(r: ListingBenchResult): void {
  console.log(
    `standalone listing of ${r.files} files: first ${r.standaloneFirstMs.toFixed(0)} ms, second ${r.standaloneSecondMs.toFixed(0)} ms`,
  );
  console.log(`sidecars for ${r.files} videos: ${r.sidecarsMs.toFixed(0)} ms (${r.sidecarsFound} found)`);
}

if (import.meta.main) printListingResult(await runListingBench());
