import { afterEach, describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { DbHandle } from "../../src/db/client.ts";
import { createLogger } from "../../src/log.ts";
import {
  createPostProcessor,
  type PostProcessingConfig,
  type PostProcessor,
  type PostProcessorDeps,
} from "../../src/postprocess/post-processor.ts";
import { recordSavedSubtitle, type SavedSubtitle } from "../../src/wanted/history-store.ts";
import { openMigrated } from "../support/migrated-db.ts";
import { pollUntil } from "../support/poll.ts";

const SECRET = "sonarr-secret-key-0123456789";
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface LogLine {
  level: string;
  msg: string;
  [field: string]: unknown;
}

/** A temp folder for the media and the command's script and what it writes. */
function workDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "subhound-post-processing-"));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A shell script the command runs as `/bin/sh <script> …`; it is never a shell line of Subhound's. */
function script(dir: string, body: string): string {
  const path = join(dir, "command.sh");
  writeFileSync(path, body);
  return path;
}

/** Each argument the script got, NUL-separated, so newlines inside one stay inside it. */
const RECORD_ARGS = (dir: string) => `printf '%s\\0' "$@" > '${dir}/args'\n`;
const argsOf = (dir: string) => readFileSync(join(dir, "args"), "utf8").split("\0").slice(0, -1);

function setUp(
  config: Partial<PostProcessingConfig> & Pick<PostProcessingConfig, "command">,
  extra: Partial<PostProcessorDeps> = {},
): { db: DbHandle; pp: PostProcessor; lines: LogLine[] } {
  const db = openMigrated();
  const lines: LogLine[] = [];
  const log = createLogger({
    level: "debug",
    format: "json",
    secrets: [SECRET],
    write: (line) => lines.push(JSON.parse(line) as LogLine),
  });
  const pp = createPostProcessor({
    db,
    config: () => ({ timeoutMs: 30_000, ...config }),
    log,
    env: { PATH: process.env.PATH, HOME: "/home/subhound", LANG: "C.UTF-8" },
    ...extra,
  });
  cleanups.push(async () => {
    await pp.stop();
    db.close();
  });
  return { db, pp, lines };
}

function saved(path: string, overrides: Partial<SavedSubtitle> = {}): SavedSubtitle {
  return {
    wantedItemId: null,
    instance: "main",
    title: "Breaking Bad",
    season: 1,
    episodes: [1],
    language: "de",
    variant: "full",
    provider: "opensubtitles",
    candidateId: "c1",
    release: null,
    score: 347,
    breakdown: { "match:title": 180 },
    format: "srt",
    encoding: "utf-8",
    path,
    sha256: "0".repeat(64),
    size: 10,
    action: "downloaded",
    createdAt: "2026-11-24T10:00:00.000Z",
    ...overrides,
  };
}

/** Whether a process still runs (a zombie no one reaped has ended). */
function running(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return false;
  }
}

const found = (lines: LogLine[], msg: string) => lines.filter((l) => l.msg === msg);

describe("placeholders", () => {
  test("each value reaches the command as one literal argument, whatever the file name holds", async () => {
    const dir = workDir();
    const media = join(dir, "media");
    mkdirSync(media);
    // Quotes, a command substitution, backticks, a semicolon and a newline: text, never code.
    const stem = `It's "a" $(touch pwned) \`touch pwned2\`; x\nnext`;
    const video = join(media, `${stem}.mkv`);
    const subtitle = join(media, `${stem}.pt-BR.hi.srt`);
    writeFileSync(video, "video");
    writeFileSync(subtitle, "1\n00:00:01,000 --> 00:00:02,000\nOlá\n");
    const { db, pp } = setUp({
      command: [
        "/bin/sh",
        script(dir, RECORD_ARGS(dir)),
        "{{subtitles}}",
        "{{video}}",
        "{{directory}}",
        "[{{language}}|{{language_code2}}|{{language_code3}}|{{variant}}]",
        "--provider={{ provider }}:{{score}}",
        "{{title}}",
        "{{season}}x{{episode}}",
        "{{action}}",
      ],
    });
    const title = `Show "$(touch pwned)" {{video}}`;
    recordSavedSubtitle(
      db.db,
      saved(subtitle, { language: "pt-BR", title, season: 2, episodes: [3, 4], action: "uploaded" }),
    );
    await pp.whenIdle();

    expect(argsOf(dir)).toEqual([
      subtitle,
      video,
      media,
      "[pt-BR|pt|por|hi]",
      "--provider=opensubtitles:347",
      // A value holding a placeholder's name stays as it is: one pass, no second reading.
      title,
      "2x3,4",
      "uploaded",
    ]);
    for (const where of [media, dir, process.cwd()]) {
      expect(existsSync(join(where, "pwned"))).toBe(false);
      expect(existsSync(join(where, "pwned2"))).toBe(false);
    }
  });

  test("a movie has no season or episode; forced is its variant; the video comes from its folder", async () => {
    const dir = workDir();
    const video = join(dir, "Heat (1995).mkv");
    writeFileSync(video, "video");
    writeFileSync(join(dir, "Heat (1995).mp4.nfo"), "not a video");
    const { db, pp } = setUp({
      command: [
        "/bin/sh",
        script(dir, RECORD_ARGS(dir)),
        "{{video}}",
        "{{season}}|{{episode}}",
        "{{variant}}",
        "{{language_code3}}",
      ],
    });
    recordSavedSubtitle(
      db.db,
      saved(join(dir, "Heat (1995).de.forced.srt"), { season: null, episodes: [], variant: "forced" }),
    );
    await pp.whenIdle();
    expect(argsOf(dir)).toEqual([video, "|", "forced", "deu"]);
  });

  test("the command's environment holds the values, PATH, HOME and LANG, and none of Subhound's secrets", async () => {
    const dir = workDir();
    const subtitle = join(dir, "Show.de.srt");
    const { db, pp } = setUp(
      { command: ["/bin/sh", script(dir, `env > '${dir}/env'\n`)] },
      {
        env: {
          PATH: process.env.PATH,
          HOME: "/home/subhound",
          LANG: "C.UTF-8",
          SUBHOUND_API_KEY: "api-key-that-must-stay-0123",
          SUBHOUND_SONARR__0__API_KEY: SECRET,
          AWS_SECRET_ACCESS_KEY: "aws-secret-that-must-stay",
        },
      },
    );
    recordSavedSubtitle(db.db, saved(subtitle));
    await pp.whenIdle();

    const text = readFileSync(join(dir, "env"), "utf8");
    const env = new Map(
      text
        .trimEnd()
        .split("\n")
        .map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)] as const),
    );
    expect(env.get("subhound_subtitles")).toBe(subtitle);
    expect(env.get("subhound_language")).toBe("de");
    expect(env.get("subhound_language_code3")).toBe("deu");
    expect(env.get("subhound_provider")).toBe("opensubtitles");
    expect(env.get("subhound_score")).toBe("347");
    expect(env.get("subhound_action")).toBe("downloaded");
    expect(env.get("subhound_video")).toBe("");
    expect(env.get("HOME")).toBe("/home/subhound");
    expect(env.get("LANG")).toBe("C.UTF-8");
    expect(env.get("PATH")).toBe(process.env.PATH!);
    expect([...env.keys()].filter((k) => k.startsWith("SUBHOUND_") || k.startsWith("AWS_"))).toEqual([]);
    for (const secret of [SECRET, "api-key-that-must-stay-0123", "aws-secret-that-must-stay"])
      expect(text).not.toContain(secret);
  });
});

describe("running", () => {
  test("runs after the save, one at a time, and logs a clean exit at info", async () => {
    const dir = workDir();
    const { db, pp, lines } = setUp({
      command: ["/bin/sh", script(dir, `echo "{{$1}}" >> '${dir}/order'\n`), "{{subtitles}}"],
    });
    const first = join(dir, "A.de.srt");
    const second = join(dir, "B.de.srt");
    recordSavedSubtitle(db.db, saved(first));
    recordSavedSubtitle(db.db, saved(second));
    // Nothing ran inside the saves: the commands start once the saving code has gone on.
    expect(existsSync(join(dir, "order"))).toBe(false);
    await pp.whenIdle();
    expect(readFileSync(join(dir, "order"), "utf8")).toBe(`{{${first}}}\n{{${second}}}\n`);
    expect(found(lines, "post-processing command done").map((l) => [l.level, l.subtitle])).toEqual([
      ["info", first],
      ["info", second],
    ]);
  });

  test("a failing command is a warning with its exit code and first stderr lines, secrets scrubbed; the save stays", async () => {
    const dir = workDir();
    const subtitle = join(dir, "Show.de.srt");
    writeFileSync(subtitle, "subtitle");
    const { db, pp, lines } = setUp({
      command: ["/bin/sh", script(dir, `echo "chmod: denied (key ${SECRET})" >&2\nexit 3\n`)],
    });
    recordSavedSubtitle(db.db, saved(subtitle));
    await pp.whenIdle();

    const [warning] = found(lines, "post-processing command failed");
    expect(warning).toMatchObject({
      level: "warn",
      subtitle,
      exitCode: 3,
      program: "/bin/sh",
      stderr: "chmod: denied (key ***)",
    });
    expect(JSON.stringify(lines)).not.toContain(SECRET);
    expect(readFileSync(subtitle, "utf8")).toBe("subtitle");
    expect(db.sqlite.query<{ n: number }, []>("SELECT count(*) AS n FROM subtitle_history").get()!.n).toBe(1);
  });

  test("a program that does not exist is a warning naming it", async () => {
    const dir = workDir();
    const { db, pp, lines } = setUp({ command: ["no-such-program-subhound-test", "{{subtitles}}"] });
    recordSavedSubtitle(db.db, saved(join(dir, "Show.de.srt")));
    await pp.whenIdle();
    expect(found(lines, "post-processing command could not start")[0]).toMatchObject({
      level: "warn",
      reason: expect.stringContaining("no-such-program-subhound-test is not a program on PATH"),
    });
  });

  test("a command past its timeout is ended with everything it started, also when it ignores SIGTERM", async () => {
    const dir = workDir();
    // `trap '' TERM` is inherited: neither the shell nor its sleep ends on SIGTERM, only on SIGKILL.
    const { db, pp, lines } = setUp(
      {
        command: ["/bin/sh", script(dir, `trap '' TERM\nsleep 600 &\necho $! > '${dir}/pid'\nwait\n`)],
        timeoutMs: 1000,
      },
      { limits: { killGraceMs: 50 } },
    );
    recordSavedSubtitle(db.db, saved(join(dir, "Show.de.srt")));
    await pp.whenIdle();

    expect(found(lines, "post-processing command timed out and was killed")[0]).toMatchObject({
      level: "warn",
      timeoutMs: 1000,
    });
    const pid = Number(readFileSync(join(dir, "pid"), "utf8"));
    await pollUntil(
      async () => running(pid),
      (alive) => !alive,
    );
  });

  test("stopping ends the running command and drops the waiting ones, naming them", async () => {
    const dir = workDir();
    const { db, pp, lines } = setUp({
      command: ["/bin/sh", script(dir, `sleep 600 &\necho $! > '${dir}/pid'\nwait\n`)],
    });
    recordSavedSubtitle(db.db, saved(join(dir, "A.de.srt")));
    await pollUntil(
      async () => existsSync(join(dir, "pid")) && readFileSync(join(dir, "pid"), "utf8").endsWith("\n"),
      (started) => started,
    );
    recordSavedSubtitle(db.db, saved(join(dir, "B.de.srt")));
    recordSavedSubtitle(db.db, saved(join(dir, "C.de.srt")));
    await pp.stop();

    expect(found(lines, "post-processing command ended: Subhound is stopping")[0]).toMatchObject({
      level: "warn",
      subtitle: join(dir, "A.de.srt"),
    });
    expect(found(lines, "post-processing not run: Subhound is stopping")[0]).toMatchObject({
      subtitles: [join(dir, "B.de.srt"), join(dir, "C.de.srt")],
    });
    expect(running(Number(readFileSync(join(dir, "pid"), "utf8")))).toBe(false);
    // Stopped, it hears of no more saves.
    recordSavedSubtitle(db.db, saved(join(dir, "D.de.srt")));
    await pp.whenIdle();
    expect(lines.filter((l) => JSON.stringify(l).includes("D.de.srt"))).toEqual([]);
  });

  test("past the queue limit a save's command is dropped with a warning naming the subtitle", async () => {
    const dir = workDir();
    const { db, pp, lines } = setUp(
      { command: ["/bin/sh", script(dir, `echo $$ > '${dir}/pid'\nsleep 600\n`)] },
      { queueLimit: 1 },
    );
    recordSavedSubtitle(db.db, saved(join(dir, "A.de.srt")));
    await pollUntil(
      async () => existsSync(join(dir, "pid")),
      (started) => started,
    );
    recordSavedSubtitle(db.db, saved(join(dir, "B.de.srt")));
    recordSavedSubtitle(db.db, saved(join(dir, "C.de.srt")));
    expect(found(lines, "post-processing skipped: too many subtitles wait for their command")).toEqual([
      expect.objectContaining({ level: "warn", subtitle: join(dir, "C.de.srt"), waiting: 1 }),
    ]);
    await pp.stop();
    expect(found(lines, "post-processing not run: Subhound is stopping")[0]).toMatchObject({
      subtitles: [join(dir, "B.de.srt")],
    });
  });
});

describe("which saves run it", () => {
  test("onlyBelowScore: only subtitles a provider scored below it; never a deletion", async () => {
    const dir = workDir();
    const { db, pp } = setUp({
      command: ["/bin/sh", script(dir, `echo "$1 $2" >> '${dir}/runs'\n`), "{{provider}}", "{{score}}"],
      onlyBelowScore: 300,
    });
    const at = (name: string) => join(dir, name);
    recordSavedSubtitle(db.db, saved(at("a.de.srt"), { score: 299 }));
    recordSavedSubtitle(db.db, saved(at("b.de.srt"), { score: 300 }));
    recordSavedSubtitle(
      db.db,
      saved(at("c.de.srt"), { score: 120, provider: "subdl", action: "translated" }),
    );
    recordSavedSubtitle(db.db, saved(at("d.de.srt"), { score: 0, provider: "upload", action: "uploaded" }));
    recordSavedSubtitle(
      db.db,
      saved(at("e.de.srt"), { score: 0, provider: "embedded", action: "extracted" }),
    );
    recordSavedSubtitle(
      db.db,
      saved(at("f.de.srt"), { score: 0, provider: "whisper", action: "transcribed" }),
    );
    recordSavedSubtitle(db.db, saved(at("a.de.srt"), { score: 299, action: "deleted" }));
    await pp.whenIdle();
    expect(readFileSync(join(dir, "runs"), "utf8")).toBe("opensubtitles 299\nsubdl 120\n");
  });

  test("an empty command runs nothing; a reload that sets one applies to the next save", async () => {
    const dir = workDir();
    const config: PostProcessingConfig = { command: [], timeoutMs: 30_000 };
    const db = openMigrated();
    const pp = createPostProcessor({ db, config: () => config, log: createLogger({ write: () => {} }) });
    cleanups.push(async () => {
      await pp.stop();
      db.close();
    });
    recordSavedSubtitle(db.db, saved(join(dir, "a.de.srt")));
    await pp.whenIdle();
    config.command = ["/bin/sh", script(dir, `echo "$1" >> '${dir}/runs'\n`), "{{subtitles}}"];
    recordSavedSubtitle(db.db, saved(join(dir, "b.de.srt")));
    await pp.whenIdle();
    expect(readFileSync(join(dir, "runs"), "utf8")).toBe(`${join(dir, "b.de.srt")}\n`);
  });

  test("two databases never hear each other's saves", async () => {
    const dir = workDir();
    const mine = setUp({
      command: ["/bin/sh", script(dir, `echo "$1" >> '${dir}/runs'\n`), "{{subtitles}}"],
    });
    const other = openMigrated();
    cleanups.push(() => other.close());
    recordSavedSubtitle(other.db, saved(join(dir, "other.de.srt")));
    recordSavedSubtitle(mine.db.db, saved(join(dir, "mine.de.srt")));
    await mine.pp.whenIdle();
    expect(readFileSync(join(dir, "runs"), "utf8")).toBe(`${join(dir, "mine.de.srt")}\n`);
  });
});
