import { afterAll, beforeAll, expect, test } from "bun:test";
import { existsSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { type Json, jsonOf } from "../support/runtime.ts";
import { type LibraryHarness, startLibraryHarness } from "./harness.ts";

// naming.folder = "Subs": what the library pages save goes into Subs/ beside the video.
let h: LibraryHarness;
beforeAll(async () => {
  h = await startLibraryHarness({ config: { naming: { folder: "Subs" } } });
});
afterAll(async () => {
  await h?.stop();
});

const srt = (line: string) => `1\n00:00:01,000 --> 00:00:03,000\n${line}\n`;
const inSubs = (video: string, suffix: string) =>
  join(dirname(video), "Subs", `${basename(video, ".mkv")}.${suffix}`);

test("an upload is saved in Subs/, listed as Subhound's with its history, and deleted from there", async () => {
  const id = await h.fileId("S01E01");
  const video = h.videos.S01E01!;
  // Italian: a language no item wants, so only the path ties the history entry to the file.
  for (const language of ["de", "it"]) {
    const res = await h.upload(id, `upload.${language}.srt`, srt(`Hallo ${language}`), { language });
    expect(res.status).toBe(201);
    expect((await jsonOf(res)).path).toBe(inSubs(video, `${language}.srt`));
  }
  expect(readdirSync(join(dirname(video), "Subs")).sort()).toEqual([
    basename(inSubs(video, "de.srt")),
    basename(inSubs(video, "it.srt")),
  ]);

  const file = await h.json(`/library/files/${id}`);
  expect(file.items.find((i: Json) => i.language === "de").status).toBe("found");
  expect(
    file.sidecars
      .map((s: Json) => ({ path: s.path, language: s.language, ours: s.ownedBySubhound }))
      .sort((a: Json, b: Json) => a.path.localeCompare(b.path)),
  ).toEqual([
    { path: inSubs(video, "de.srt"), language: "de", ours: true },
    { path: inSubs(video, "it.srt"), language: "it", ours: true },
  ]);
  expect(file.history.map((e: Json) => e.path).sort()).toEqual([
    inSubs(video, "de.srt"),
    inSubs(video, "it.srt"),
  ]);

  const ours = inSubs(video, "de.srt");
  const deleted = await h.api(`/library/files/${id}/subtitles?path=${encodeURIComponent(ours)}`, {
    method: "DELETE",
  });
  expect(deleted.status).toBe(200);
  expect(existsSync(ours)).toBe(false);
  const after = await h.json(`/library/files/${id}`);
  expect(after.items.find((i: Json) => i.language === "de").status).toBe("wanted");
});

test("beside a subs/ folder of another case the upload goes into it, and the file's history still lists it", async () => {
  // Season 02: the test above made Subs/ in Season 01, and an exact name would win.
  const id = await h.fileId("S02E01");
  const video = h.videos.S02E01!;
  const lower = join(dirname(video), "subs");
  mkdirSync(lower, { recursive: true });
  try {
    const res = await h.upload(id, "upload.it.srt", srt("Ciao"), { language: "it" });
    expect(res.status).toBe(201);
    const path = join(lower, `${basename(video, ".mkv")}.it.srt`);
    expect((await jsonOf(res)).path).toBe(path);
    expect(existsSync(join(dirname(video), "Subs", basename(path)))).toBe(false);
    const file = await h.json(`/library/files/${id}`);
    expect(file.history.map((e: Json) => e.path)).toEqual([path]);
  } finally {
    rmSync(lower, { recursive: true, force: true });
  }
});
