import { afterEach, expect, test } from "bun:test";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createLogger } from "../../src/log.ts";
import { jsonOf, request } from "../support/runtime.ts";
import { goodProvider, items, searchHarness } from "./search-harness.ts";

const { library, media: mediaDir } = searchHarness();
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function workDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "subhound-post-processing-search-"));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** The runtime's log, read by the test. */
function logLines() {
  const lines: { level: string; msg: string; [k: string]: unknown }[] = [];
  const log = createLogger({ level: "debug", format: "json", write: (line) => lines.push(JSON.parse(line)) });
  return { lines, log };
}

test("a download through the normal search runs the command once, with the download's values", async () => {
  const dir = workDir();
  const command = join(dir, "command.sh");
  writeFileSync(command, `printf '%s\\0' "$@" >> '${dir}/args'\necho run >> '${dir}/runs'\n`);
  const rt = await library(1, goodProvider(), {
    postProcessing: {
      command: [
        "/bin/sh",
        command,
        "{{subtitles}}",
        "{{video}}",
        "{{directory}}",
        "{{language}}",
        "{{language_code2}}",
        "{{language_code3}}",
        "{{variant}}",
        "{{provider}}",
        "{{score}}",
        "{{title}}",
        "{{season}}",
        "{{episode}}",
        "{{action}}",
      ],
    },
  });

  const run = rt.deps.searcher.start({ trigger: "api" });
  expect(await run.done).toMatchObject({ status: "succeeded", found: 1 });
  await rt.postProcessing.whenIdle();

  const season = join(mediaDir(), "Breaking Bad", "Season 01");
  const video = join(season, readdirSync(season).find((f) => f.endsWith(".mkv"))!);
  const subtitle = join(season, readdirSync(season).find((f) => f.endsWith(".de.srt"))!);
  const history = await jsonOf(request(rt, "/api/v1/history"));
  expect(history.items).toHaveLength(1);
  expect(readFileSync(join(dir, "runs"), "utf8")).toBe("run\n");
  expect(readFileSync(join(dir, "args"), "utf8").split("\0").slice(0, -1)).toEqual([
    subtitle,
    video,
    season,
    "de",
    "de",
    "deu",
    "full",
    "opensubtitles",
    String(history.items[0].score),
    "Breaking Bad",
    "1",
    "1",
    "downloaded",
  ]);
});

test("a command that fails is a warning; the subtitle, its history and the item's state stay", async () => {
  const dir = workDir();
  const command = join(dir, "command.sh");
  writeFileSync(command, "echo 'no permission' >&2\nexit 1\n");
  const { lines, log } = logLines();
  const rt = await library(
    1,
    goodProvider(),
    { postProcessing: { command: ["/bin/sh", command, "{{subtitles}}"] } },
    undefined,
    { log },
  );

  const run = rt.deps.searcher.start({ trigger: "api" });
  expect(await run.done).toMatchObject({ status: "succeeded", found: 1 });
  await rt.postProcessing.whenIdle();

  const season = join(mediaDir(), "Breaking Bad", "Season 01");
  const subtitle = join(season, readdirSync(season).find((f) => f.endsWith(".de.srt"))!);
  expect(existsSync(subtitle)).toBe(true);
  expect(items(rt).map((i) => i.status)).toEqual(["found"]);
  expect((await jsonOf(request(rt, "/api/v1/history"))).total).toBe(1);
  expect(lines.filter((l) => l.msg === "post-processing command failed")).toEqual([
    expect.objectContaining({ level: "warn", subtitle, exitCode: 1, stderr: "no permission" }),
  ]);
});
