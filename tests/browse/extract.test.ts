import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, extname, join } from "node:path";
import createClient from "openapi-fetch";
import type { paths } from "../../generated/api-types.d.ts";
import { ExtractResultSchema } from "../../src/browse/browse.schemas.ts";
import { startServer } from "../../src/listen.ts";
import { jsonOf, TEST_API_KEY } from "../support/runtime.ts";
import { type LibraryHarness, startLibraryHarness } from "./harness.ts";

const media = (name: string) => join(import.meta.dir, "..", "fixtures", "media", name);

/** `<video base>.<suffix>` beside the video. */
const sidecar = (video: string, suffix: string) =>
  join(dirname(video), `${basename(video, extname(video))}.${suffix}`);

/** POST /library/files/{id}/extract for the file of `label`. */
const extractFrom = async (h: LibraryHarness, label: string, body: Record<string, unknown>) =>
  h.api(`/library/files/${await h.fileId(label)}/extract`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });

describe("extracting embedded text subtitles", () => {
  let h: LibraryHarness;
  beforeAll(async () => {
    h = await startLibraryHarness({
      fixtures: {
        // subrip #2 (eng, forced), ass #3 (ger, hearing impaired), subrip #4 (jpn)
        S01E01: media("mkv-ffmpeg-multi.mkv"),
        // webvtt #1 (eng)
        S01E02: media("mkv-ffmpeg-webvtt.mkv"),
        // PGS #1, VobSub #2, DVB #3
        S02E01: media("mkv-image-subs.mkv"),
        // mov_text #1 (por), in an MP4 container
        movie: media("m4v-movtext.m4v"),
      },
      // Embedded streams do not count, so the German item stays wanted until a sidecar exists.
      config: { profile: { embedded: "none" } },
    });
  });
  afterAll(() => h.stop());

  const extract = (label: string, body: Record<string, unknown>) => extractFrom(h, label, body);

  test("the probe listed the fixtures' streams", async () => {
    const file = await h.json(`/library/files/${await h.fileId("S01E01")}`);
    expect(file.streams.map((s: { codec: string }) => s.codec)).toEqual(["subrip", "ass", "subrip"]);
  });

  test("ASS keeps its styling, takes the stream's language and HI flag, and the wanted item is found", async () => {
    const id = await h.fileId("S01E01");
    const res = await extract("S01E01", { streamIndex: 3 });
    expect(res.status).toBe(201);
    const saved = await jsonOf(res);
    expect(saved).toMatchObject({
      codec: "ass",
      format: "ass",
      language: "de",
      variant: "full",
      hearingImpaired: true,
      streamIndex: 3,
    });
    expect(saved.path).toBe(sidecar(h.videos.S01E01!, "de.hi.ass"));
    const text = readFileSync(saved.path, "utf8");
    expect(text).toContain("[V4+ Styles]");
    expect(text).toContain("Style: Default,Arial,12");
    expect(text).toContain("Dialogue: 0,0:00:00.01,0:00:00.81,Default,,0,0,0,,Hello.");

    const file = await h.json(`/library/files/${id}`);
    const item = file.items.find((i: { language: string }) => i.language === "de");
    expect(saved.wantedItemId).toBe(item.id);
    expect(item.status).toBe("found");
    expect(file.sidecars.find((s: { path: string }) => s.path === saved.path).ownedBySubhound).toBe(true);
    expect(file.history[0]).toMatchObject({
      id: saved.historyId,
      provider: "embedded",
      action: "extracted",
      language: "de",
      format: "ass",
    });
  });

  test("SubRip becomes an SRT sidecar with the stream's forced flag", async () => {
    const res = await extract("S01E01", { streamIndex: 2 });
    expect(res.status).toBe(201);
    const saved = await jsonOf(res);
    expect(saved).toMatchObject({ codec: "subrip", format: "srt", language: "en", variant: "forced" });
    expect(saved.path).toBe(sidecar(h.videos.S01E01!, "en.forced.srt"));
    expect(readFileSync(saved.path, "utf8")).toBe("1\n00:00:00,008 --> 00:00:00,808\nHello.\n\n");
  });

  test("WebVTT becomes SRT", async () => {
    const res = await extract("S01E02", { streamIndex: 1 });
    expect(res.status).toBe(201);
    const saved = await jsonOf(res);
    expect(saved).toMatchObject({ codec: "webvtt", format: "srt", language: "en", variant: "full" });
    expect(readFileSync(sidecar(h.videos.S01E02!, "en.srt"), "utf8")).toBe(
      "1\n00:00:00,000 --> 00:00:00,800\nHello.\n\n",
    );
  });

  test("mov_text from an MP4 becomes SRT, under a language the request gives", async () => {
    const res = await extract("movie", { streamIndex: 1, language: "pt-BR", hearingImpaired: true });
    expect(res.status).toBe(201);
    const saved = await jsonOf(res);
    expect(saved).toMatchObject({
      codec: "mov_text",
      format: "srt",
      language: "pt-BR",
      hearingImpaired: true,
    });
    expect(readFileSync(sidecar(h.videos.movie!, "pt-BR.hi.srt"), "utf8")).toBe(
      "1\n00:00:00,000 --> 00:00:00,800\nHello.\n\n",
    );
  });

  test("image streams are refused with the reason; unknown streams are 404", async () => {
    for (const index of [1, 2, 3]) {
      const res = await extract("S02E01", { streamIndex: index });
      expect(res.status).toBe(422);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
      expect((await jsonOf(res)).detail).toContain("image-based");
    }
    const missing = await extract("S02E01", { streamIndex: 9 });
    expect(missing.status).toBe(404);
    expect((await jsonOf(missing)).detail).toContain("#9");
    expect(
      (
        await h.api("/library/files/99999/extract", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ streamIndex: 1 }),
        })
      ).status,
    ).toBe(404);
  });

  test("a user's file at the target is never replaced", async () => {
    const target = sidecar(h.videos.S01E01!, "ja.srt");
    writeFileSync(target, "1\n00:00:01,000 --> 00:00:02,000\nmine\n");
    const before = (await h.json(`/library/files/${await h.fileId("S01E01")}`)).history.length;
    const res = await extract("S01E01", { streamIndex: 4 });
    expect(res.status).toBe(409);
    expect((await jsonOf(res)).detail).toContain("never overwrites");
    expect(readFileSync(target, "utf8")).toBe("1\n00:00:01,000 --> 00:00:02,000\nmine\n");
    expect((await h.json(`/library/files/${await h.fileId("S01E01")}`)).history.length).toBe(before);
  });

  test("a bad language is a 400", async () => {
    const res = await extract("S01E01", { streamIndex: 4, language: "zz-notalanguage-42" });
    expect(res.status).toBe(400);
  });

  // Last: shutting the server down closes the runtime.
  test("through the client generated from openapi.json, every answer is one the spec declares", async () => {
    const spec = JSON.parse(readFileSync(join(import.meta.dir, "../../openapi.json"), "utf8"));
    const operation = spec.paths["/api/v1/library/files/{id}/extract"].post;
    const declared = (response: Response) => ({
      status: response.status in operation.responses,
      mediaType: Object.keys(operation.responses[response.status]?.content ?? {}).includes(
        response.headers.get("content-type")?.split(";")[0] ?? "",
      ),
    });
    h.runtime.deps.config.server.port = 0;
    h.runtime.deps.config.server.host = "127.0.0.1";
    const server = startServer(h.runtime);
    try {
      const api = createClient<paths>({ baseUrl: server.url, headers: { "X-Api-Key": TEST_API_KEY } });
      const call = async (label: string, body: { streamIndex: number; language?: string }) =>
        api.POST("/api/v1/library/files/{id}/extract", {
          params: { path: { id: await h.fileId(label) } },
          body,
        });
      const saved = await call("S01E01", { streamIndex: 4, language: "ru" });
      expect(declared(saved.response)).toEqual({ status: true, mediaType: true });
      expect(saved.response.status).toBe(201);
      expect(ExtractResultSchema.parse(saved.data).path).toBe(sidecar(h.videos.S01E01!, "ru.srt"));
      for (const [label, streamIndex, status] of [
        ["S02E01", 1, 422],
        ["S02E01", 9, 404],
      ] as const) {
        const refused = await call(label, { streamIndex });
        expect(refused.response.status).toBe(status);
        expect(declared(refused.response)).toEqual({ status: true, mediaType: true });
      }
    } finally {
      await server.shutdown("test over");
    }
  });
});

describe("extraction under a profile that counts embedded streams, and without ffmpeg", () => {
  test("the item the stream satisfies stays resolved; a missing ffmpeg is a 503 naming the key", async () => {
    const h = await startLibraryHarness({ fixtures: { S01E01: media("mkv-ffmpeg-multi.mkv") } });
    try {
      const id = await h.fileId("S01E01");
      const post = (streamIndex: number) =>
        h.api(`/library/files/${id}/extract`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ streamIndex }),
        });
      const res = await post(3);
      expect(res.status).toBe(201);
      const saved = await jsonOf(res);
      expect(saved.wantedItemId).toBeNull();
      const file = await h.json(`/library/files/${id}`);
      expect(file.items.find((i: { language: string }) => i.language === "de").status).toBe("resolved");
      expect(file.history[0]).toMatchObject({ provider: "embedded", action: "extracted" });
    } finally {
      await h.stop();
    }
    const without = await startLibraryHarness({
      fixtures: { S01E01: media("mkv-ffmpeg-multi.mkv") },
      config: { sync: { ffmpegPath: "/nonexistent/ffmpeg" } },
    });
    try {
      const res = await extractFrom(without, "S01E01", { streamIndex: 3 });
      expect(res.status).toBe(503);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
      expect((await jsonOf(res)).detail).toContain("sync.ffmpegPath");
    } finally {
      await without.stop();
    }
  });
});

describe("extraction of a stream larger than a subtitle may be", () => {
  test("ffmpeg is stopped at the cap and the answer is a 422 naming the limit, not a 503", async () => {
    // A stand-in ffmpeg that prints without end, as one reading a crafted file could.
    const dir = mkdtempSync(join(tmpdir(), "subhound-endless-ffmpeg-"));
    const ffmpegPath = join(dir, "ffmpeg");
    writeFileSync(ffmpegPath, "#!/bin/sh\nexec yes 'a subtitle line that goes on and on'\n");
    chmodSync(ffmpegPath, 0o755);
    const h = await startLibraryHarness({
      fixtures: { S01E01: media("mkv-ffmpeg-multi.mkv") },
      config: { sync: { ffmpegPath } },
    });
    try {
      const res = await extractFrom(h, "S01E01", { streamIndex: 3 });
      expect(res.status).toBe(422);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
      expect((await jsonOf(res)).detail).toBe(
        "stream #3 could not be read: the subtitle stream is larger than 50 MiB; ffmpeg was stopped",
      );
    } finally {
      await h.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("extraction of a stream whose title names the variant", () => {
  test("a 'Brazilian' por stream is saved as pt-BR, as a scan reads it", async () => {
    const h = await startLibraryHarness({
      fixtures: { S01E01: media("mkv-srt-por-brazilian.mkv") },
      config: { languages: ["pt-BR"], profile: { embedded: "none" } },
    });
    try {
      const res = await extractFrom(h, "S01E01", { streamIndex: 1 });
      expect(res.status).toBe(201);
      const saved = await jsonOf(res);
      expect(saved).toMatchObject({ language: "pt-BR", variant: "full" });
      expect(saved.path).toBe(sidecar(h.videos.S01E01!, "pt-BR.srt"));
      expect(saved.wantedItemId).not.toBeNull();
    } finally {
      await h.stop();
    }
  });
});
