import { describe, expect, test } from "bun:test";
import {
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import type { manualClock } from "../../src/clock.ts";
import type { Runtime } from "../../src/server.ts";
import { jsonOf, request } from "../support/runtime.ts";
import { goodProvider, items, searchHarness, srt } from "./search-harness.ts";

const { library, media } = searchHarness();

const episodeDir = () => join(media(), "Breaking Bad", "Season 01");
const subtitleOf = () => {
  const video = readdirSync(episodeDir()).find((f) => f.endsWith(".mkv"))!;
  return join(episodeDir(), video.replace(/\.mkv$/, ".de.srt"));
};

/** The interactive search and pick a user makes in the UI, which may replace an earlier download. */
async function downloadAgain(rt: Runtime, id: number) {
  await jsonOf(request(rt, `/api/v1/wanted/${id}/search`, { method: "POST" }));
  const res = await request(rt, `/api/v1/wanted/${id}/download`, {
    method: "POST",
    body: JSON.stringify({ provider: "opensubtitles", candidateId: "E1" }),
    headers: { "Content-Type": "application/json" },
  });
  expect(res.status).toBe(200);
  return jsonOf(res);
}

const historyRows = (rt: Runtime) =>
  rt.deps.db.sqlite
    .query<{ action: string; size: number | null; sha256: string }, []>(
      "SELECT action, size, sha256 FROM subtitle_history ORDER BY id",
    )
    .all();

describe("subtitle ownership is by content", () => {
  test("a subtitle Subhound wrote and the user edited stays untouched on the next download and counts as theirs", async () => {
    let version = 0;
    const rt = await library(
      1,
      goodProvider(new Map(), () => srt(`Hallo ${++version}`)),
    );
    await rt.deps.searcher.start({ trigger: "api" }).done;
    const path = subtitleOf();
    expect(readFileSync(path, "utf8")).toBe(srt("Hallo 1"));
    const edited = srt("Hallo 1, timing fixed by hand");
    writeFileSync(path, edited);

    const again = await downloadAgain(rt, items(rt)[0]!.id);
    expect(again).toEqual({ status: "resolved", path });
    expect(readFileSync(path, "utf8")).toBe(edited);
    expect(items(rt)[0]!.status).toBe("resolved");
    expect(historyRows(rt)).toHaveLength(1);
    expect(readdirSync(episodeDir()).filter((f) => f.includes(".tmp"))).toEqual([]);
  });

  test("an unedited subtitle of ours is replaced, and each write records its size and hash", async () => {
    let version = 0;
    const rt = await library(
      1,
      goodProvider(new Map(), () => srt(`Hallo ${++version}`)),
    );
    await rt.deps.searcher.start({ trigger: "api" }).done;
    const path = subtitleOf();

    const again = await downloadAgain(rt, items(rt)[0]!.id);
    expect(again).toEqual({ status: "found", path });
    expect(readFileSync(path, "utf8")).toBe(srt("Hallo 2"));
    const sha = (text: string) => new Bun.CryptoHasher("sha256").update(text).digest("hex");
    expect(historyRows(rt)).toEqual([
      { action: "downloaded", size: srt("Hallo 1").length, sha256: sha(srt("Hallo 1")) },
      { action: "downloaded-manually", size: srt("Hallo 2").length, sha256: sha(srt("Hallo 2")) },
    ]);
    const listed = await jsonOf(request(rt, "/api/v1/history"));
    expect(listed.items.map((h: { size: number }) => h.size)).toEqual([
      srt("Hallo 2").length,
      srt("Hallo 1").length,
    ]);
  });

  const blockers: [string, (path: string) => void][] = [
    ["a symlink to another file", (path) => symlinkSync(join(episodeDir(), "elsewhere.txt"), path)],
    ["a broken symlink", (path) => symlinkSync(join(episodeDir(), "nowhere.srt"), path)],
    ["a directory", (path) => mkdirSync(path)],
    [
      "a FIFO",
      (path) => {
        expect(Bun.spawnSync(["mkfifo", path]).exitCode).toBe(0);
      },
    ],
  ];
  for (const [what, make] of blockers) {
    test(`${what} at the target is never written through and does not resolve the item`, async () => {
      const rt = await library(1, goodProvider());
      const path = subtitleOf();
      writeFileSync(join(episodeDir(), "elsewhere.txt"), "not a subtitle");
      make(path);
      const kind = lstatSync(path).mode;

      const done = await rt.deps.searcher.start({ trigger: "api" }).done;
      expect(done).toMatchObject({ status: "succeeded", found: 0, failed: 1 });
      const [item] = items(rt);
      expect(item).toMatchObject({ status: "failed", lease_owner: null });
      expect(item!.last_error).toContain("never writes through");
      expect(lstatSync(path).mode).toBe(kind);
      if (lstatSync(path).isSymbolicLink())
        expect(readlinkSync(path)).toMatch(/(elsewhere\.txt|nowhere\.srt)$/);
      expect(readFileSync(join(episodeDir(), "elsewhere.txt"), "utf8")).toBe("not a subtitle");
      expect(readdirSync(episodeDir()).sort()).not.toContain("nowhere.srt");
      expect(historyRows(rt)).toEqual([]);

      // Nor does a rescan count it as a sidecar (a symlink to a real file is a subtitle a player can read).
      if (what !== "a symlink to another file") {
        const scan = rt.deps.scanner.start({ mode: "full", trigger: "api" });
        if (!scan.ok) throw new Error("scan busy");
        expect((await scan.done).summary).toMatchObject({ resolved: 0 });
        expect(items(rt)[0]!.status).toBe("failed");
      }
    });
  }

  test("a failed item is searched again once its backoff has passed and the blocker is gone", async () => {
    const rt = await library(1, goodProvider());
    const path = subtitleOf();
    mkdirSync(path);
    expect(await rt.deps.searcher.start({ trigger: "api" }).done).toMatchObject({ failed: 1 });
    const [failed] = items(rt);
    expect(failed).toMatchObject({ status: "failed" });

    // Still inside its backoff: the scheduled search leaves it alone.
    expect(rt.deps.searcher.start({ trigger: "schedule" }).total).toBe(0);
    rmSync(path, { recursive: true });
    const clock = rt.deps.clock as ReturnType<typeof manualClock>;
    clock.advance(2 * 3_600_000);
    const again = rt.deps.searcher.start({ trigger: "schedule" });
    expect(again.total).toBe(1);
    expect(await again.done).toMatchObject({ found: 1 });
    expect(items(rt)[0]).toMatchObject({ status: "found" });
  });
});
