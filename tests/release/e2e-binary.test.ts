import { Database } from "bun:sqlite";
import { afterAll, expect, test } from "bun:test";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { compile, hostTarget } from "../../scripts/compile.ts";
import { HEALTH_CHECK_NAMES } from "../../src/health/checks.ts";
import { osSubtitle, startFakeOpenSubtitles } from "../fakes/opensubtitles.ts";
import { startFakeRadarr } from "../fakes/radarr.ts";
import { startFakeSonarr } from "../fakes/sonarr.ts";
import { pollUntil } from "../support/poll.ts";
import { spawnServer } from "../support/process.ts";

const work = mkdtempSync(join(tmpdir(), "subhound-release-e2e-"));
const cleanups: (() => unknown)[] = [];
afterAll(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
  rmSync(work, { recursive: true, force: true });
});

const API_KEY = "release-e2e-key-0123456789";
const GERMAN = "1\n00:00:01,000 --> 00:00:02,000\nIch heiße Walter Hartwell White.\n";

/**
 * The release artefact as a user runs it: the compiled binary alone in an empty directory, configured by
 * environment variables only, against a Sonarr and an OpenSubtitles (fakes, over real HTTP) and a media
 * tree with a real MKV. It scans, searches, writes the subtitle next to the video, serves the results
 * and stops cleanly on SIGTERM.
 */
test(
  "the compiled binary, configured only by env, scans, searches, saves a subtitle and stops on SIGTERM",
  async () => {
    const target = hostTarget();
    const [binary] = await compile({ targets: [target], outdir: join(work, "dist"), smoke: false });

    const home = join(work, "home");
    mkdirSync(home);
    copyFileSync(binary!, join(home, "subhound"));
    expect(readdirSync(home)).toEqual(["subhound"]);

    const sonarr = await startFakeSonarr({ apiKey: "sonarr-key" });
    const os = await startFakeOpenSubtitles();
    const radarr = await startFakeRadarr({ apiKey: "radarr-key" });
    cleanups.push(
      () => radarr.stop(),
      () => sonarr.stop(),
      () => os.stop(),
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
    const media = join(work, "media");
    const video = join(media, "Breaking Bad", file.relativePath);
    mkdirSync(dirname(video), { recursive: true });
    copyFileSync(join(import.meta.dir, "..", "fixtures", "media", "mkv-srt-eng.mkv"), video);
    os.subtitles.push(osSubtitle(4467084, { language: "de" }));
    os.files.set(4467084, GERMAN);
    const matrix = radarr.addMovie({
      title: "The Matrix",
      year: 1999,
      imdbId: "tt0133093",
      path: "/movies/The Matrix (1999)",
    });
    const movieFile = radarr.addMovieFile(matrix.id);
    const movie = join(media, "movies", "The Matrix (1999)", movieFile.relativePath);
    mkdirSync(dirname(movie), { recursive: true });
    copyFileSync(join(import.meta.dir, "..", "fixtures", "media", "mkv-no-subs.mkv"), movie);
    os.subtitles.push(
      osSubtitle(5550001, {
        language: "de",
        release: "The.Matrix.1999.1080p.BluRay.x264-FGT",
        feature: {
          feature_type: "Movie",
          imdb_id: 133093,
          title: "The Matrix",
          year: 1999,
          season_number: 0,
          episode_number: 0,
        },
      }),
    );
    // A 7z: unpacked by 7-Zip's WASM in the extraction worker, which the binary must carry.
    os.files.set(5550001, readFileSync(join(import.meta.dir, "..", "fixtures", "archives", "movie.7z")));

    const server = await spawnServer([join(home, "subhound")], {
      cwd: home,
      env: {
        PATH: process.env.PATH ?? "",
        SUBHOUND_PORT: "0",
        SUBHOUND_API_KEY: API_KEY,
        SUBHOUND_LANGUAGES: "de",
        SUBHOUND_SONARR__0__URL: sonarr.url,
        SUBHOUND_SONARR__0__API_KEY: "sonarr-key",
        SUBHOUND_SONARR__0__RETRIES: "0",
        SUBHOUND_PATH_MAPPINGS__0__FROM: "/tv",
        SUBHOUND_PATH_MAPPINGS__0__TO: media,
        SUBHOUND_RADARR__0__URL: radarr.url,
        SUBHOUND_RADARR__0__API_KEY: "radarr-key",
        SUBHOUND_RADARR__0__RETRIES: "0",
        SUBHOUND_PATH_MAPPINGS__1__FROM: "/movies",
        SUBHOUND_PATH_MAPPINGS__1__TO: join(media, "movies"),
        SUBHOUND_PROVIDERS__OPENSUBTITLES__ENABLED: "true",
        SUBHOUND_PROVIDERS__OPENSUBTITLES__API_KEY: os.apiKey,
        SUBHOUND_PROVIDERS__OPENSUBTITLES__USERNAME: os.username,
        SUBHOUND_PROVIDERS__OPENSUBTITLES__PASSWORD: os.password,
        SUBHOUND_PROVIDERS__OPENSUBTITLES__BASE_URL: `${os.api.url}/api/v1`,
        SUBHOUND_SCAN__PROBE_ENGINE: "native",
      },
    });
    let exitCode: number | undefined;
    try {
      const api = async (path: string, init: RequestInit = {}) => {
        const headers = new Headers(init.headers);
        headers.set("X-Api-Key", API_KEY);
        if (init.body !== undefined) headers.set("Content-Type", "application/json");
        return fetch(`${server.url}${path}`, { ...init, headers });
      };
      const json = async (path: string) => {
        const res = await api(path);
        expect(res.status).toBe(200);
        // biome-ignore lint/suspicious/noExplicitAny: fields are checked one by one with expect()
        return (await res.json()) as any;
      };

      // A first start scans the never-listed library at once (a full scan), without being asked.
      const scanned = await pollUntil(
        () => api("/api/v1/wanted/scan").then((res) => (res.status === 200 ? res.json() : null)),
        // biome-ignore lint/suspicious/noExplicitAny: fields are checked one by one with expect()
        (p: any) => p !== null && p.status !== "running",
      );
      expect(scanned).toMatchObject({
        status: "succeeded",
        mode: "full",
        summary: { added: 2, probed: 2, unreadable: 0, errors: {} },
      });

      const search = await api("/api/v1/wanted/search", { method: "POST" });
      expect(search.status).toBe(202);
      const { runId } = (await search.json()) as { runId: number };
      const searched = await pollUntil(
        () => json("/api/v1/wanted/search"),
        (r) => r.runId === runId && r.status !== "running",
      );
      expect(searched).toMatchObject({ status: "succeeded", found: 2, notFound: 0, failed: 0 });

      expect(readFileSync(video.replace(/\.mkv$/, ".de.srt"), "utf8")).toContain("Ich heiße Walter");

      expect(readFileSync(movie.replace(/\.mkv$/, ".de.srt"), "utf8")).toContain("Movie line one");
      // The list worker is an entry of its own in the binary: once it has started, pages come from it.
      // (A page asked alone is answered by the server's thread: ask a few at once; and a page asked
      // again unchanged is a kept answer: each in a size not asked before.)
      let pageSize = 10;
      const fromWorker = await pollUntil(
        async () =>
          (
            await Promise.all(
              Array.from({ length: 4 }, () =>
                api(`/api/v1/wanted?status=all&pageSize=${pageSize++}`).then(
                  (res) => res.headers.get("server-timing") ?? "",
                ),
              ),
            )
          ).join(" "),
        (timings) => timings.includes('desc="list worker"'),
      );
      expect(fromWorker).toStartWith("page;");
      const wanted = await json("/api/v1/wanted?status=all&sort=title&order=asc");
      expect(wanted.total).toBe(2);
      expect(wanted.items[0]).toMatchObject({
        status: "found",
        language: "de",
        path: video,
        kind: "episode",
      });
      expect(wanted.items[1]).toMatchObject({ status: "found", language: "de", path: movie, kind: "movie" });

      const health = await fetch(`${server.url}/api/v1/health`);
      expect(health.status).toBe(200);
      const detailed = await api("/api/v1/health/detailed");
      expect([200, 503]).toContain(detailed.status);
      const report = (await detailed.json()) as { subsystems: Record<string, { healthy: boolean }> };
      expect(Object.keys(report.subsystems).sort()).toEqual([...HEALTH_CHECK_NAMES].sort());
      expect(report.subsystems.arr_connectivity!.healthy).toBe(true);
      expect(report.subsystems.database!.healthy).toBe(true);

      // The backup worker is an entry of its own in the binary: the copy must work there too.
      const backup = await api("/api/v1/system/backup");
      expect(backup.status).toBe(200);
      const backupFile = join(work, "backup.db");
      writeFileSync(backupFile, new Uint8Array(await backup.arrayBuffer()));
      const copy = new Database(backupFile, { readonly: true });
      expect(copy.query("SELECT count(*) AS n FROM wanted_items").get()).toEqual({ n: 2 });
      copy.close();
      const logs = await json("/api/v1/system/logs?q=listening");
      expect(logs.entries.map((e: { message: string }) => e.message)).toContain("listening");
    } finally {
      exitCode = await server.stop();
    }
    expect(exitCode).toBe(0);
    expect(server.stderr()).toMatch(/"msg":"stopped"/);
    // Everything it keeps lives in its data directory beside the binary.
    expect(existsSync(join(home, "data", "subhound.db"))).toBe(true);
  },
  { timeout: 60_000 },
);
