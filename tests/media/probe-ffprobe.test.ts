import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createSemaphore } from "../../src/concurrency.ts";
import { createFfprobe, resolveFfprobePath } from "../../src/media/probe/ffprobe.ts";
import { ffprobeOutputSchema, subtitleStreamsFromFfprobe } from "../../src/media/probe/ffprobe-output.ts";
import { createProber } from "../../src/media/probe/probe.ts";

const FIXTURES = join(import.meta.dir, "../fixtures/media");
const fixture = (name: string) => join(FIXTURES, name);

const dir = mkdtempSync(join(tmpdir(), "subhound-ffprobe-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function fakeFfprobe(name: string, body: string): string {
  const path = join(dir, name);
  writeFileSync(path, `#!/bin/sh\n${body}\n`, { mode: 0o755 });
  return path;
}

const media = fixture("avi-xsub.avi");

describe("ffprobe runner", () => {
  test("a hung ffprobe is killed with SIGKILL when the timeout expires", async () => {
    const pidFile = join(dir, "hung.pid");
    const hung = fakeFfprobe("hung", `echo $$ > "${pidFile}"\nexec sleep 30`);
    const ffprobe = createFfprobe({ path: hung, timeoutMs: 300, semaphore: createSemaphore(1) });
    const outcome = await ffprobe.probe(media);
    expect(outcome).toMatchObject({ ok: false, error: { kind: "ffprobe-timeout" } });
    const pid = Number(readFileSync(pidFile, "utf8"));
    expect(() => process.kill(pid, 0)).toThrow();
  });

  test("a missing ffprobe is one typed status, and every probe reports it without spawning", async () => {
    expect(resolveFfprobePath(join(dir, "no-such-ffprobe"))).toBeNull();
    const prober = createProber({
      engine: "ffprobe",
      ffprobePath: join(dir, "no-such-ffprobe"),
      concurrency: 2,
      timeoutMs: 1000,
    });
    expect(prober.ffprobeStatus()).toEqual({
      available: false,
      reason: expect.stringContaining("no-such-ffprobe"),
    });
    expect(await prober.probe(media)).toMatchObject({ ok: false, error: { kind: "ffprobe-unavailable" } });
  });

  test("auto still answers Matroska/MP4 natively when ffprobe is missing", async () => {
    const prober = createProber({
      engine: "auto",
      ffprobePath: join(dir, "no-such-ffprobe"),
      concurrency: 2,
      timeoutMs: 1000,
    });
    expect(await prober.probe(fixture("mkv-srt-eng.mkv"))).toMatchObject({
      ok: true,
      result: { engine: "native" },
    });
    expect(await prober.probe(media)).toMatchObject({ ok: false, error: { kind: "ffprobe-unavailable" } });
  });

  test("a failing, crashing or babbling ffprobe becomes a typed error", async () => {
    const cases = [
      [
        fakeFfprobe("fails", 'echo "x: Invalid data found when processing input" >&2\nexit 1'),
        "ffprobe-failed",
      ],
      [fakeFfprobe("crashes", "kill -SEGV $$"), "ffprobe-failed"],
      [fakeFfprobe("babbles", "echo not json"), "ffprobe-invalid-output"],
      [fakeFfprobe("wrong-shape", 'echo \'{"streams":[{"index":"one"}]}\''), "ffprobe-invalid-output"],
    ] as const;
    for (const [path, kind] of cases) {
      const ffprobe = createFfprobe({ path, timeoutMs: 5000, semaphore: createSemaphore(1) });
      expect(await ffprobe.probe(media)).toMatchObject({ ok: false, error: { kind } });
    }
  });

  test("output past the cap stops the read and kills ffprobe; stderr floods are drained to their last line", async () => {
    // 16 MiB + 1 byte, then a clean exit: no stream list is that long, whatever the file says.
    const big = fakeFfprobe("big", "head -c 16777217 /dev/zero | tr '\\0' ' '");
    const outcome = await createFfprobe({
      path: big,
      timeoutMs: 60_000,
      semaphore: createSemaphore(1),
    }).probe(media);
    expect(outcome).toMatchObject({
      ok: false,
      error: { kind: "ffprobe-invalid-output", message: expect.stringContaining("more than 16 MiB") },
    });

    // Never ends by itself: only the cap's kill ends it long before the timeout.
    const endless = fakeFfprobe("endless", "exec yes '{\"streams\":[]}'");
    const cut = await createFfprobe({
      path: endless,
      timeoutMs: 60_000,
      semaphore: createSemaphore(1),
    }).probe(media);
    expect(cut).toMatchObject({ ok: false, error: { kind: "ffprobe-invalid-output" } });

    const noisy = fakeFfprobe(
      "noisy",
      "head -c 8388608 /dev/zero | tr '\\0' 'e' >&2; printf '\\nx: Invalid data\\n' >&2; exit 1",
    );
    const failed = await createFfprobe({
      path: noisy,
      timeoutMs: 60_000,
      semaphore: createSemaphore(1),
    }).probe(media);
    expect(failed).toMatchObject({ ok: false, error: { kind: "ffprobe-failed" } });
    if (!failed.ok) expect(failed.error.message).toEndWith("ffprobe exited with 1: x: Invalid data");
  });

  test("no more ffprobe processes run at once than the concurrency allows", async () => {
    const log = join(dir, "concurrency.log");
    writeFileSync(log, "");
    const slow = fakeFfprobe(
      "slow",
      `echo start >> "${log}"\nsleep 0.1\necho end >> "${log}"\necho '{"streams":[]}'`,
    );
    const prober = createProber({ engine: "ffprobe", ffprobePath: slow, concurrency: 2, timeoutMs: 10_000 });
    const outcomes = await Promise.all(Array.from({ length: 6 }, () => prober.probe(media)));
    expect(outcomes.every((o) => o.ok)).toBe(true);
    let running = 0;
    let most = 0;
    for (const line of readFileSync(log, "utf8").trim().split("\n")) {
      running += line === "start" ? 1 : -1;
      most = Math.max(most, running);
    }
    expect(most).toBe(2);
  });

  test("maps the real ffprobe output of a container only ffprobe reads", async () => {
    const ffprobe = createFfprobe({
      path: require("@ffprobe-installer/ffprobe").path,
      timeoutMs: 20_000,
      semaphore: createSemaphore(1),
    });
    expect(await ffprobe.probe(media)).toMatchObject({
      ok: true,
      streams: [{ index: 2, codec: "xsub", textBased: false, forced: false, default: false }],
    });
  });

  test("MP4 text tracks ffprobe shows as data streams (wvtt, older stpp) are subtitles; other data is not", () => {
    const disposition = { default: 0, forced: 1, hearing_impaired: 0 };
    const output = ffprobeOutputSchema.parse({
      streams: [
        { index: 0, codec_type: "video", codec_name: "h264", codec_tag_string: "avc1" },
        { index: 1, codec_type: "data", codec_tag_string: "wvtt", disposition, tags: { language: "fra" } },
        { index: 2, codec_type: "data", codec_tag_string: "stpp", tags: { language: "eng" } },
        { index: 3, codec_type: "subtitle", codec_name: "ttml", codec_tag_string: "stpp" },
        { index: 4, codec_type: "data", codec_tag_string: "tmcd" },
      ],
    });
    expect(subtitleStreamsFromFfprobe(output).map((s) => [s.index, s.codec, s.language, s.forced])).toEqual([
      [1, "webvtt", "fra", true],
      [2, "ttml", "eng", false],
      [3, "ttml", null, false],
    ]);
  });
});

describe("semaphore", () => {
  test("holds tasks beyond the limit until one finishes, in arrival order", async () => {
    const semaphore = createSemaphore(2);
    const releases: Array<() => void> = [];
    const order: number[] = [];
    const tasks = [0, 1, 2, 3].map((n) =>
      semaphore.run(async () => {
        order.push(n);
        await new Promise<void>((resolve) => releases.push(resolve));
        return n;
      }),
    );
    await Promise.resolve();
    expect(semaphore.active).toBe(2);
    expect(semaphore.waiting).toBe(2);
    expect(order).toEqual([0, 1]);
    releases[0]!();
    await tasks[0];
    await Promise.resolve();
    expect(order).toEqual([0, 1, 2]);
    expect(semaphore.active).toBe(2);
    for (let i = 1; i < 4; i++) {
      while (!releases[i]) await Promise.resolve();
      releases[i]!();
    }
    expect(await Promise.all(tasks)).toEqual([0, 1, 2, 3]);
    expect(semaphore.active).toBe(0);
  });

  test("a failing task releases its slot", async () => {
    const semaphore = createSemaphore(1);
    await expect(semaphore.run(() => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect(await semaphore.run(async () => "next")).toBe("next");
    expect(semaphore.active).toBe(0);
  });
});
