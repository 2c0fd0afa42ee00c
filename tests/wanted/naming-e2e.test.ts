import { afterEach, expect, test } from "bun:test";
import {
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
import type { ConfigInput } from "../../src/config/schema.ts";
import { openDatabase } from "../../src/db/client.ts";
import { silentLogger } from "../../src/log.ts";
import { createRuntime, type Runtime } from "../../src/server.ts";
import { openSubtitlesConfig, osSubtitle, startFakeOpenSubtitles } from "../fakes/opensubtitles.ts";
import { startFakeSonarr } from "../fakes/sonarr.ts";
import { jsonOf, request, testConfig } from "../support/runtime.ts";
import { noStreams } from "./search-harness.ts";

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** Sonarr (fake) lists Breaking Bad, OpenSubtitles (fake) serves its subtitles; the videos are real files. */
async function library() {
  const sonarr = await startFakeSonarr({ apiKey: "sonarr-key" });
  const os = await startFakeOpenSubtitles();
  const media = mkdtempSync(join(tmpdir(), "subhound-naming-e2e-"));
  cleanups.push(
    () => sonarr.stop(),
    () => os.stop(),
    () => rmSync(media, { recursive: true, force: true }),
  );
  const show = sonarr.addSeries({
    title: "Breaking Bad",
    path: "/tv/Breaking Bad",
    year: 2008,
    imdbId: "tt0903747",
  });
  /** Episode `n` of season 1 on disk and in Sonarr, with one English hearing-impaired subtitle to find. */
  const addEpisode = (n: number) => {
    const release = `Breaking.Bad.S01E0${n}.1080p.BluRay.x264-ROVERS`;
    const file = sonarr.addEpisodeFile(show.id, {
      season: 1,
      episodes: [n],
      sceneName: release,
      // No embedded English track: the subtitle is wanted.
      subtitles: "",
    });
    const video = join(media, "Breaking Bad", file.relativePath);
    mkdirSync(dirname(video), { recursive: true });
    writeFileSync(video, "video");
    const fileId = 4467080 + n;
    os.subtitles.push(
      osSubtitle(fileId, {
        language: "en",
        hearingImpaired: true,
        release,
        feature: { episode_number: n, imdb_id: 959620 + n },
      }),
    );
    os.files.set(fileId, `1\n00:00:01,000 --> 00:00:02,000\n[SIREN WAILING] Episode ${n}.\n`);
    return video;
  };
  const config = (extra: ConfigInput = {}) =>
    testConfig({
      languages: ["en"],
      sonarr: [{ name: "main", url: sonarr.url, apiKey: "sonarr-key", retries: 0 }],
      pathMappings: [{ from: "/tv", to: media }],
      providers: { opensubtitles: openSubtitlesConfig(os) },
      ...extra,
    });
  return { addEpisode, config };
}

async function scan(runtime: Runtime, mode: "full" | "incremental") {
  const run = runtime.deps.scanner.start({ mode, trigger: "api" });
  if (!run.ok) throw new Error("scan busy");
  return (await run.done).summary;
}

async function search(runtime: Runtime) {
  const run = await request(runtime, "/api/v1/wanted/search", { method: "POST" });
  expect(run.status).toBe(202);
  await runtime.deps.searcher.whenIdle();
  return jsonOf(request(runtime, "/api/v1/wanted/search"));
}

const downloads = async (runtime: Runtime) =>
  (await jsonOf(request(runtime, "/api/v1/providers")))[0].stats.downloads as number;

const subtitlesBeside = (video: string) =>
  readdirSync(dirname(video))
    .filter((name) => name.endsWith(".srt"))
    .sort();

test('with naming.hearingImpairedTag = "sdh" a HI download is saved as .en.sdh.srt and the next scan counts it', async () => {
  const { addEpisode, config } = await library();
  const video = addEpisode(1);
  const runtime = createRuntime(config({ naming: { hearingImpairedTag: "sdh" } }), {
    log: silentLogger,
    db: openDatabase({ path: ":memory:" }),
    inspector: noStreams,
  });
  cleanups.push(() => runtime.close());

  expect(await scan(runtime, "full")).toMatchObject({ added: 1 });
  expect((await jsonOf(request(runtime, "/api/v1/wanted?status=wanted"))).total).toBe(1);
  expect(await search(runtime)).toMatchObject({ found: 1, notFound: 0 });

  const saved = video.replace(/\.mkv$/, ".en.sdh.srt");
  expect(subtitlesBeside(video)).toEqual([saved.slice(dirname(video).length + 1)]);
  expect(readFileSync(saved, "utf8")).toContain("[SIREN WAILING]");
  const history = await jsonOf(request(runtime, "/api/v1/history"));
  expect(history.items[0]).toMatchObject({ provider: "opensubtitles", path: saved });

  // The scan reads the name back as English, hearing-impaired: the item is satisfied.
  expect(await scan(runtime, "full")).toMatchObject({ resolved: 1 });
  const wanted = await jsonOf(request(runtime, "/api/v1/wanted?status=wanted"));
  expect(wanted.total).toBe(0);
  // A later scan and search leave it alone: nothing is downloaded again.
  expect(await scan(runtime, "full")).toMatchObject({ added: 0 });
  await search(runtime);
  expect(await downloads(runtime)).toBe(1);
  expect(subtitlesBeside(video)).toEqual([saved.slice(dirname(video).length + 1)]);
});

test("a reload that switches [naming] names the next save, without a restart", async () => {
  const { addEpisode, config } = await library();
  const first = addEpisode(1);
  let next = config();
  const runtime = createRuntime(config(), {
    log: silentLogger,
    db: openDatabase({ path: ":memory:" }),
    inspector: noStreams,
    loadConfig: () => next,
  });
  cleanups.push(() => runtime.close());

  await scan(runtime, "full");
  expect(await search(runtime)).toMatchObject({ found: 1 });
  expect(existsSync(first.replace(/\.mkv$/, ".en.hi.srt"))).toBe(true);

  next = config({ naming: { hearingImpairedTag: "sdh", languageCode: "alpha3" } });
  const reload = await request(runtime, "/api/v1/system/reload", { method: "POST" });
  expect(reload.status).toBe(200);
  expect((await jsonOf(reload)).restartNeeded).toEqual([]);

  const second = addEpisode(2);
  expect(await scan(runtime, "full")).toMatchObject({ added: 1 });
  expect(await search(runtime)).toMatchObject({ found: 1 });
  expect(existsSync(second.replace(/\.mkv$/, ".eng.sdh.srt"))).toBe(true);
  // The file saved before keeps its name, and both still count.
  expect(subtitlesBeside(first)).toEqual([
    "Breaking Bad - S01E01 - WEBDL-1080p.en.hi.srt",
    "Breaking Bad - S01E02 - WEBDL-1080p.eng.sdh.srt",
  ]);
  expect(await scan(runtime, "full")).toMatchObject({ added: 0 });
  expect((await jsonOf(request(runtime, "/api/v1/wanted?status=wanted"))).total).toBe(0);
  await search(runtime);
  expect(await downloads(runtime)).toBe(2);
});

test('with naming.folder = "Subs" downloads go into Subs/ beside the videos, made on the first save, and scans count them', async () => {
  const { addEpisode, config } = await library();
  const first = addEpisode(1);
  const second = addEpisode(2);
  const runtime = createRuntime(config({ naming: { folder: "Subs" } }), {
    log: silentLogger,
    db: openDatabase({ path: ":memory:" }),
    inspector: noStreams,
  });
  cleanups.push(() => runtime.close());

  expect(await scan(runtime, "full")).toMatchObject({ added: 2 });
  expect(await search(runtime)).toMatchObject({ found: 2, notFound: 0 });

  const subs = join(dirname(first), "Subs");
  expect(readdirSync(subs).sort()).toEqual([
    "Breaking Bad - S01E01 - WEBDL-1080p.en.hi.srt",
    "Breaking Bad - S01E02 - WEBDL-1080p.en.hi.srt",
  ]);
  expect(subtitlesBeside(first)).toEqual([]);
  expect(readFileSync(join(subs, "Breaking Bad - S01E02 - WEBDL-1080p.en.hi.srt"), "utf8")).toContain(
    "Episode 2.",
  );
  const history = await jsonOf(request(runtime, "/api/v1/history"));
  expect(history.items.map((h: { path: string }) => h.path).sort()).toEqual(
    [first, second].map((video) => join(subs, `${video.slice(dirname(video).length + 1, -4)}.en.hi.srt`)),
  );

  // Even an incremental scan sees the new folder (its parent's listing changed): each episode has its own.
  expect(await scan(runtime, "incremental")).toMatchObject({ resolved: 2 });
  expect((await jsonOf(request(runtime, "/api/v1/wanted?status=wanted"))).total).toBe(0);
  expect(await scan(runtime, "full")).toMatchObject({ added: 0 });
  await search(runtime);
  expect(await downloads(runtime)).toBe(2);
});

test('with naming.folder = "Subs" and a subs/ folder there already, the download joins it', async () => {
  const { addEpisode, config } = await library();
  const video = addEpisode(1);
  const existing = join(dirname(video), "subs");
  mkdirSync(existing);
  writeFileSync(join(existing, "Notes.txt"), "the user's");
  const runtime = createRuntime(config({ naming: { folder: "Subs" } }), {
    log: silentLogger,
    db: openDatabase({ path: ":memory:" }),
    inspector: noStreams,
  });
  cleanups.push(() => runtime.close());

  await scan(runtime, "full");
  expect(await search(runtime)).toMatchObject({ found: 1 });
  expect(readdirSync(dirname(video)).filter((name) => name.toLowerCase() === "subs")).toEqual(["subs"]);
  expect(readdirSync(existing).sort()).toEqual([
    "Breaking Bad - S01E01 - WEBDL-1080p.en.hi.srt",
    "Notes.txt",
  ]);
  expect(await scan(runtime, "full")).toMatchObject({ resolved: 1 });
});
