import { describe, expect, test } from "bun:test";
import { join } from "node:path";
import { runProbeCommand } from "../../src/cli/probe.ts";
import { configSchema } from "../../src/config/schema.ts";

const FIXTURES = join(import.meta.dir, "../fixtures/media");
const fixture = (name: string) => join(FIXTURES, name);

const scan = configSchema.parse({}).scan;

function capture() {
  const out = { stdout: [] as string[], stderr: [] as string[] };
  return {
    out,
    io: { stdout: (s: string) => out.stdout.push(s), stderr: (s: string) => out.stderr.push(s) },
  };
}

describe("subhound probe", () => {
  test("--json prints one entry per file and exits 1 when any failed", async () => {
    const { out, io } = capture();
    const code = await runProbeCommand(
      [fixture("mkvmerge-flags.mkv"), fixture("missing.mkv"), "--engine", "native", "--json"],
      io,
      scan,
    );
    expect(code).toBe(1);
    const report = JSON.parse(out.stdout.join(""));
    expect(report[0]).toMatchObject({
      file: fixture("mkvmerge-flags.mkv"),
      engine: "native",
      streams: [
        {
          index: 2,
          codec: "ass",
          language: "ger",
          title: "Signs & Songs",
          forced: true,
          hearingImpaired: false,
          default: false,
          textBased: true,
        },
        { index: 3, codec: "subrip", hearingImpaired: true },
        { index: 4, codec: "ass", default: true },
        { index: 5, codec: "webvtt", language: null },
      ],
    });
    expect(report[1]).toMatchObject({
      file: fixture("missing.mkv"),
      error: expect.stringContaining("no such file"),
    });
  });

  test("human output lists streams with their flags", async () => {
    const { out, io } = capture();
    expect(await runProbeCommand([fixture("mkv-image-subs.mkv"), "--engine=native"], io, scan)).toBe(0);
    expect(out.stdout.join("\n")).toContain("#1 hdmv_pgs_subtitle eng [default, image]");
  });

  test("rejects an unknown engine and a missing FILE with exit 2", async () => {
    const { io } = capture();
    expect(await runProbeCommand(["x.mkv", "--engine", "mediainfo"], io, scan)).toBe(2);
    expect(await runProbeCommand([], io, scan)).toBe(2);
  });
});
