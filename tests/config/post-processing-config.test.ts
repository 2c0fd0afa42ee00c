import { describe, expect, test } from "bun:test";
import { configErrorOf, configFromToml } from "../support/config-files.ts";

describe("[postProcessing]", () => {
  test("off by default, a minute to run, every save", () => {
    expect(configFromToml("").postProcessing).toEqual({ command: [], timeoutMs: 60_000 });
  });

  test("a command is a program and its arguments, placeholders inside them", () => {
    const config = configFromToml(`[postProcessing]
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
    const message = configErrorOf(() =>
      configFromToml(`[postProcessing]
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
      configErrorOf(() =>
        configFromToml(`[postProcessing]
command = "chmod 664 {{subtitles}}"
`),
      ),
    ).toContain(
      'postProcessing.command: expected the program and its arguments as a list, e.g. ["/usr/bin/chmod", "664", "{{subtitles}}"]; a string is not split into arguments (there is no shell)',
    );
  });

  test("a file name can never choose the program, and a relative program is refused", () => {
    expect(
      configErrorOf(() => configFromToml(`[postProcessing]\ncommand = ["{{directory}}/fix.sh"]\n`)),
    ).toContain("postProcessing.command.0: the program cannot hold a placeholder");
    expect(
      configErrorOf(() => configFromToml(`[postProcessing]\ncommand = ["./fix.sh", "{{subtitles}}"]\n`)),
    ).toContain(
      'postProcessing.command.0: expected an absolute path or the name of a program on PATH, got "./fix.sh"',
    );
    expect(
      configErrorOf(() => configFromToml(`[postProcessing]\ncommand = ["/bin/true"]\ntimeoutMs = 10\n`)),
    ).toContain("postProcessing.timeoutMs: expected a whole number from 1000 to 3600000");
  });

  test("from the environment the command is one JSON array, or one variable per argument", () => {
    expect(
      configFromToml("", {
        SUBHOUND_POST_PROCESSING__COMMAND: '["/bin/sh", "/etc/after, save.sh", "{{subtitles}}"]',
      }).postProcessing.command,
    ).toEqual(["/bin/sh", "/etc/after, save.sh", "{{subtitles}}"]);
    expect(
      configFromToml("", {
        SUBHOUND_POST_PROCESSING__COMMAND__0: "/bin/chmod",
        SUBHOUND_POST_PROCESSING__COMMAND__1: "664",
        SUBHOUND_POST_PROCESSING__COMMAND__2: "{{subtitles}}",
      }).postProcessing.command,
    ).toEqual(["/bin/chmod", "664", "{{subtitles}}"]);
    expect(
      configErrorOf(() =>
        configFromToml("", { SUBHOUND_POST_PROCESSING__COMMAND: "/bin/chmod 664 {{subtitles}}" }),
      ),
    ).toContain("a string is not split into arguments");
  });
});
