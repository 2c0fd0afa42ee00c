import { linkSync, mkdirSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { createProber } from "../../src/media/probe/probe.ts";
import type { FakeSonarr } from "../../tests/fakes/sonarr.ts";

/** The media corpus files the native reader answers: what a bench library is made of, so scans probe for real. */
export async function nativeCorpus(): Promise<string[]> {
  const dir = join(import.meta.dir, "../../tests/fixtures/media");
  const prober = createProber({ engine: "native", concurrency: 1, timeoutMs: 30_000 });
  const corpus: string[] = [];
  for (const name of readdirSync(dir).filter((n) => /\.(mkv|mp4)$/.test(n))) {
    const path = join(dir, name);
    if ((await prober.probe(path)).ok) corpus.push(path);
  }
  if (corpus.length === 0) throw new Error("no corpus file the native reader answers");
  return corpus;
}

/**
 * Puts a hard link to a corpus file wherever the fake Sonarr says an episode file is, with the
 * fake's `/tv` mapped to `media`. Returns the folders made and the local path of each file id.
 */
export function linkSonarrLibrary(
  sonarr: FakeSonarr,
  media: string,
  corpus: readonly string[],
): { folders: number; localPath: (fileId: number) => string } {
  const seriesPath = new Map([...sonarr.series.values()].map((s) => [s.id, s.path]));
  const localPath = (fileId: number) => {
    const f = sonarr.episodeFiles.get(fileId)!;
    return `${seriesPath.get(f.seriesId)!.replace(/^\/tv/, media)}/${f.relativePath}`;
  };
  const folders = new Set<string>();
  let i = 0;
  for (const fileId of sonarr.episodeFiles.keys()) {
    const path = localPath(fileId);
    const dir = dirname(path);
    if (!folders.has(dir)) {
      mkdirSync(dir, { recursive: true });
      folders.add(dir);
    }
    linkSync(corpus[i++ % corpus.length]!, path);
  }
  return { folders: folders.size, localPath };
}
