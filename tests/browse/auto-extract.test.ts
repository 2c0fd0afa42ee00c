import { afterEach, expect, test } from "bun:test";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { basename, dirname, extname, join } from "node:path";
import { pollUntil } from "../support/poll.ts";
import { type LibraryHarness, startLibraryHarness } from "./harness.ts";

/** extractEmbedded per profile: after a scan, text streams of wanted languages become Subhound's sidecars. */

const media = (name: string) => join(import.meta.dir, "..", "fixtures", "media", name);
const sidecar = (video: string, suffix: string) =>
  join(dirname(video), `${basename(video, extname(video))}.${suffix}`);

let h: LibraryHarness;
afterEach(async () => {
  await h.stop();
});

async function rescan() {
  const started = h.runtime.deps.scanner.start({ mode: "full", trigger: "api" });
  if (!started.ok) throw new Error("a scan is already running");
  await started.done;
}

const history = (fileId: number) =>
  h
    .json(`/library/files/${fileId}`)
    .then((f) => f.history as { provider: string; action: string; path: string }[]);

test("only series whose profile says extractEmbedded get sidecars, and each stream only once", async () => {
  h = await startLibraryHarness({
    fixtures: {
      // subrip #2 (eng, forced), ass #3 (ger, hearing impaired), subrip #4 (jpn)
      S01E01: media("mkv-ffmpeg-multi.mkv"),
      // webvtt #1 (eng)
      S01E02: media("mkv-ffmpeg-webvtt.mkv"),
      // mov_text #1 (por)
      movie: media("m4v-movtext.m4v"),
    },
    config: {
      languages: ["de", "en"],
      profiles: { "old-player": { extractEmbedded: true } },
      profileTags: [{ tag: "living-room", profile: "old-player" }],
    },
  });
  const first = await h.fileId("S01E01");
  // The default profile does not extract: the first scan wrote nothing.
  expect(existsSync(sidecar(h.videos.S01E01!, "de.hi.ass"))).toBe(false);
  expect(await history(first)).toEqual([]);

  h.sonarr.tagSeries(h.seriesId, ["Living-Room"]);
  await rescan();
  const german = sidecar(h.videos.S01E01!, "de.hi.ass");
  const english = sidecar(h.videos.S01E02!, "en.srt");
  await pollUntil(
    async () => existsSync(german) && existsSync(english),
    (done) => done,
  );
  expect(readFileSync(german, "utf8")).toContain("[V4+ Styles]");
  expect(readFileSync(english, "utf8")).toBe("1\n00:00:00,000 --> 00:00:00,800\nHello.\n\n");
  // The forced English stream does not stand in for the full English subtitle: nothing for it.
  expect(existsSync(sidecar(h.videos.S01E01!, "en.forced.srt"))).toBe(false);
  await pollUntil(
    () => history(first),
    (rows) => rows.length === 1,
  );
  expect((await history(first))[0]).toMatchObject({
    provider: "embedded",
    action: "extracted",
    path: german,
  });
  // Movies follow their own profile (untagged: the default), so the MP4's stream stays inside.
  expect(existsSync(sidecar(h.videos.movie!, "de.srt"))).toBe(false);

  // The next scan sees the sidecars; nothing is extracted again.
  await rescan();
  await rescan();
  expect(await history(first)).toHaveLength(1);
});

test("a language the user already has a sidecar for is left alone", async () => {
  h = await startLibraryHarness({
    fixtures: { S01E01: media("mkv-ffmpeg-multi.mkv"), S01E02: media("mkv-ffmpeg-webvtt.mkv") },
    config: { languages: ["de", "en"], profile: { extractEmbedded: true } },
  });
  // Extraction after the harness's own scan wrote the German sidecar; the user replaces the
  // English one's place with their own file before the next scan.
  const english = sidecar(h.videos.S01E02!, "en.srt");
  await pollUntil(
    async () => existsSync(english),
    (done) => done,
  );
  writeFileSync(english, "1\n00:00:01,000 --> 00:00:02,000\nMine.\n\n");
  await rescan();
  await rescan();
  expect(readFileSync(english, "utf8")).toBe("1\n00:00:01,000 --> 00:00:02,000\nMine.\n\n");
  expect(await history(await h.fileId("S01E02"))).toHaveLength(1);
});
