import { afterEach, expect, test } from "bun:test";
import {
  appendFileSync,
  chmodSync,
  existsSync,
  mkdtempSync,
  rmSync,
  truncateSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, extname, join } from "node:path";
import { createExtractor, type ExtractorDeps } from "../../src/browse/extract-embedded.ts";
import { type ArmTimer, extractTextStream } from "../../src/fallbacks/extract-stream.ts";
import { profileSet } from "../../src/profiles/profile.ts";
import { createProfileResolver } from "../../src/wanted/profile-resolver.ts";
import { createSubtitleTools } from "../../src/wanted/subtitle-tools.ts";
import { pollUntil } from "../support/poll.ts";
import { type LibraryHarness, startLibraryHarness } from "./harness.ts";

/** The extractor around ffmpeg: how long it lets ffmpeg read, and a video that changes meanwhile. */

const media = (name: string) => join(import.meta.dir, "..", "fixtures", "media", name);
const sidecar = (video: string, suffix: string) =>
  join(dirname(video), `${basename(video, extname(video))}.${suffix}`);

let h: LibraryHarness;
const dirs: string[] = [];
afterEach(async () => {
  await h.stop();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** S01E01: subrip #2 (eng, forced), ass #3 (ger, hearing impaired), subrip #4 (jpn). */
async function library() {
  h = await startLibraryHarness({
    fixtures: { S01E01: media("mkv-ffmpeg-multi.mkv") },
    config: { languages: ["de"], profile: { embedded: "none" } },
  });
  return h.fileId("S01E01");
}

function extractorWith(overrides: Pick<ExtractorDeps, "ffmpeg" | "extract">) {
  const { db, clock, config } = h.runtime.deps;
  return createExtractor({
    sqlite: db.sqlite,
    db: db.db,
    clock,
    owner: "test",
    tools: createSubtitleTools({ mediaServers: null, translation: null, whisper: null }),
    profileOf: () => createProfileResolver(db.db, profileSet(config)),
    ...overrides,
  });
}

const GERMAN =
  "[Script Info]\nScriptType: v4.00+\n\n[Events]\nFormat: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\nDialogue: 0,0:00:00.50,0:00:01.50,Default,,0,0,0,,Hallo\n";

test("a 60 GB remux gets the time to be read through, and a hang is still stopped at that limit", async () => {
  const fileId = await library();
  // The video as a 4K remux on a NAS: 60 GB (sparse here), which ffmpeg reads whole for one stream.
  truncateSync(h.videos.S01E01!, 60_000_000_000);
  const dir = mkdtempSync(join(tmpdir(), "subhound-extract-limits-"));
  dirs.push(dir);
  const ffmpegPath = join(dir, "ffmpeg");
  writeFileSync(ffmpegPath, "#!/bin/sh\nexec sleep 600\n");
  chmodSync(ffmpegPath, 0o755);
  const armed: { ms: number; fire: () => void }[] = [];
  const armTimer: ArmTimer = (fire, ms) => {
    armed.push({ ms, fire });
    return () => {};
  };
  const extract = extractorWith({
    ffmpeg: () => ({ available: true, path: ffmpegPath }),
    extract: (request) => extractTextStream({ ...request, armTimer }),
  });
  const pending = extract({ fileId, streamIndex: 3 });
  await pollUntil(
    async () => armed.length,
    (n) => n === 1,
  );
  // Before, the extractor gave every video 2 minutes: ffmpeg was killed halfway through a remux.
  expect(armed[0]!.ms).toBe(52 * 60_000);
  armed[0]!.fire();
  expect(await pending).toEqual({
    ok: false,
    status: 503,
    detail:
      "stream #3 could not be read: ffmpeg was still reading the video after 52 min, the limit for its size, and was stopped",
  });
});

test("a video replaced while ffmpeg read it is not used: nothing is saved", async () => {
  const fileId = await library();
  const video = h.videos.S01E01!;
  const extract = extractorWith({
    ffmpeg: () => ({ available: true, path: "/usr/bin/ffmpeg" }),
    // Sonarr imports an upgrade under the same name while ffmpeg is still reading the old file.
    extract: async () => {
      appendFileSync(video, "a few more bytes of another release");
      return GERMAN;
    },
  });
  const outcome = await extract({ fileId, streamIndex: 3 });
  expect(outcome).toMatchObject({ ok: false, status: 409 });
  expect(!outcome.ok && outcome.detail).toContain("changed while its stream #3 was read");
  expect(existsSync(sidecar(video, "de.hi.ass"))).toBe(false);
  expect((await h.json(`/library/files/${fileId}`)).history).toEqual([]);

  // Left alone, the same extraction is saved.
  const settled = extractorWith({
    ffmpeg: () => ({ available: true, path: "/usr/bin/ffmpeg" }),
    extract: async () => GERMAN,
  });
  expect(await settled({ fileId, streamIndex: 3 })).toMatchObject({ ok: true, replaced: false });
  expect(existsSync(sidecar(video, "de.hi.ass"))).toBe(true);
});
