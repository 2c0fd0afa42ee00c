import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { MoviePageSchema, SeriesDetailSchema, SeriesPageSchema } from "../../src/browse/browse.schemas.ts";
import { type Json, jsonOf } from "../support/runtime.ts";
import { type LibraryHarness, startLibraryHarness } from "./harness.ts";

let h: LibraryHarness;
beforeAll(async () => {
  h = await startLibraryHarness();
});
afterAll(async () => {
  await h?.stop();
});

const srt = (line: string) =>
  `1\n00:00:01,000 --> 00:00:03,000\n${line}\n\n2\n00:00:04,000 --> 00:00:06,000\n${line}!\n`;
const sidecar = (video: string, suffix: string) =>
  join(dirname(video), `${basename(video, ".mkv")}.${suffix}`);

describe("browsing", () => {
  test("series list: one row per series with seasons, episodes, files and item counts", async () => {
    const res = await h.api("/library/series");
    expect(res.status).toBe(200);
    const page = SeriesPageSchema.parse(await jsonOf(res));
    expect(page).toMatchObject({ page: 1, pageSize: 50, total: 1 });
    expect(page.items[0]).toMatchObject({
      instance: "main",
      seriesId: h.seriesId,
      title: "Breaking Bad",
      seasons: 2,
      episodes: 3,
      files: 3,
      wanted: 6,
      have: 0,
      overrideId: null,
    });
    expect((await h.json("/library/series?q=nothing-like-it")).total).toBe(0);
    expect((await h.json("/library/series?missing=true&sort=wanted")).total).toBe(1);
    expect((await h.api("/library/series?sort=nope")).status).toBe(400);
  });

  test("series detail: seasons with their files, sidecars on disk, embedded streams and items", async () => {
    const res = await h.api(`/library/series/main/${h.seriesId}`);
    expect(res.status).toBe(200);
    const series = SeriesDetailSchema.parse(await jsonOf(res));
    expect(series.seasons.map((s) => [s.season, s.files.length, s.wanted])).toEqual([
      [1, 2, 4],
      [2, 1, 2],
    ]);
    const first = series.seasons[0]!.files[0]!;
    expect(first.episodes).toEqual([1]);
    expect(first.path).toBe(h.videos.S01E01!);
    expect(first.streams[0]).toMatchObject({ codec: "subrip", language: "eng" });
    expect(first.items.map((i) => [i.language, i.variant, i.status])).toEqual([
      ["de", "full", "wanted"],
      ["ru", "full", "wanted"],
    ]);
    expect((await h.api("/library/series/main/999")).status).toBe(404);
    expect((await h.api("/library/series/other/1")).status).toBe(404);
  });

  test("movies: one row per movie with its file; a file's detail adds why each item is wanted", async () => {
    const page = MoviePageSchema.parse(await h.json("/library/movies?sort=year&order=desc"));
    expect(page.total).toBe(1);
    expect(page.items[0]).toMatchObject({ instance: "films", source: "radarr", year: 2010, wanted: 2 });
    expect(page.items[0]!.file.title).toBe("Inception");

    const detail = await h.json(`/library/files/${page.items[0]!.file.id}`);
    expect(detail).toMatchObject({ kind: "movie", source: "radarr", instance: "films", history: [] });
    expect(detail.wanted.map((w: Json) => [w.language, w.reason.code])).toEqual([
      ["de", "no_subtitle"],
      ["ru", "no_subtitle"],
    ]);
    expect((await h.api("/library/files/99999")).status).toBe(404);
  });
});

describe("uploads", () => {
  test("UTF-16 LE and BE with a BOM, and UTF-16 LE without one, are saved as UTF-8", async () => {
    const text = srt("Hello, wörld — ça va?");
    const le = new Uint8Array([0xff, 0xfe, ...Buffer.from(text, "utf16le")]);
    const be = Buffer.from(text, "utf16le");
    be.swap16();
    const cases: [string, Uint8Array, string][] = [
      ["S01E01", le, "utf-16le"],
      ["S01E02", new Uint8Array([0xfe, 0xff, ...be]), "utf-16be"],
      ["S02E01", new Uint8Array(Buffer.from(text, "utf16le")), "utf-16le"],
    ];
    for (const [label, bytes, encoding] of cases) {
      const id = await h.fileId(label);
      const res = await h.upload(id, "upload.srt", bytes, { language: "de" });
      const body = await jsonOf(res);
      expect({ label, status: res.status }).toEqual({ label, status: 201 });
      expect(body).toMatchObject({ language: "de", variant: "full", format: "srt", encoding });
      expect(body.path).toBe(sidecar(h.videos[label]!, "de.srt"));
      const saved = readFileSync(body.path);
      expect(saved[0]).not.toBe(0xef); // no BOM
      expect(saved.toString("utf8")).toBe(text);
    }
    const file = await h.json(`/library/files/${await h.fileId("S01E01")}`);
    expect(file.items.find((i: Json) => i.language === "de").status).toBe("found");
    expect(file.sidecars).toEqual([
      expect.objectContaining({
        fileName: basename(sidecar(h.videos.S01E01!, "de.srt")),
        ownedBySubhound: true,
      }),
    ]);
    expect(file.history[0]).toMatchObject({
      provider: "upload",
      action: "uploaded",
      candidateId: "upload.srt",
    });
  });

  test("windows-1251 Cyrillic is detected and saved as UTF-8; a zip holding an srt is unpacked", async () => {
    const fixtures = join(import.meta.dir, "../fixtures/subtitles/encodings");
    const id = await h.fileId("movie");
    const res = await h.upload(id, "Inception.ru.srt", readFileSync(join(fixtures, "ru.windows-1251.srt")), {
      language: "ru",
    });
    expect(res.status).toBe(201);
    const body = await jsonOf(res);
    expect(body.encoding).toBe("windows-1251");
    expect(readFileSync(body.path, "utf8")).toBe(readFileSync(join(fixtures, "source/ru.srt"), "utf8"));

    const { zipSync } = await import("fflate");
    const zip = zipSync({ "Inception.2010.German.srt": new TextEncoder().encode(srt("Hallo Welt")) });
    const zipped = await h.upload(id, "Inception.German.zip", zip, {
      language: "German",
      hearingImpaired: "true",
    });
    expect(zipped.status).toBe(201);
    const saved = await jsonOf(zipped);
    expect(saved).toMatchObject({ language: "de", hearingImpaired: true });
    expect(saved.path).toBe(sidecar(h.videos.movie!, "de.hi.srt"));
    expect(readFileSync(saved.path, "utf8")).toBe(srt("Hallo Welt"));
  });

  test("hostile uploads are refused with a clear problem, nothing is written, the server stays up", async () => {
    const id = await h.fileId("S01E02");
    const before = (await h.json(`/library/files/${id}`)).sidecars.length;
    const { gzipSync, zipSync } = await import("fflate");
    const refusals: [string, Uint8Array | string, number, RegExp][] = [
      ["bomb.srt.gz", gzipSync(new Uint8Array(64 * 1024 * 1024), { level: 9 }), 422, /too-large/],
      [
        "binary.srt",
        new Uint8Array(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)),
        422,
        /not saved/,
      ],
      ["setup.exe", "MZ\u0090\u0000", 415, /not a subtitle or an archive/],
      [
        "slip.zip",
        zipSync({ "../../escape.srt": new TextEncoder().encode(srt("x")) }),
        422,
        /no subtitle file/,
      ],
      ["page.srt", "<!doctype html><html><body>nope</body></html>", 422, /HTML/],
    ];
    for (const [name, bytes, status, detail] of refusals) {
      const res = await h.upload(id, name, bytes, { language: "ru" });
      expect({ name, status: res.status, type: res.headers.get("content-type") }).toEqual({
        name,
        status,
        type: "application/problem+json",
      });
      expect((await jsonOf(res)).detail).toMatch(detail);
    }
    const oversized = await h.upload(id, "big.srt", new Uint8Array(17 * 1024 * 1024), { language: "ru" });
    expect(oversized.status).toBe(413);
    expect((await jsonOf(oversized)).detail).toContain("16 MiB");
    const noLanguage = await h.upload(id, "a.srt", srt("x"), {});
    expect(noLanguage.status).toBe(400);
    const badLanguage = await h.upload(id, "a.srt", srt("x"), { language: "klingonish" });
    expect((await jsonOf(badLanguage)).errors[0].path).toBe("language");
    const json = await h.api(`/library/files/${id}/subtitles`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: "{}",
    });
    expect(json.status).toBe(415);
    expect(existsSync(join(h.media, "escape.srt"))).toBe(false);
    expect((await h.json(`/library/files/${id}`)).sidecars.length).toBe(before);
    expect((await h.api("/health")).status).toBe(200);
  });

  test("an endless body without a length is cut off at the cap while it streams in (413)", async () => {
    let sent = 0;
    const chunk = new Uint8Array(1024 * 1024).fill(0x41);
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        sent += chunk.length;
        controller.enqueue(chunk);
      },
    });
    const res = await h.api(`/library/files/${await h.fileId("S01E02")}/subtitles`, {
      method: "POST",
      headers: { "Content-Type": "multipart/form-data; boundary=x" },
      body: endless,
    });
    expect(res.status).toBe(413);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect(sent).toBeLessThan(20 * 1024 * 1024);
  });

  test("a user's file at the target name is never overwritten: 409, the file unchanged", async () => {
    const video = h.videos.S02E01!;
    const mine = sidecar(video, "ru.srt");
    writeFileSync(mine, srt("мой файл"));
    const res = await h.upload(await h.fileId("S02E01"), "other.srt", srt("чужой"), { language: "ru" });
    expect(res.status).toBe(409);
    expect((await jsonOf(res)).detail).toContain("is your file");
    expect(readFileSync(mine, "utf8")).toBe(srt("мой файл"));
  });

  test("an upload over a subtitle Subhound saved there replaces it, and the answer says so", async () => {
    const id = await h.fileId("S02E01");
    const first = await jsonOf(await h.upload(id, "first.srt", srt("Première version"), { language: "fr" }));
    expect(first.replaced).toBe(false);
    const second = await jsonOf(
      await h.upload(id, "second.srt", srt("Deuxième version"), { language: "fr" }),
    );
    expect(second).toMatchObject({ path: first.path, replaced: true });
    expect(readFileSync(second.path, "utf8")).toBe(srt("Deuxième version"));
  });
});

describe("deleting", () => {
  test("a user's subtitle cannot be deleted, nor one Subhound wrote and the user edited", async () => {
    const id = await h.fileId("S02E01");
    const mine = sidecar(h.videos.S02E01!, "ru.srt");
    const res = await h.api(`/library/files/${id}/subtitles?path=${encodeURIComponent(mine)}`, {
      method: "DELETE",
    });
    expect(res.status).toBe(403);
    expect((await jsonOf(res)).detail).toContain("is your file");
    expect(existsSync(mine)).toBe(true);

    const ours = sidecar(h.videos.S02E01!, "de.srt");
    const edited = `${readFileSync(ours, "utf8")}\n3\n00:00:07,000 --> 00:00:08,000\nmine now\n`;
    writeFileSync(ours, edited);
    const refused = await h.api(`/library/files/${id}/subtitles?path=${encodeURIComponent(ours)}`, {
      method: "DELETE",
    });
    expect(refused.status).toBe(403);
    expect((await jsonOf(refused)).detail).toContain("changed since Subhound wrote it");
    expect(readFileSync(ours, "utf8")).toBe(edited);
    const detail = await h.json(`/library/files/${id}`);
    expect(detail.sidecars.find((s: Json) => s.path === ours).ownedBySubhound).toBe(false);

    const outside = await h.api(`/library/files/${id}/subtitles?path=${encodeURIComponent("/etc/passwd")}`, {
      method: "DELETE",
    });
    expect(outside.status).toBe(404);
  });

  test("Subhound's own subtitle is deleted, recorded, and its item is wanted again", async () => {
    const id = await h.fileId("S01E01");
    const ours = sidecar(h.videos.S01E01!, "de.srt");
    const res = await h.api(`/library/files/${id}/subtitles?path=${encodeURIComponent(ours)}`, {
      method: "DELETE",
    });
    expect(res.status).toBe(200);
    const body = await jsonOf(res);
    expect(existsSync(ours)).toBe(false);
    const file = await h.json(`/library/files/${id}`);
    const item = file.wanted.find((w: Json) => w.language === "de");
    expect(body.reopened).toEqual([item.id]);
    expect(item).toMatchObject({ status: "wanted", satisfiedBy: null, attempts: 0 });
    expect(file.sidecars).toEqual([]);
    expect(file.history.map((e: Json) => e.action)).toEqual(["deleted", "uploaded"]);

    // The path is no longer Subhound's: a file the user puts there later is theirs.
    writeFileSync(ours, readFileSync(join(dirname(ours), basename(sidecar(h.videos.S01E02!, "de.srt")))));
    const again = await h.api(`/library/files/${id}/subtitles?path=${encodeURIComponent(ours)}`, {
      method: "DELETE",
    });
    expect(again.status).toBe(403);
  });
});
