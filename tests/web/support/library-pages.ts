import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import type { StreamInspection } from "../../../src/media/inspector.ts";
import { type FakePodnapisi, startFakePodnapisi } from "../../fakes/podnapisi.ts";
import { type FakeRadarr, startFakeRadarr } from "../../fakes/radarr.ts";
import { subtitleStream } from "../../support/subtitle-stream.ts";
import { startUiServer, type UiServer } from "./server.ts";

export const srt = (text: string) =>
  `1\n00:00:01,000 --> 00:00:03,000\n${text}\n\n2\n00:00:04,000 --> 00:00:06,000\n${text}!\n`;

export interface LibraryPagesServer extends UiServer {
  radarr: FakeRadarr;
  podnapisi: FakePodnapisi;
  /** Local path of each video: "The Expanse S01E01" … "Dune (2021)". */
  videos: Map<string, string>;
  /** `<video base>.<suffix>` beside a video. */
  sidecar(label: string, suffix: string): string;
}

const EPISODES: [string, number, number[]][] = [
  ["The Expanse", 2015, [3, 2]],
  ["Dark", 2017, [4]],
  ["Severance", 2022, [2]],
];
/** Episode files of a standalone folder: one show without Sonarr, title and numbers from the names. */
const STANDALONE: [string, number][] = [["Yellowjackets", 3]];
const MOVIES: [string, number][] = [
  ["Dune", 2021],
  ["Arrival", 2016],
  ["Heat", 1995],
];

/**
 * The library pages' test library (wanting German and Russian): three series from a fake Sonarr
 * (The Expanse with two seasons), three movies from a fake Radarr, every video with an embedded
 * English stream, and a standalone show (Yellowjackets, three episodes in a standalone folder);
 * The Expanse S01E01 has a German subtitle of the user's beside it, Dune a
 * Russian one. A fake Podnapisi holds a German subtitle for The Expanse S01E02.
 */
export async function startLibraryPagesServer(): Promise<LibraryPagesServer> {
  const media = mkdtempSync(join(tmpdir(), "subhound-ui-library-"));
  const radarr = await startFakeRadarr({ apiKey: "radarr-key" });
  const podnapisi = await startFakePodnapisi();
  podnapisi.subtitles.push({
    pid: "pn-expanse",
    title: "The Expanse",
    year: 2015,
    season: 1,
    episode: 2,
    language: "de",
    releases: ["The.Expanse.S01E02.1080p.WEB-DL-GRP"],
    content: srt("Hallo Belter"),
    downloads: 120,
  });
  const server = await startUiServer({
    episodes: 0,
    providers: false,
    config: {
      languages: ["de", "ru"],
      radarr: [{ name: "films", url: radarr.url, apiKey: "radarr-key", retries: 0 }],
      pathMappings: [
        { from: "/tv", to: join(media, "tv") },
        { from: "/movies", to: join(media, "movies") },
      ],
      standalone: { roots: [join(media, "shows")] },
      providers: { podnapisi: { enabled: true, baseUrl: podnapisi.url } },
    },
    runtime: {
      inspector: {
        inspect: async (): Promise<StreamInspection> => ({
          ok: true,
          cached: false,
          mtimeMs: null,
          streams: [subtitleStream({ default: true })],
        }),
      },
    },
  });
  const videos = new Map<string, string>();
  for (const [title, year, seasons] of EPISODES) {
    const show = server.sonarr.addSeries({ title, year, path: `/tv/${title}` });
    seasons.forEach((count, s) => {
      for (let e = 1; e <= count; e++) {
        const file = server.sonarr.addEpisodeFile(show.id, { season: s + 1, episodes: [e] });
        videos.set(`${title} S0${s + 1}E0${e}`, join(media, "tv", title, file.relativePath));
      }
    });
  }
  for (const [title, count] of STANDALONE)
    for (let e = 1; e <= count; e++)
      videos.set(
        `${title} S01E0${e}`,
        join(media, "shows", title, "Season 1", `${title}.S01E0${e}.1080p.WEB.mkv`),
      );
  for (const [title, year] of MOVIES) {
    const movie = radarr.addMovie({ title, year, path: `/movies/${title} (${year})` });
    const file = radarr.addMovieFile(movie.id);
    videos.set(`${title} (${year})`, join(media, "movies", `${title} (${year})`, file.relativePath));
  }
  for (const video of videos.values()) {
    mkdirSync(dirname(video), { recursive: true });
    writeFileSync(video, "video");
  }
  const sidecar = (label: string, suffix: string) => {
    const video = videos.get(label)!;
    return join(dirname(video), `${basename(video).replace(/\.[^.]+$/, "")}.${suffix}`);
  };
  writeFileSync(sidecar("The Expanse S01E01", "de.srt"), srt("Meine eigene Datei"));
  writeFileSync(sidecar("Dune (2021)", "ru.srt"), srt("Мой файл"));
  const scan = server.runtime.deps.scanner.start({ mode: "full", trigger: "api" });
  if (!scan.ok) throw new Error("a scan is already running");
  await scan.done;
  return {
    ...server,
    radarr,
    podnapisi,
    videos,
    sidecar,
    async stop() {
      await server.stop();
      await radarr.stop();
      await podnapisi.stop();
      rmSync(media, { recursive: true, force: true });
    },
  };
}
