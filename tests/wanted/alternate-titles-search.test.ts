import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { manualClock } from "../../src/clock.ts";
import { openDatabase } from "../../src/db/client.ts";
import { silentLogger } from "../../src/log.ts";
import type { ProviderCandidate, SubtitleProvider, SubtitleQuery } from "../../src/providers/types.ts";
import { createRuntime, type Runtime } from "../../src/server.ts";
import { alternateTitlesOf } from "../../src/wanted/file-facts.ts";
import { type FakeSonarr, startFakeSonarr } from "../fakes/sonarr.ts";
import { candidate } from "../providers/fixtures.ts";
import { testConfig } from "../support/runtime.ts";
import { makeScanner, type ScanEnv, scan, startScanEnv, touch } from "./scan-env.ts";
import { noStreams, srt } from "./search-harness.ts";

// From Sonarr's and Radarr's alternate titles, through the scan's stored facts, to the search's
// scoring: a subtitle named by the scene title is the series' and earns the title's points.

const SVU = "Law & Order: Special Victims Unit";
const ETHEL = "Law.and.Order.SVU.S25E01.1080p.WEB.h264-ETHEL";

describe("scan → search", () => {
  let sonarr: FakeSonarr;
  let media: string;
  let runtime: Runtime | undefined;
  beforeEach(async () => {
    sonarr = await startFakeSonarr({ apiKey: "k" });
    media = mkdtempSync(join(tmpdir(), "subhound-alternate-titles-"));
  });
  afterEach(async () => {
    await runtime?.close();
    runtime = undefined;
    await sonarr.stop();
    rmSync(media, { recursive: true, force: true });
  });

  /** Answers with the SVU-named subtitle of the file's own release, and keeps the queries asked. */
  function svuProvider(queries: SubtitleQuery[]): SubtitleProvider {
    return {
      name: "opensubtitles",
      rateLimit: { requests: 1000, perMs: 1000 },
      search: async (q) => {
        queries.push(q);
        return [
          candidate("opensubtitles", "ethel", {
            language: "de",
            season: q.season,
            episodes: q.episodes,
            releaseNames: [ETHEL],
          }),
        ];
      },
      download: async (c: ProviderCandidate) => ({
        fileName: `${c.id}.srt`,
        bytes: new TextEncoder().encode(srt("Hallo")),
      }),
      healthCheck: async () => ({ healthy: true, message: "ok" }),
    };
  }

  async function searchSvu(alternateTitles: { title: string; seasonNumber?: number }[]) {
    const show = sonarr.addSeries({ title: SVU, path: "/tv/SVU", year: 1999, alternateTitles });
    const file = sonarr.addEpisodeFile(show.id, { season: 25, episodes: [1], sceneName: ETHEL });
    const video = join(media, "SVU", file.relativePath);
    mkdirSync(dirname(video), { recursive: true });
    writeFileSync(video, "video");
    const queries: SubtitleQuery[] = [];
    runtime = createRuntime(
      testConfig({
        languages: ["de"],
        sonarr: [{ name: "main", url: sonarr.url, apiKey: "k", retries: 0 }],
        pathMappings: [{ from: "/tv", to: media }],
        // A user's floor that a subtitle without the title's points falls under.
        search: { minScore: 200 },
      }),
      {
        log: silentLogger,
        clock: manualClock("2026-11-24T10:00:00Z"),
        db: openDatabase({ path: ":memory:" }),
        inspector: noStreams,
        providers: [{ provider: svuProvider(queries), priority: 0 }],
      },
    );
    const scanned = runtime.deps.scanner.start({ mode: "full", trigger: "api" });
    if (!scanned.ok) throw new Error("scan busy");
    await scanned.done;
    const done = await runtime.deps.searcher.start({ trigger: "api" }).done;
    return { done, queries, subtitle: video.replace(/\.mkv$/, ".de.srt") };
  }

  test("Sonarr's scene title makes the SVU-named subtitle reach the minimum score: it is downloaded", async () => {
    const { done, queries, subtitle } = await searchSvu([{ title: "Law and Order SVU", seasonNumber: -1 }]);
    expect(queries[0]?.alternateTitles).toEqual(["Law and Order SVU"]);
    expect(done).toMatchObject({ total: 1, found: 1 });
    expect(existsSync(subtitle)).toBe(true);
  });

  test("without it, the same subtitle stays under the minimum score (as before)", async () => {
    const { done, queries, subtitle } = await searchSvu([]);
    expect(queries[0]?.alternateTitles).toBeUndefined();
    expect(done).toMatchObject({ total: 1, found: 0, notFound: 1 });
    expect(existsSync(subtitle)).toBe(false);
  });
});

describe("what the scan stores", () => {
  let env: ScanEnv;
  beforeEach(async () => {
    env = await startScanEnv();
  });
  afterEach(() => env.close());

  const stored = () =>
    env.db.sqlite
      .query<{ json: string }, []>("SELECT subtitles_json AS json FROM media_files ORDER BY id")
      .all()
      .map((r) => alternateTitlesOf(r.json).alternateTitles ?? null);
  const incremental = { mode: "incremental" } as const;

  test("kept through incremental scans and a file decided again; a change alone waits for a full scan", async () => {
    const show = env.sonarr.addSeries({
      title: SVU,
      path: "/tv/SVU",
      alternateTitles: [{ title: "Law and Order SVU", seasonNumber: -1 }],
    });
    const paths = [1, 2].map((n) => {
      const file = env.sonarr.addEpisodeFile(show.id, { season: 25, episodes: [n] });
      const path = join(env.media, "tv", "SVU", file.relativePath);
      touch(path);
      return path;
    });
    const scanner = makeScanner(env);
    await scan(scanner);
    expect(stored()).toEqual([["Law and Order SVU"], ["Law and Order SVU"]]);

    // Sonarr learns another scene title: an unchanged series is not looked at again for it.
    env.sonarr.series.get(show.id)!.alternateTitles.push({ title: "Law & Order: SVU" });
    const quiet = await scan(scanner, incremental);
    expect(quiet.summary!.phases.decide.count).toBe(0);
    expect(stored()).toEqual([["Law and Order SVU"], ["Law and Order SVU"]]);

    // A subtitle appears beside one episode: that file is decided again from its stored row, and
    // keeps the titles it had.
    touch(paths[0]!.replace(/\.mkv$/, ".en.srt"));
    const sidecar = await scan(scanner, incremental);
    expect(sidecar.summary!.phases.decide.count).toBe(1);
    expect(stored()).toEqual([["Law and Order SVU"], ["Law and Order SVU"]]);

    // The next full scan stores what Sonarr lists now.
    await scan(scanner);
    expect(stored()).toEqual([
      ["Law and Order SVU", "Law & Order: SVU"],
      ["Law and Order SVU", "Law & Order: SVU"],
    ]);
  });

  test("a Radarr movie's original and alternate titles are stored for its searches", async () => {
    const leon = env.radarr.addMovie({
      title: "Léon: The Professional",
      year: 1994,
      originalTitle: "Léon",
      alternateTitles: [{ title: "Leon" }],
    });
    const file = env.radarr.addMovieFile(leon.id);
    touch(join(env.media, "movies", `Léon: The Professional (1994)`, file.relativePath));
    await scan(makeScanner(env, { sources: ["radarr"] }));
    expect(stored()).toEqual([["Léon", "Leon"]]);
  });
});
