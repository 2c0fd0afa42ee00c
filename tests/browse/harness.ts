import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { ConfigInput } from "../../src/config/schema.ts";
import { openDatabase } from "../../src/db/client.ts";
import { silentLogger } from "../../src/log.ts";
import type { StreamInspector } from "../../src/media/inspector.ts";
import type { MountGuard } from "../../src/media/mount-guard.ts";
import { createRuntime, type Runtime } from "../../src/server.ts";
import { type FakeRadarr, startFakeRadarr } from "../fakes/radarr.ts";
import { type FakeSonarr, startFakeSonarr } from "../fakes/sonarr.ts";
import { type Json, jsonOf, request, testConfig } from "../support/runtime.ts";
import { subtitleStream } from "../support/subtitle-stream.ts";

/** One embedded English SRT stream in every file, so files show both kinds of subtitle. */
const englishStream: StreamInspector = {
  inspect: async () => ({
    ok: true,
    streams: [subtitleStream({ default: true })],
    cached: false,
    mtimeMs: null,
  }),
};

export interface LibraryHarness {
  runtime: Runtime;
  media: string;
  sonarr: FakeSonarr;
  radarr: FakeRadarr;
  /** Local path of each video, by label ("S01E01", "S01E02", "S02E01", "movie"). */
  videos: Record<string, string>;
  seriesId: number;
  api(path: string, init?: RequestInit): Promise<Response>;
  json(path: string, init?: RequestInit): Promise<Json>;
  /** The media file id of a video, by label. */
  fileId(label: string): Promise<number>;
  upload(
    fileId: number,
    name: string,
    bytes: Uint8Array | string,
    fields?: Record<string, string>,
  ): Promise<Response>;
  stop(): Promise<void>;
}

export interface LibraryHarnessOptions {
  /** Real media files (tests/fixtures/media) copied in as these videos, by label; all files are then probed for real. */
  fixtures?: Partial<Record<string, string>>;
  /** More configuration (e.g. `{ profile: { embedded: "none" } }`). */
  config?: ConfigInput;
  /** A standalone folder with "The Office" besides the Sonarr and Radarr libraries. */
  standalone?: boolean;
  /** Stands in for the filesystems' answers (a share that goes silent). */
  mounts?: MountGuard;
}

/**
 * A scanned library wanting German and Russian: "Breaking Bad" (S01E01, S01E02, S02E01) from a fake
 * Sonarr and "Inception" from a fake Radarr, with real (tiny) video files in a temp folder. With
 * `standalone`, a standalone folder adds "The Office" (S01E01, S02E01, S02E02; labels "Office S01E01"…).
 */
export async function startLibraryHarness(options: LibraryHarnessOptions = {}): Promise<LibraryHarness> {
  const sonarr = await startFakeSonarr({ apiKey: "sonarr-key" });
  const radarr = await startFakeRadarr({ apiKey: "radarr-key" });
  const media = mkdtempSync(join(tmpdir(), "subhound-browse-"));
  const show = sonarr.addSeries({ title: "Breaking Bad", path: "/tv/Breaking Bad", year: 2008 });
  const videos: Record<string, string> = {};
  for (const [season, episode] of [
    [1, 1],
    [1, 2],
    [2, 1],
  ] as const) {
    const file = sonarr.addEpisodeFile(show.id, { season, episodes: [episode] });
    const label = `S0${season}E0${episode}`;
    videos[label] = join(media, "tv", "Breaking Bad", file.relativePath);
  }
  const movie = radarr.addMovie({ title: "Inception", year: 2010, path: "/movies/Inception (2010)" });
  const movieFile = radarr.addMovieFile(movie.id);
  videos.movie = join(media, "movies", "Inception (2010)", movieFile.relativePath);
  const shows = join(media, "shows");
  if (options.standalone)
    for (const [season, episode] of [
      [1, 1],
      [2, 1],
      [2, 2],
    ] as const)
      videos[`Office S0${season}E0${episode}`] = join(
        shows,
        "The Office",
        `Season ${season}`,
        `The.Office.S0${season}E0${episode}.720p.WEB.mkv`,
      );
  for (const [label, video] of Object.entries(videos)) {
    mkdirSync(dirname(video), { recursive: true });
    const fixture = options.fixtures?.[label];
    if (fixture) copyFileSync(fixture, video);
    else writeFileSync(video, "video");
  }
  const runtime = createRuntime(
    testConfig({
      languages: ["de", "ru"],
      ...options.config,
      sonarr: [{ name: "main", url: sonarr.url, apiKey: "sonarr-key", retries: 0 }],
      radarr: [{ name: "films", url: radarr.url, apiKey: "radarr-key", retries: 0 }],
      pathMappings: [
        { from: "/tv", to: join(media, "tv") },
        { from: "/movies", to: join(media, "movies") },
      ],
      ...(options.standalone ? { standalone: { roots: [shows] } } : {}),
    }),
    {
      log: silentLogger,
      db: openDatabase({ path: ":memory:" }),
      ...(options.fixtures ? {} : { inspector: englishStream }),
      ...(options.mounts ? { mounts: options.mounts } : {}),
    },
  );
  const scan = runtime.deps.scanner.start({ mode: "full", trigger: "api" });
  if (!scan.ok) throw new Error("a scan is already running");
  await scan.done;
  const api = async (path: string, init: RequestInit = {}) => request(runtime, `/api/v1${path}`, init);
  const json = (path: string, init: RequestInit = {}) => jsonOf(api(path, init));
  return {
    runtime,
    media,
    sonarr,
    radarr,
    videos,
    seriesId: show.id,
    api,
    json,
    async fileId(label) {
      const path = videos[label]!;
      const row = runtime.deps.db.sqlite
        .query<{ id: number }, [string]>("SELECT id FROM media_files WHERE path = ?")
        .get(path);
      if (!row) throw new Error(`no media file at ${path}`);
      return row.id;
    },
    async upload(fileId, name, bytes, fields = { language: "de" }) {
      const form = new FormData();
      form.set("file", new File([bytes], name));
      for (const [key, value] of Object.entries(fields)) form.set(key, value);
      return api(`/library/files/${fileId}/subtitles`, { method: "POST", body: form });
    },
    async stop() {
      await runtime.close();
      await sonarr.stop();
      await radarr.stop();
      rmSync(media, { recursive: true, force: true });
    },
  };
}
