import { readFileSync } from "node:fs";
import { join } from "node:path";

/** One row of tests/fixtures/corpus/release-names.tsv (its header says where each convention comes from). */
export interface ReleaseCase {
  path: string;
  title: string;
  season: number | null;
  /** [] means "not an episode": a movie, or a daily show whose date is no episode number. */
  episodes: number[];
  /** Undefined when the row does not check the year. */
  year?: number | null;
  source: string;
}

const FILE = join(import.meta.dir, "../../fixtures/corpus/release-names.tsv");

export const RELEASE_CASES: ReleaseCase[] = readFileSync(FILE, "utf8")
  .split("\n")
  .filter((line) => line !== "" && !line.startsWith("#"))
  .map((line) => {
    const [path = "", season = "-", episodes = "-", title = "", year = "", source = ""] = line.split("\t");
    return {
      path,
      title,
      season: season === "-" ? null : Number(season),
      episodes: episodes === "-" ? [] : episodes.split(",").map(Number),
      ...(year === "" ? {} : { year: year === "-" ? null : Number(year) }),
      source,
    };
  });
