import { afterEach, beforeEach } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { manualClock } from "../../src/clock.ts";
import { openDatabase } from "../../src/db/client.ts";
import { silentLogger } from "../../src/log.ts";
import type { StreamInspector } from "../../src/media/inspector.ts";
import type { ProviderCandidate, SubtitleProvider } from "../../src/providers/types.ts";
import { createRuntime, type Runtime, type RuntimeOptions } from "../../src/server.ts";
import type { SubtitleTools } from "../../src/wanted/search.ts";
import { type FakeSonarr, startFakeSonarr } from "../fakes/sonarr.ts";
import { candidate } from "../providers/fixtures.ts";
import { testConfig } from "../support/runtime.ts";

export const noStreams: StreamInspector = {
  inspect: async () => ({ ok: true, streams: [], cached: false, mtimeMs: null }),
};
export const srt = (text: string) =>
  `1\n00:00:01,000 --> 00:00:02,000\n${text}\n\n2\n00:00:03,000 --> 00:00:04,000\n${text}!\n`;

/** Answers every episode with one German SRT; downloads are counted per candidate. */
export function goodProvider(
  downloads: Map<string, number> = new Map(),
  body = (id: string) => srt(`Hallo ${id}`),
): SubtitleProvider {
  return {
    name: "opensubtitles",
    rateLimit: { requests: 1000, perMs: 1000 },
    search: async (q) => [
      candidate("opensubtitles", `E${q.episodes[0]}`, {
        language: "de",
        season: q.season,
        episodes: q.episodes,
        releaseNames: [`Breaking.Bad.S01E0${q.episodes[0]}.720p-GRP`],
      }),
    ],
    download: async (c: ProviderCandidate) => {
      downloads.set(c.id, (downloads.get(c.id) ?? 0) + 1);
      return { fileName: `${c.id}.srt`, bytes: new TextEncoder().encode(body(c.id)) };
    },
    healthCheck: async () => ({ healthy: true, message: "ok" }),
  };
}

export function items(rt: Runtime) {
  return rt.deps.db.sqlite
    .query<
      {
        id: number;
        status: string;
        attempts: number;
        retry_after: string | null;
        lease_owner: string | null;
        last_error: string | null;
      },
      []
    >("SELECT id, status, attempts, retry_after, lease_owner, last_error FROM wanted_items ORDER BY id")
    .all();
}

/**
 * A fake Sonarr, a media folder and the runtime under test, fresh for every test: `library(n, …)`
 * puts `n` episode files (tiny placeholder videos) on disk and scans them, one German item each.
 */
export function searchHarness() {
  const clock = manualClock("2026-11-24T10:00:00Z");
  const state: { sonarr?: FakeSonarr; media?: string; runtime?: Runtime } = {};
  beforeEach(async () => {
    state.sonarr = await startFakeSonarr({ apiKey: "k" });
    state.media = mkdtempSync(join(tmpdir(), "subhound-search-"));
  });
  afterEach(async () => {
    await state.runtime?.close();
    state.runtime = undefined;
    await state.sonarr?.stop();
    rmSync(state.media!, { recursive: true, force: true });
  });

  async function library(
    episodes: number,
    /** One provider (priority 0), or several with their priorities. */
    provider: SubtitleProvider | { provider: SubtitleProvider; priority: number }[],
    config: object = {},
    subtitleTools?: SubtitleTools,
    /** More runtime options (a logger a test reads). */
    runtimeOptions: Partial<RuntimeOptions> = {},
  ): Promise<Runtime> {
    const sonarr = state.sonarr!;
    const media = state.media!;
    const show = sonarr.addSeries({ title: "Breaking Bad", path: "/tv/Breaking Bad", year: 2008 });
    for (let e = 1; e <= episodes; e++) {
      const f = sonarr.addEpisodeFile(show.id, {
        season: 1,
        episodes: [e],
        sceneName: `Breaking.Bad.S01E0${e}.720p-GRP`,
      });
      const path = join(media, "Breaking Bad", f.relativePath);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, "video");
    }
    const runtime = createRuntime(
      testConfig({
        languages: ["de"],
        sonarr: [{ name: "main", url: sonarr.url, apiKey: "k", retries: 0 }],
        pathMappings: [{ from: "/tv", to: media }],
        search: { concurrency: 3, backoffBaseMinutes: 60 },
        ...config,
      }),
      {
        log: silentLogger,
        clock,
        db: openDatabase({ path: ":memory:" }),
        inspector: noStreams,
        providers: Array.isArray(provider) ? provider : [{ provider, priority: 0 }],
        ...(subtitleTools ? { subtitleTools } : {}),
        ...runtimeOptions,
      },
    );
    state.runtime = runtime;
    const started = runtime.deps.scanner.start({ mode: "full", trigger: "api" });
    if (!started.ok) throw new Error("scan busy");
    await started.done;
    return runtime;
  }

  return { clock, library, media: () => state.media! };
}
