import { afterEach, expect, test } from "bun:test";
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
import { openDatabase } from "../../src/db/client.ts";
import { silentLogger } from "../../src/log.ts";
import type { ProviderCandidate, SubtitleProvider } from "../../src/providers/types.ts";
import { createRuntime, type Runtime } from "../../src/server.ts";
import { type FakeOllama, startFakeOllama } from "../fakes/ollama.ts";
import { startFakeSonarr } from "../fakes/sonarr.ts";
import { startFakeWhisper } from "../fakes/whisper.ts";
import { candidate } from "../providers/fixtures.ts";
import { jsonOf, request, testConfig } from "../support/runtime.ts";
import { noStreams } from "./search-harness.ts";

const ENGLISH =
  "1\n00:00:01,000 --> 00:00:02,000\nHello there.\n\n2\n00:00:03,000 --> 00:00:04,000\n<i>General Kenobi!</i>\n";
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** Only English subtitles exist anywhere; German is wanted. */
function englishOnly(): SubtitleProvider {
  return {
    name: "podnapisi",
    rateLimit: { requests: 100, perMs: 1000 },
    search: async (q) =>
      q.languages.includes("en") ? [candidate("podnapisi", "en-1", { language: "en" })] : [],
    download: async (c: ProviderCandidate) => ({
      fileName: `${c.id}.srt`,
      bytes: new TextEncoder().encode(ENGLISH),
    }),
    healthCheck: async () => ({ healthy: true, message: "ok" }),
  };
}

async function setup(options: {
  provider: SubtitleProvider;
  ollama?: FakeOllama;
  whisperUrl?: string;
  video?: string;
  /** Probe the real file (its embedded streams count) instead of reporting none. */
  realProbe?: boolean;
}) {
  const sonarr = await startFakeSonarr({ apiKey: "k" });
  const media = mkdtempSync(join(tmpdir(), "subhound-fallback-"));
  cleanups.push(
    () => sonarr.stop(),
    () => rmSync(media, { recursive: true, force: true }),
  );
  const show = sonarr.addSeries({ title: "Show", path: "/tv/Show" });
  const file = sonarr.addEpisodeFile(show.id, { season: 1, episodes: [1] });
  const video = join(media, "Show", file.relativePath);
  mkdirSync(dirname(video), { recursive: true });
  if (options.video) copyFileSync(options.video, video);
  else writeFileSync(video, "video");
  const runtime: Runtime = createRuntime(
    testConfig({
      languages: ["de"],
      sonarr: [{ name: "main", url: sonarr.url, apiKey: "k", retries: 0 }],
      pathMappings: [{ from: "/tv", to: media }],
      translation: options.ollama
        ? {
            chain: ["ollama"],
            sourceLanguages: ["en"],
            ollama: { url: options.ollama.url, model: "llama3.2" },
          }
        : {},
      whisper: options.whisperUrl ? { enabled: true, url: options.whisperUrl } : {},
    }),
    {
      log: silentLogger,
      db: openDatabase({ path: ":memory:" }),
      ...(options.realProbe ? {} : { inspector: noStreams }),
      providers: [{ provider: options.provider, priority: 0 }],
    },
  );
  cleanups.push(() => runtime.close());
  const scan = runtime.deps.scanner.start({ mode: "full", trigger: "api" });
  if (!scan.ok) throw new Error("scan busy");
  await scan.done;
  return { runtime, video };
}

test("no German subtitle exists: the English one is translated, saved as .de.srt and marked machine-translated", async () => {
  const ollama = await startFakeOllama();
  cleanups.push(() => ollama.stop());
  const { runtime, video } = await setup({ provider: englishOnly(), ollama });
  // A user's English sidecar must come out of this untouched.
  const mine = video.replace(/\.mkv$/, ".en.srt");
  writeFileSync(mine, "my own english subtitle");

  const run = await runtime.deps.searcher.start({ trigger: "api" }).done;
  expect(run.found).toBe(1);
  const saved = readFileSync(video.replace(/\.mkv$/, ".de.srt"), "utf8");
  expect(saved).toBe(
    "1\n00:00:01,000 --> 00:00:02,000\nT:Hello there.\n\n2\n00:00:03,000 --> 00:00:04,000\n<i>T:General Kenobi!</i>\n",
  );
  expect(readFileSync(mine, "utf8")).toBe("my own english subtitle");
  expect(readdirSync(dirname(video)).sort()).toEqual(
    [video, mine, video.replace(/\.mkv$/, ".de.srt")].map((p) => p.split("/").pop()!).sort(),
  );

  const [item] = (await jsonOf(request(runtime, "/api/v1/wanted?status=all"))).items;
  expect(item).toMatchObject({ status: "found", machine: "translated" });
  const history = await jsonOf(request(runtime, "/api/v1/history"));
  expect(history.items[0]).toMatchObject({
    action: "translated",
    machine: "translated",
    provider: "podnapisi",
  });
  const summary = await jsonOf(request(runtime, "/api/v1/wanted/summary"));
  expect(summary.fallbacks).toMatchObject({ translated: 1, translationFailures: 0 });
  const health = await jsonOf(request(runtime, "/api/v1/health/detailed?fresh=true"));
  expect(health.subsystems.translation_backends.fallback).toMatchObject({ count: 1, failures: 0 });
});

test("a per-item switch turns translation off; POST /wanted/{id}/translate runs it on demand", async () => {
  const ollama = await startFakeOllama();
  cleanups.push(() => ollama.stop());
  const { runtime, video } = await setup({ provider: englishOnly(), ollama });
  const [item] = (await jsonOf(request(runtime, "/api/v1/wanted"))).items;
  const patched = await request(runtime, `/api/v1/wanted/${item.id}`, {
    method: "PATCH",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ translate: false }),
  });
  expect((await jsonOf(patched)).translate).toBe(false);
  const run = await runtime.deps.searcher.start({ trigger: "api" }).done;
  expect(run.notFound).toBe(1);
  expect(existsSync(video.replace(/\.mkv$/, ".de.srt"))).toBe(false);

  const now = await request(runtime, `/api/v1/wanted/${item.id}/translate`, { method: "POST" });
  expect(now.status).toBe(200);
  expect(await jsonOf(now)).toMatchObject({ status: "found" });
  expect(readFileSync(video.replace(/\.mkv$/, ".de.srt"), "utf8")).toContain("T:Hello there.");
});

test("a model reply with a missing line is retried, then the item is not found and nothing is written", async () => {
  const ollama = await startFakeOllama();
  cleanups.push(() => ollama.stop());
  for (let i = 0; i < 10; i++) ollama.llm.queue.push({ kind: "drop-line" });
  const { runtime, video } = await setup({ provider: englishOnly(), ollama });
  const run = await runtime.deps.searcher.start({ trigger: "api" }).done;
  expect(run.notFound).toBe(1);
  expect(existsSync(video.replace(/\.mkv$/, ".de.srt"))).toBe(false);
  const [item] = (await jsonOf(request(runtime, "/api/v1/wanted"))).items;
  expect(item.lastError).toContain("translation from en");
  expect((await jsonOf(request(runtime, "/api/v1/wanted/summary"))).fallbacks.translationFailures).toBe(1);
});

const ffmpeg = Bun.which("ffmpeg");
test.skipIf(!ffmpeg)(
  "nothing found anywhere: Whisper transcribes the audio into a machine-generated SRT (needs ffmpeg)",
  async () => {
    const whisper = await startFakeWhisper();
    cleanups.push(() => whisper.stop());
    whisper.srt = "1\n00:00:00,000 --> 00:00:01,000\nHallo Welt\n";
    const nothing: SubtitleProvider = { ...englishOnly(), search: async () => [] };
    const { runtime, video } = await setup({
      provider: nothing,
      whisperUrl: whisper.url,
      video: join(import.meta.dir, "../fixtures/media/mkv-no-subs.mkv"),
    });
    const run = await runtime.deps.searcher.start({ trigger: "api" }).done;
    expect(run.found).toBe(1);
    expect(readFileSync(video.replace(/\.mkv$/, ".de.srt"), "utf8")).toBe(whisper.srt);
    const history = await jsonOf(request(runtime, "/api/v1/history"));
    expect(history.items[0]).toMatchObject({
      action: "transcribed",
      machine: "transcribed",
      provider: "whisper",
    });
  },
);

test.skipIf(!ffmpeg)(
  "no provider has a source subtitle: an English stream inside the video is translated (needs ffmpeg)",
  async () => {
    const ollama = await startFakeOllama();
    cleanups.push(() => ollama.stop());
    const nothing: SubtitleProvider = { ...englishOnly(), search: async () => [] };
    const { runtime, video } = await setup({
      provider: nothing,
      ollama,
      realProbe: true,
      video: join(import.meta.dir, "../fixtures/media/mkv-srt-eng.mkv"),
    });
    const run = await runtime.deps.searcher.start({ trigger: "api" }).done;
    expect(run.found).toBe(1);
    const saved = readFileSync(video.replace(/\.mkv$/, ".de.srt"), "utf8");
    expect(saved).toMatch(/^1\n\d\d:\d\d:\d\d,\d{3} --> /);
    expect(saved).toContain("T:");
    const history = await jsonOf(request(runtime, "/api/v1/history"));
    expect(history.items[0]).toMatchObject({
      provider: "embedded",
      action: "translated",
      machine: "translated",
    });
    expect(history.items[0].candidateId).toMatch(/^stream:\d+$/);
    // Nothing but the new sidecar appeared next to the video.
    expect(readdirSync(dirname(video)).sort()).toEqual(
      [video, video.replace(/\.mkv$/, ".de.srt")].map((p) => p.split("/").pop()!).sort(),
    );
  },
);
