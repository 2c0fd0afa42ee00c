import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { argsOrExit, readArgs } from "../../src/cli/command.ts";
import { main } from "../../src/main.ts";

function capture() {
  const out = { stdout: [] as string[], stderr: [] as string[] };
  return {
    out,
    io: { stdout: (s: string) => out.stdout.push(s), stderr: (s: string) => out.stderr.push(s) },
  };
}

const dir = mkdtempSync(join(tmpdir(), "subhound-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const fixture = join(import.meta.dir, "../fixtures/media/mkv-srt-eng.mkv");

describe("one way to read a command's arguments", () => {
  test("every command takes --config, -h/--help and --version besides its own options", () => {
    expect(
      readArgs(["--json", "--config", "/x.toml", "-h", "--version"], { json: { type: "boolean" } }),
    ).toEqual({
      json: true,
      config: "/x.toml",
      help: true,
      version: true,
      positionals: [],
    });
    expect(readArgs(["--config=/y.toml", "a.mkv"], {}, { positionals: true })).toMatchObject({
      config: "/y.toml",
      positionals: ["a.mkv"],
    });
  });

  test("an unknown option or a stray positional is a usage error: message and help on stderr, exit 2", () => {
    const { out, io } = capture();
    expect(argsOrExit(io, "HELP TEXT", readArgs(["--bogus"], {}))).toBe(2);
    expect(argsOrExit(io, "HELP TEXT", readArgs(["file.mkv"], {}))).toBe(2);
    expect(out.stderr).toHaveLength(2);
    for (const line of out.stderr) expect(line).toEndWith("\n\nHELP TEXT");
    expect(out.stderr[0]).toContain("--bogus");
  });

  test("--help prints the command's help and --version the version, both exit 0", () => {
    const { out, io } = capture();
    expect(argsOrExit(io, "HELP TEXT", readArgs(["--help"], {}))).toBe(0);
    expect(argsOrExit(io, "HELP TEXT", readArgs(["--version"], {}))).toBe(0);
    expect(out.stdout[0]).toBe("HELP TEXT");
    expect(out.stdout[1]).toMatch(/^subhound \S+ \(commit \S+, built \S+\)$/);
  });
});

describe("subhound probe reads --config as every command does", () => {
  test("an invalid config names the key, with --config PATH and --config=PATH alike", async () => {
    const path = join(dir, "bad.toml");
    writeFileSync(path, '[scan]\nprobeEngine = "mediainfo"\n');
    for (const args of [
      ["probe", "--config", path, fixture],
      ["probe", `--config=${path}`, fixture],
    ]) {
      const { out, io } = capture();
      expect(await main(args, io)).toBe(2);
      expect(out.stderr.join("\n")).toContain("invalid configuration");
      expect(out.stderr.join("\n")).toContain("probeEngine");
    }
  });

  test("the config's scan.probeEngine is the default engine, after the files in any order", async () => {
    const path = join(dir, "native.toml");
    writeFileSync(path, '[scan]\nprobeEngine = "native"\n');
    const { out, io } = capture();
    expect(await main(["probe", fixture, `--config=${path}`], io)).toBe(0);
    expect(out.stdout.join("\n")).toContain(`${fixture} (native): 1 subtitle stream`);
  });
});

describe("main only dispatches", () => {
  test("an unknown command names itself and lists the commands", async () => {
    const { out, io } = capture();
    expect(await main(["frobnicate"], io)).toBe(2);
    expect(out.stderr[0]).toStartWith('unknown command "frobnicate"');
    expect(out.stderr[0]).toContain("Commands:");
  });

  test("--help without a command describes the program; with one, the command", async () => {
    const bare = capture();
    expect(await main(["--help"], bare.io)).toBe(0);
    expect(bare.out.stdout[0]).toContain("Commands:");
    const scan = capture();
    expect(await main(["scan", "--help"], scan.io)).toBe(0);
    expect(scan.out.stdout[0]).toStartWith("Usage: subhound scan");
  });
});
