import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, extname, join } from "node:path";
import { createExtractor, SUBTITLE_IN_PLACE } from "../../src/browse/extract-embedded.ts";
import { profileSet } from "../../src/profiles/profile.ts";
import { createProfileResolver } from "../../src/wanted/profile-resolver.ts";
import { createSubtitleTools } from "../../src/wanted/subtitle-tools.ts";
import { jsonOf, TEST_API_KEY } from "../support/runtime.ts";
import { type LibraryHarness, startLibraryHarness } from "./harness.ts";

/**
 * Two full tracks of one language ("English" and a mis-tagged "English (Commentary)") share one
 * sidecar name: extracting the second must not silently take the first one's place.
 */

const work = mkdtempSync(join(tmpdir(), "subhound-extract-replace-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const ass = (text: string) =>
  `[Script Info]\nScriptType: v4.00+\n\n[Events]\nFormat: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\nDialogue: 0,0:00:00.50,0:00:01.50,Default,,0,0,0,,${text}\n`;
const srt = (text: string) => `1\n00:00:00,500 --> 00:00:01,500\n${text}\n\n`;
const sidecar = (video: string, suffix: string) =>
  join(dirname(video), `${basename(video, extname(video))}.${suffix}`);

/** A Matroska file of SubRip streams only (stream i = tracks[i]), muxed by ffmpeg. */
function muxSubtitles(name: string, tracks: { text: string; tags: string[] }[]): string {
  const out = join(work, name);
  const inputs = tracks.flatMap((t, i) => {
    const path = join(work, `${name}-${i}.srt`);
    writeFileSync(path, t.text);
    return ["-i", path];
  });
  const maps = tracks.flatMap((_, i) => ["-map", `${i}`]);
  const tags = tracks.flatMap((t, i) => t.tags.flatMap((tag) => [`-metadata:s:s:${i}`, tag]));
  const run = Bun.spawnSync([
    "ffmpeg",
    "-v",
    "error",
    "-y",
    ...inputs,
    ...maps,
    "-c:s",
    "copy",
    ...tags,
    out,
  ]);
  if (run.exitCode !== 0) throw new Error(`ffmpeg: ${run.stderr.toString()}`);
  return out;
}

describe("extracting a second full track of a language", () => {
  let h: LibraryHarness;
  let id: number;
  let target: string;
  const post = (body: Record<string, unknown>) =>
    h.api(`/library/files/${id}/extract`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
  const historyLength = async () => (await h.json(`/library/files/${id}`)).history.length;

  beforeAll(async () => {
    const video = muxSubtitles("english.mkv", [
      { text: srt("Hello, full."), tags: ["language=eng", "title=English"] },
      { text: srt("I remember this scene."), tags: ["language=eng", "title=English (Commentary)"] },
    ]);
    h = await startLibraryHarness({
      fixtures: { S01E01: video },
      config: { languages: ["en"], profile: { embedded: "none" } },
    });
    id = await h.fileId("S01E01");
    target = sidecar(h.videos.S01E01!, "en.srt");
  });
  afterAll(() => h.stop());

  test("is refused with a 409 that says what is there and how to replace it; the first stays", async () => {
    const first = await post({ streamIndex: 0 });
    expect(first.status).toBe(201);
    expect(await jsonOf(first)).toMatchObject({ path: target, replaced: false });
    const before = await historyLength();

    const second = await post({ streamIndex: 1 });
    expect(second.status).toBe(409);
    expect(second.headers.get("content-type")).toContain("application/problem+json");
    const problem = await jsonOf(second);
    expect(problem.type).toBe(SUBTITLE_IN_PLACE);
    expect(problem.detail).toBe(
      `${basename(target)} already holds the en subtitle Subhound saved earlier (from embedded stream #0); it was left as it is. To replace it with stream #1, extract again with "replace": true, or delete it first.`,
    );
    expect(readFileSync(target, "utf8")).toBe(srt("Hello, full."));
    expect(await historyLength()).toBe(before);
  });

  test("with replace: true it replaces Subhound's earlier file, and the answer says so", async () => {
    const res = await post({ streamIndex: 1, replace: true });
    expect(res.status).toBe(201);
    expect(await jsonOf(res)).toMatchObject({ path: target, streamIndex: 1, replaced: true });
    expect(readFileSync(target, "utf8")).toBe(srt("I remember this scene."));
    // The same track again loses nothing: no refusal.
    const again = await post({ streamIndex: 1 });
    expect(again.status).toBe(201);
    expect((await jsonOf(again)).replaced).toBe(true);
  });

  test("a file the user edited is theirs: refused even with replace: true, and not offered for replacing", async () => {
    writeFileSync(target, srt("Fixed by hand."));
    for (const body of [{ streamIndex: 0 }, { streamIndex: 0, replace: true }]) {
      const res = await post(body);
      expect(res.status).toBe(409);
      const problem = await jsonOf(res);
      expect(problem.type).toBe("about:blank");
      expect(problem.detail).toContain("never overwrites");
    }
    expect(readFileSync(target, "utf8")).toBe(srt("Fixed by hand."));
  });

  test("the answer waits for a long extraction: Bun's idle timeout is lifted for the request", async () => {
    const lifted: number[] = [];
    // What Bun.serve hands the app as its env: the server, whose timeout() sets one request's idle limit.
    const server = {
      timeout: (_request: Request, seconds: number) => lifted.push(seconds),
      requestIP: () => ({ address: "127.0.0.1", family: "IPv4", port: 1 }),
    };
    const res = await h.runtime.app.fetch(
      new Request(`http://subhound.test/api/v1/library/files/${id}/extract`, {
        method: "POST",
        headers: { "content-type": "application/json", "X-Api-Key": TEST_API_KEY },
        body: JSON.stringify({ streamIndex: 9 }),
      }),
      server,
    );
    expect(res.status).toBe(404);
    expect(lifted).toEqual([0]);
  });
});

describe("the same refusal, before and after ffmpeg reads the video", () => {
  let h: LibraryHarness;
  afterAll(() => h.stop());

  test("a taken SRT name is refused before ffmpeg runs; an ASS one (its name known only after) at the save", async () => {
    // subrip #2 (eng, forced), ass #3 (ger, hearing impaired), subrip #4 (jpn)
    h = await startLibraryHarness({
      fixtures: { S01E01: join(import.meta.dir, "..", "fixtures", "media", "mkv-ffmpeg-multi.mkv") },
      config: { languages: ["ja", "de"], profile: { embedded: "none" } },
    });
    const { db, clock, config } = h.runtime.deps;
    const fileId = await h.fileId("S01E01");
    const video = h.videos.S01E01!;
    const reads: number[] = [];
    let text = (format: string) =>
      format === "ass" ? ass("Hallo") : "1\n00:00:00,500 --> 00:00:01,500\nKonnichiwa.\n\n";
    const extract = createExtractor({
      sqlite: db.sqlite,
      db: db.db,
      clock,
      owner: "test",
      tools: createSubtitleTools({ mediaServers: null, translation: null, whisper: null }),
      profileOf: () => createProfileResolver(db.db, profileSet(config)),
      ffmpeg: () => ({ available: true, path: "/usr/bin/ffmpeg" }),
      extract: async (request) => {
        reads.push(request.index);
        return text(request.format);
      },
    });

    expect(await extract({ fileId, streamIndex: 4 })).toMatchObject({
      ok: true,
      path: sidecar(video, "ja.srt"),
    });
    // Another track saved under the same name: refused without reading the video for minutes.
    const other = await extract({ fileId, streamIndex: 2, language: "ja", forced: false });
    expect(other).toMatchObject({ ok: false, status: 409, replaceable: true });
    // A file of the user's: the same, and `replace` does not change that.
    writeFileSync(sidecar(video, "ru.srt"), "1\n00:00:01,000 --> 00:00:02,000\nMine.\n\n");
    const mine = await extract({ fileId, streamIndex: 2, language: "ru", forced: false, replace: true });
    expect(mine).toMatchObject({ ok: false, status: 409 });
    expect(!mine.ok && mine.detail).toContain("never overwrites");
    expect(reads).toEqual([4]);

    expect(await extract({ fileId, streamIndex: 3 })).toMatchObject({
      ok: true,
      path: sidecar(video, "de.hi.ass"),
    });
    text = () => ass("Hallo, anders");
    const changed = await extract({ fileId, streamIndex: 3 });
    expect(changed).toMatchObject({ ok: false, status: 409, replaceable: true });
    expect(readFileSync(sidecar(video, "de.hi.ass"), "utf8")).toContain(
      "Dialogue: 0,0:00:00.50,0:00:01.50,Default,,0,0,0,,Hallo\n",
    );
    expect(await extract({ fileId, streamIndex: 3, replace: true })).toMatchObject({
      ok: true,
      replaced: true,
    });
    expect(readFileSync(sidecar(video, "de.hi.ass"), "utf8")).toContain("Hallo, anders");
  });
});
