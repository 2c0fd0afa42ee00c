import { afterEach, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { openDatabase } from "../../src/db/client.ts";
import { silentLogger } from "../../src/log.ts";
import { createRuntime, type Runtime } from "../../src/server.ts";
import { startFakeJellyfin } from "../fakes/jellyfin.ts";
import { openSubtitlesConfig, osSubtitle, startFakeOpenSubtitles } from "../fakes/opensubtitles.ts";
import { startFakeSonarr } from "../fakes/sonarr.ts";
import { jsonOf, request, testConfig } from "../support/runtime.ts";
import { noStreams } from "./search-harness.ts";

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/**
 * The whole path over real HTTP: Sonarr lists the episode, OpenSubtitles (fake) answers the search
 * and the download, the pipeline validates and saves, Jellyfin (fake) is told about the new file
 * with its own view of the path.
 */
test("scan, search, download, save and media-server refresh end to end", async () => {
  const sonarr = await startFakeSonarr({ apiKey: "sonarr-key" });
  const os = await startFakeOpenSubtitles();
  const jellyfin = await startFakeJellyfin();
  const media = mkdtempSync(join(tmpdir(), "subhound-e2e-"));
  cleanups.push(
    () => sonarr.stop(),
    () => os.stop(),
    () => jellyfin.stop(),
    () => rmSync(media, { recursive: true, force: true }),
  );

  const show = sonarr.addSeries({
    title: "Breaking Bad",
    path: "/tv/Breaking Bad",
    year: 2008,
    imdbId: "tt0903747",
  });
  const file = sonarr.addEpisodeFile(show.id, {
    season: 1,
    episodes: [1],
    sceneName: "Breaking.Bad.S01E01.1080p.BluRay.x264-ROVERS",
  });
  const video = join(media, "Breaking Bad", file.relativePath);
  mkdirSync(dirname(video), { recursive: true });
  writeFileSync(video, "video");
  os.subtitles.push(osSubtitle(4467084, { language: "de" }));
  os.files.set(4467084, "1\n00:00:01,000 --> 00:00:02,000\nIch heiße Walter Hartwell White.\n");

  const runtime: Runtime = createRuntime(
    testConfig({
      languages: ["de"],
      sonarr: [{ name: "main", url: sonarr.url, apiKey: "sonarr-key", retries: 0 }],
      pathMappings: [{ from: "/tv", to: media }],
      providers: {
        opensubtitles: openSubtitlesConfig(os),
      },
      mediaServers: [
        {
          type: "jellyfin",
          url: jellyfin.url,
          apiKey: jellyfin.apiKey,
          pathMappings: [{ from: "/media/tv", to: media }],
        },
      ],
    }),
    { log: silentLogger, db: openDatabase({ path: ":memory:" }), inspector: noStreams },
  );
  cleanups.push(() => runtime.close());

  const scan = runtime.deps.scanner.start({ mode: "full", trigger: "api" });
  if (!scan.ok) throw new Error("scan busy");
  expect((await scan.done).summary).toMatchObject({ added: 1 });

  const run = await request(runtime, "/api/v1/wanted/search", { method: "POST" });
  expect(run.status).toBe(202);
  await runtime.deps.searcher.whenIdle();
  expect(await jsonOf(request(runtime, "/api/v1/wanted/search"))).toMatchObject({ found: 1, notFound: 0 });

  const saved = video.replace(/\.mkv$/, ".de.srt");
  expect(readFileSync(saved, "utf8")).toContain("Ich heiße Walter");
  const history = await jsonOf(request(runtime, "/api/v1/history"));
  expect(history.items[0]).toMatchObject({
    provider: "opensubtitles",
    candidateId: "4467084",
    path: saved,
    format: "srt",
  });
  expect(history.items[0].breakdown["match:imdb"]).toBeGreaterThan(0);

  // Jellyfin learns about the video's folder in its own view of the path.
  expect(jellyfin.updates.map((u) => u.Path)).toEqual([video.replace(media, "/media/tv")]);

  // The next scan sees the new sidecar: the item is resolved.
  const rescan = runtime.deps.scanner.start({ mode: "incremental", trigger: "api" });
  if (!rescan.ok) throw new Error("scan busy");
  expect((await rescan.done).summary).toMatchObject({ resolved: 1 });
  const providers = await jsonOf(request(runtime, "/api/v1/providers"));
  expect(providers[0]).toMatchObject({ name: "opensubtitles", stats: { searches: 1, downloads: 1 } });
});
