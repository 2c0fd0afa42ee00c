import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { lstat, mkdir, mkdtemp, readdir, readFile, readlink, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { nodeSaveFileSystem, saveSubtitle, subtitlePath } from "../../src/subtitles/save.ts";

let dir: string;
let videoPath: string;
const utf8 = (text: string) => new TextEncoder().encode(text);
const sha256 = (text: string) => new Bun.CryptoHasher("sha256").update(text).digest("hex");
/** Saves `text` at `targetPath` for the video, with no history of Subhound writing anything. */
const saveNew = (targetPath: string, text: string) =>
  saveSubtitle({ videoPath, targetPath, content: utf8(text), writtenByUs: () => null });
/** The history record of a file Subhound wrote with `text`. */
const written = (text: string) => ({ sha256: sha256(text), size: utf8(text).byteLength });

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "subhound-save-"));
  videoPath = join(dir, "Movie.mkv");
  await writeFile(videoPath, "video");
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe("subtitlePath", () => {
  test("language, flag and extension next to the video", () => {
    const naming = { language: "en", forced: false, hearingImpaired: false, format: "srt" } as const;
    expect(subtitlePath("/tv/Show/Show.S01E02.mkv", naming)).toBe("/tv/Show/Show.S01E02.en.srt");
    expect(
      subtitlePath("/m/Movie.2019.mp4", { ...naming, language: "pt-BR", forced: true, format: "ass" }),
    ).toBe("/m/Movie.2019.pt-BR.forced.ass");
    expect(subtitlePath("/m/Movie.mkv", { ...naming, hearingImpaired: true })).toBe("/m/Movie.en.hi.srt");
  });

  test("a language that is not a code cannot steer the path", () => {
    expect(() =>
      subtitlePath("/m/Movie.mkv", {
        language: "../x",
        forced: false,
        hearingImpaired: false,
        format: "srt",
      }),
    ).toThrow();
  });
});

describe("saveSubtitle", () => {
  test("writes a new file and leaves no temp file", async () => {
    const targetPath = join(dir, "Movie.en.srt");
    const result = await saveNew(targetPath, "new");
    expect(result).toEqual({ ok: true, path: targetPath, sha256: sha256("new"), size: 3, replaced: false });
    expect(await readFile(targetPath, "utf8")).toBe("new");
    expect((await readdir(dir)).sort()).toEqual(["Movie.en.srt", "Movie.mkv"]);
  });

  test("never overwrites a user's Movie.en.srt", async () => {
    const targetPath = join(dir, "Movie.en.srt");
    await writeFile(targetPath, "the user's own subtitle");
    const result = await saveNew(targetPath, "ours");
    expect(result).toMatchObject({ ok: false, reason: "user-file-exists" });
    expect(await readFile(targetPath, "utf8")).toBe("the user's own subtitle");
    expect((await readdir(dir)).sort()).toEqual(["Movie.en.srt", "Movie.mkv"]);
  });

  test("a file recorded as ours is replaced atomically", async () => {
    const targetPath = join(dir, "Movie.en.srt");
    await writeFile(targetPath, "our earlier download");
    const renames: [string, string][] = [];
    const result = await saveSubtitle(
      {
        videoPath,
        targetPath,
        content: utf8("better"),
        writtenByUs: (path) => (path === targetPath ? written("our earlier download") : null),
      },
      {
        ...nodeSaveFileSystem,
        rename: (from, to) => {
          renames.push([from, to]);
          return nodeSaveFileSystem.rename(from, to);
        },
      },
    );
    expect(result).toEqual({ ok: true, path: targetPath, sha256: sha256("better"), size: 6, replaced: true });
    expect(await readFile(targetPath, "utf8")).toBe("better");
    expect(renames).toHaveLength(1);
    expect(renames[0]?.[0]).toMatch(/\/\.Movie\.en\.srt\.subhound-[0-9a-f]+\.tmp$/);
    expect((await readdir(dir)).sort()).toEqual(["Movie.en.srt", "Movie.mkv"]);
  });

  test("a file that appears between the write and the link is not overwritten", async () => {
    const targetPath = join(dir, "Movie.en.srt");
    const result = await saveSubtitle(
      { videoPath, targetPath, content: utf8("ours"), writtenByUs: () => null },
      {
        ...nodeSaveFileSystem,
        link: async (from, to) => {
          await writeFile(to, "created by the user meanwhile");
          return nodeSaveFileSystem.link(from, to);
        },
      },
    );
    expect(result).toMatchObject({ ok: false, reason: "user-file-exists" });
    expect(await readFile(targetPath, "utf8")).toBe("created by the user meanwhile");
    expect((await readdir(dir)).sort()).toEqual(["Movie.en.srt", "Movie.mkv"]);
  });

  test("a failed write leaves no temp file", async () => {
    const targetPath = join(dir, "Movie.en.srt");
    const result = await saveSubtitle(
      { videoPath, targetPath, content: utf8("ours"), writtenByUs: () => null },
      {
        ...nodeSaveFileSystem,
        writeDurably: async (path, content) => {
          await writeFile(path, content.subarray(0, 2));
          throw Object.assign(new Error("ENOSPC: no space left on device"), { code: "ENOSPC" });
        },
      },
    );
    expect(result).toEqual({ ok: false, reason: "io-error", detail: "ENOSPC: no space left on device" });
    expect(await readdir(dir)).toEqual(["Movie.mkv"]);
  });

  test("a failed rename over our own file leaves it and no temp file", async () => {
    const targetPath = join(dir, "Movie.en.srt");
    await writeFile(targetPath, "our earlier download");
    const result = await saveSubtitle(
      { videoPath, targetPath, content: utf8("ours"), writtenByUs: () => written("our earlier download") },
      {
        ...nodeSaveFileSystem,
        rename: async () => {
          throw Object.assign(new Error("EIO: i/o error, rename"), { code: "EIO" });
        },
      },
    );
    expect(result).toMatchObject({ ok: false, reason: "io-error" });
    expect(await readFile(targetPath, "utf8")).toBe("our earlier download");
    expect((await readdir(dir)).sort()).toEqual(["Movie.en.srt", "Movie.mkv"]);
  });

  test("without hard links it still refuses to replace a user's file", async () => {
    const noLinks = {
      ...nodeSaveFileSystem,
      link: async () => {
        throw Object.assign(new Error("EPERM: operation not permitted"), { code: "EPERM" });
      },
    };
    const targetPath = join(dir, "Movie.en.srt");
    const saved = await saveSubtitle(
      { videoPath, targetPath, content: utf8("first"), writtenByUs: () => null },
      noLinks,
    );
    expect(saved).toMatchObject({ ok: true, replaced: false });
    const refused = await saveSubtitle(
      { videoPath, targetPath, content: utf8("second"), writtenByUs: () => null },
      noLinks,
    );
    expect(refused).toMatchObject({ ok: false, reason: "user-file-exists" });
    expect(await readFile(targetPath, "utf8")).toBe("first");
    expect((await readdir(dir)).sort()).toEqual(["Movie.en.srt", "Movie.mkv"]);
  });

  test("a target outside the video's directory is refused", async () => {
    const result = await saveSubtitle({
      videoPath,
      targetPath: join(dir, "..", "Movie.en.srt"),
      content: utf8("x"),
      writtenByUs: () => null,
    });
    expect(result).toMatchObject({ ok: false, reason: "io-error" });
  });
});

describe("ownership by content", () => {
  test("a file Subhound wrote and the user edited since is theirs: never replaced", async () => {
    const targetPath = join(dir, "Movie.en.srt");
    const first = await saveNew(targetPath, "ours, v1");
    expect(first).toMatchObject({ ok: true, size: 8 });
    const record = first.ok ? { sha256: first.sha256, size: first.size } : null;
    // One edit changes the size, the other keeps it (only the hash can tell).
    for (const edited of ["the user's fix", "ours, V1"]) {
      await writeFile(targetPath, edited);
      const again = await saveSubtitle({
        videoPath,
        targetPath,
        content: utf8("ours, v2"),
        writtenByUs: () => record,
      });
      expect(again).toMatchObject({ ok: false, reason: "user-file-exists" });
      expect(await readFile(targetPath, "utf8")).toBe(edited);
    }
    expect((await readdir(dir)).sort()).toEqual(["Movie.en.srt", "Movie.mkv"]);
  });

  test("a history row from before sizes were recorded is checked by hash alone", async () => {
    const targetPath = join(dir, "Movie.en.srt");
    await writeFile(targetPath, "our earlier download");
    const legacy = { sha256: sha256("our earlier download"), size: null };
    const replaced = await saveSubtitle({
      videoPath,
      targetPath,
      content: utf8("new"),
      writtenByUs: () => legacy,
    });
    expect(replaced).toMatchObject({ ok: true, replaced: true });
    await writeFile(targetPath, "edited by the user");
    const refused = await saveSubtitle({
      videoPath,
      targetPath,
      content: utf8("newer"),
      writtenByUs: () => legacy,
    });
    expect(refused).toMatchObject({ ok: false, reason: "user-file-exists" });
    expect(await readFile(targetPath, "utf8")).toBe("edited by the user");
  });

  const notFiles: [string, (path: string) => Promise<void>][] = [
    [
      "a symlink to a file holding exactly what Subhound wrote",
      (path) => symlink(join(dir, "elsewhere.srt"), path),
    ],
    ["a broken symlink", (path) => symlink(join(dir, "missing.srt"), path)],
    ["a directory", (path) => mkdir(path)],
    [
      "a FIFO",
      async (path) => {
        expect(await Bun.spawn(["mkfifo", path]).exited).toBe(0);
      },
    ],
  ];
  for (const [what, make] of notFiles) {
    test(`${what} at the target is never written through`, async () => {
      const targetPath = join(dir, "Movie.en.srt");
      await writeFile(join(dir, "elsewhere.srt"), "ours");
      await make(targetPath);
      const before = await lstat(targetPath);
      const result = await saveSubtitle({
        videoPath,
        targetPath,
        content: utf8("new"),
        writtenByUs: () => written("ours"),
      });
      expect(result).toMatchObject({ ok: false, reason: "not-a-regular-file" });
      const after = await lstat(targetPath);
      expect([after.ino, after.mode]).toEqual([before.ino, before.mode]);
      if (after.isSymbolicLink()) expect(await readlink(targetPath)).toMatch(/(elsewhere|missing)\.srt$/);
      expect(await readFile(join(dir, "elsewhere.srt"), "utf8")).toBe("ours");
      expect((await readdir(dir)).sort()).toEqual(["Movie.en.srt", "Movie.mkv", "elsewhere.srt"]);
    });
  }
});

describe("saveSubtitle into the subtitle folder (naming.folder)", () => {
  test("the folder beside the video is made when missing, and the file written in it", async () => {
    const targetPath = join(dir, "Subs", "Movie.en.srt");
    const result = await saveNew(targetPath, "new");
    expect(result).toEqual({ ok: true, path: targetPath, sha256: sha256("new"), size: 3, replaced: false });
    expect(await readFile(targetPath, "utf8")).toBe("new");
    expect(await readdir(join(dir, "Subs"))).toEqual(["Movie.en.srt"]);
    // An existing folder is used as it is; a user's file in it is never overwritten.
    await writeFile(join(dir, "Subs", "Movie.de.srt"), "the user's own");
    const again = await saveSubtitle({
      videoPath,
      targetPath: join(dir, "Subs", "Movie.de.srt"),
      content: utf8("ours"),
      writtenByUs: () => null,
    });
    expect(again).toMatchObject({ ok: false, reason: "user-file-exists" });
    expect(await readFile(join(dir, "Subs", "Movie.de.srt"), "utf8")).toBe("the user's own");
  });

  test("a file or a symbolic link under the folder's name is the user's: nothing is written through it", async () => {
    await writeFile(join(dir, "Subs"), "a file called Subs");
    const onFile = await saveSubtitle({
      videoPath,
      targetPath: join(dir, "Subs", "Movie.en.srt"),
      content: utf8("x"),
      writtenByUs: () => null,
    });
    expect(onFile).toMatchObject({ ok: false, reason: "not-a-regular-file" });
    expect(await readFile(join(dir, "Subs"), "utf8")).toBe("a file called Subs");

    const elsewhere = await mkdtemp(join(tmpdir(), "subhound-elsewhere-"));
    try {
      await symlink(elsewhere, join(dir, "Subtitles"));
      const throughLink = await saveSubtitle({
        videoPath,
        targetPath: join(dir, "Subtitles", "Movie.en.srt"),
        content: utf8("x"),
        writtenByUs: () => null,
      });
      expect(throughLink).toMatchObject({ ok: false, reason: "not-a-regular-file" });
      expect(await readdir(elsewhere)).toEqual([]);
    } finally {
      await rm(elsewhere, { recursive: true, force: true });
    }
  });

  test("only a subtitle folder right beside the video: any other folder is refused and not made", async () => {
    for (const targetPath of [
      join(dir, "Extras", "Movie.en.srt"),
      join(dir, "Subs", "en", "Movie.en.srt"),
      join(tmpdir(), "Movie.en.srt"),
    ]) {
      const result = await saveNew(targetPath, "x");
      expect(result).toMatchObject({ ok: false, reason: "io-error" });
      expect((result as { detail: string }).detail).toContain("is not next to");
    }
    expect((await readdir(dir)).sort()).toEqual(["Movie.mkv"]);
  });
});
