import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { createStandaloneSource } from "../../../src/library/standalone.ts";
import type { ReleaseCase } from "./release-names.ts";

export interface ReleaseReading {
  title: string;
  season: number | null;
  episodes: number[];
  year: number | null;
}

export type ReleaseVerdict = "right" | "miss" | "wrong";

/** Lists the cases as files under a standalone root, the way a scan sees them. */
export async function readReleaseCases(cases: readonly ReleaseCase[]): Promise<Map<string, ReleaseReading>> {
  const root = mkdtempSync(join(tmpdir(), "subhound-release-corpus-"));
  try {
    for (const row of cases) {
      mkdirSync(dirname(join(root, row.path)), { recursive: true });
      writeFileSync(join(root, row.path), "");
    }
    const listing = await createStandaloneSource({ roots: [root] }).listRoot(root);
    if (!listing.ok) throw new Error(listing.error);
    const readings = new Map<string, ReleaseReading>();
    for (const item of listing.items) {
      readings.set(item.path.slice(root.length + 1), {
        title: item.title,
        season: item.season,
        episodes: item.episodes,
        year: item.year,
      });
    }
    return readings;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/**
 * Wrong: episodes other than the truth, or another season for them. Miss: no episode named
 * where the truth has some. Right: the same episodes and season, and the title (letters and
 * digits) and year when the truth gives one.
 */
export function verdict(row: ReleaseCase, reading: ReleaseReading): ReleaseVerdict {
  const sameEpisodes = reading.episodes.join() === row.episodes.join();
  if (reading.episodes.length > 0 && (!sameEpisodes || reading.season !== row.season)) return "wrong";
  if (!sameEpisodes) return "miss";
  const norm = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "");
  if (norm(reading.title) !== norm(row.title)) return "miss";
  if (row.year !== undefined && reading.year !== row.year) return "miss";
  return "right";
}
