import { afterAll, describe, expect, test } from "bun:test";
import { chmodSync, copyFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createProber } from "../../src/media/probe/probe.ts";

const FIXTURES = join(import.meta.dir, "../fixtures/media");
const fixture = (name: string) => join(FIXTURES, name);

const ffprobePath: string = require("@ffprobe-installer/ffprobe").path;
const dir = mkdtempSync(join(tmpdir(), "subhound-prober-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const auto = createProber({ engine: "auto", ffprobePath, concurrency: 4, timeoutMs: 20_000 });
const native = createProber({ engine: "native", concurrency: 1, timeoutMs: 1000 });

describe("createProber", () => {
  test("auto reads Matroska and MP4 natively, whatever the extension says", async () => {
    expect(await auto.probe(fixture("mp4-named-as.mkv"))).toMatchObject({
      ok: true,
      result: { engine: "native", streams: [{ codec: "mov_text", language: "por" }] },
    });
    expect(await auto.probe(fixture("webm-webvtt.webm"))).toMatchObject({
      ok: true,
      result: { engine: "native", streams: [{ codec: "webvtt", title: "Signs & Songs" }] },
    });
  });

  test("auto asks ffprobe about other containers, and reads MP4 text tracks natively", async () => {
    expect(await auto.probe(fixture("avi-xsub.avi"))).toMatchObject({
      ok: true,
      result: { engine: "ffprobe" },
    });
    expect(await auto.probe(fixture("mp4-wvtt-stpp-und.mp4"))).toMatchObject({
      ok: true,
      result: { engine: "native", streams: [{ codec: "webvtt" }, { codec: "ttml" }] },
    });
  });

  test("bad files give typed errors, never exceptions", async () => {
    const empty = join(dir, "empty.mkv");
    writeFileSync(empty, "");
    const random = join(dir, "random.mkv");
    writeFileSync(random, crypto.getRandomValues(new Uint8Array(4096)));
    const truncated = join(dir, "truncated.mkv");
    writeFileSync(truncated, (await Bun.file(fixture("mkvmerge-flags.mkv")).bytes()).subarray(0, 60));
    const unreadable = join(dir, "unreadable.mkv");
    copyFileSync(fixture("mkv-srt-eng.mkv"), unreadable);
    chmodSync(unreadable, 0o000);

    expect(await native.probe(empty)).toMatchObject({ ok: false, error: { kind: "empty" } });
    expect(await auto.probe(empty)).toMatchObject({ ok: false, error: { kind: "empty" } });
    expect(await native.probe(join(dir, "missing.mkv"))).toMatchObject({
      ok: false,
      error: { kind: "not-found" },
    });
    expect(await auto.probe(dir)).toMatchObject({ ok: false, error: { kind: "not-a-file" } });
    expect(await native.probe(random)).toMatchObject({ ok: false, error: { kind: "unrecognized" } });
    expect(await auto.probe(random)).toMatchObject({ ok: false, error: { kind: "ffprobe-failed" } });
    expect(await native.probe(truncated)).toMatchObject({ ok: false, error: { kind: "malformed" } });
    const truncatedAuto = await auto.probe(truncated);
    if (truncatedAuto.ok) expect(truncatedAuto.result.engine).toBe("ffprobe");
    else expect(truncatedAuto.error.kind).toBe("ffprobe-failed");
    // root reads anything, so only check the kind when the permission actually bites
    const locked = await native.probe(unreadable);
    if (!locked.ok) expect(locked.error.kind).toBe("unreadable");
  });

  test("engine native never spawns ffprobe", () => {
    expect(native.ffprobeStatus()).toMatchObject({ available: false });
  });
});
