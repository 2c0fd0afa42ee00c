import { afterEach, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConfigError, loadConfig } from "../../src/config/load.ts";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function load(toml: string, env: Record<string, string> = {}) {
  const dir = mkdtempSync(join(tmpdir(), "subhound-post-processing-config-"));
  dirs.push(dir);
  writeFileSync(join(dir, "config.toml"), toml);
  return loadConfig({ env: { SUBHOUND_DATA_DIR: dir, ...env }, cwd: dir }).config;
}

function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message;
  }
  throw new Error("expected a ConfigError");
}

describe("[postProcessing]", () => {
  test("off by default, a minute to run, every save", () => {
    expect(load("").postProcessing).toEqual({ command: [], timeoutMs: 60_000 });
  });

  test("a command is a program and its arguments, placeholders inside them", () => {
    const config = load(`[postProcessing]
command = ["chmod", "664", "{{subtitles}}", "--tag={{ language }}-{{variant}}"]
timeoutMs = 5000
onlyBelowScore = 300
`);
    expect(config.postProcessing).toEqual({
      command: ["chmod", "664", "{{subtitles}}", "--tag={{ language }}-{{variant}}"],
      timeoutMs: 5000,
      onlyBelowScore: 300,
    });
  });

  test("an unknown placeholder stops the config from loading, naming the key and the placeholder", () => {
    const message = errorOf(() =>
      load(`[postProcessing]
command = ["/usr/bin/chmod", "664", "{{subtitles_path}}"]
`),
    );
    expect(message).toContain(
      "postProcessing.command.2: unknown placeholder {{subtitles_path}}; known: {{subtitles}}",
    );
    expect(message).toContain("line 2");
  });

  test("a string is refused, not split into arguments: there is no shell", () => {
    expect(
      errorOf(() =>
        load(`[postProcessing]
command = "chmod 664 {{subtitles}}"
`),
      ),
    ).toContain(
      'postProcessing.command: expected the program and its arguments as a list, e.g. ["/usr/bin/chmod", "664", "{{subtitles}}"]; a string is not split into arguments (there is no shell)',
    );
  });

  test("a file name can never choose the program, and a relative program is refused", () => {
    expect(errorOf(() => load(`[postProcessing]\ncommand = ["{{directory}}/fix.sh"]\n`))).toContain(
      "postProcessing.command.0: the program cannot hold a placeholder",
    );
    expect(errorOf(() => load(`[postProcessing]\ncommand = ["./fix.sh", "{{subtitles}}"]\n`))).toContain(
      'postProcessing.command.0: expected an absolute path or the name of a program on PATH, got "./fix.sh"',
    );
    expect(errorOf(() => load(`[postProcessing]\ncommand = ["/bin/true"]\ntimeoutMs = 10\n`))).toContain(
      "postProcessing.timeoutMs: expected a whole number from 1000 to 3600000",
    );
  });

  test("from the environment the command is one JSON array, or one variable per argument", () => {
    expect(
      load("", { SUBHOUND_POST_PROCESSING__COMMAND: '["/bin/sh", "/etc/after, save.sh", "{{subtitles}}"]' })
        .postProcessing.command,
    ).toEqual(["/bin/sh", "/etc/after, save.sh", "{{subtitles}}"]);
    expect(
      load("", {
        SUBHOUND_POST_PROCESSING__COMMAND__0: "/bin/chmod",
        SUBHOUND_POST_PROCESSING__COMMAND__1: "664",
        SUBHOUND_POST_PROCESSING__COMMAND__2: "{{subtitles}}",
      }).postProcessing.command,
    ).toEqual(["/bin/chmod", "664", "{{subtitles}}"]);
    expect(
      errorOf(() => load("", { SUBHOUND_POST_PROCESSING__COMMAND: "/bin/chmod 664 {{subtitles}}" })),
    ).toContain("a string is not split into arguments");
  });
});
