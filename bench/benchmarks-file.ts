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
