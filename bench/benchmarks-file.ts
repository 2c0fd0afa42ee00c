import { join } from "node:path";

/**
 * Replaces one bench's section of BENCHMARKS.md (between its start and end markers), or appends it,
 * so a single bench can refresh its own figures without running them all.
 */
export async function writeMarkedSection(
  section: string,
  markStart: string,
  markEnd: string,
): Promise<string> {
  const path = join(import.meta.dir, "..", "BENCHMARKS.md");
  const current = await Bun.file(path).text();
  const start = current.indexOf(markStart);
  const end = current.indexOf(markEnd);
  const next =
    start >= 0 && end > start
      ? current.slice(0, start) + section + current.slice(end + markEnd.length + 1)
      : `${current.trimEnd()}\n\n${section}`;
  await Bun.write(path, next);
  return path;
}

/**
 * The marked sections of `current` (a bench's own, between `<!-- bench/x.ts -->` and
 * `<!-- /bench/x.ts -->`, or `:start`/`:end`) that `report` does not hold: what benches run on their
 * own (the UI budget, the scale run) wrote, which a whole `bench/run.ts` report must keep.
 */
export function sectionsNotIn(current: string, report: string): string[] {
  const kept: string[] = [];
  for (const m of current.matchAll(/<!-- (bench\/[\w.-]+?\.ts)(:start)? -->/g)) {
    const startMark = m[0];
    if (report.includes(startMark)) continue;
    const endMark = m[2] ? `<!-- ${m[1]}:end -->` : `<!-- /${m[1]} -->`;
    const end = current.indexOf(endMark, m.index);
    if (end < 0) continue;
    kept.push(current.slice(m.index, end + endMark.length));
  }
  return kept;
}
