import { afterAll, describe, expect, test } from "bun:test";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pollUntil } from "../support/poll.ts";
import { runCli, spawnServer } from "../support/process.ts";
import { jsonOf } from "../support/runtime.ts";

const ROOT = join(import.meta.dir, "../..");
const MAIN = join(ROOT, "src/main.ts");
const FIXTURES = join(import.meta.dir, "../fixtures/media");
const dir = mkdtempSync(join(tmpdir(), "subhound-firstrun-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const media = join(dir, "media");
mkdirSync(join(media, "Movie (2020)"), { recursive: true });
copyFileSync(join(FIXTURES, "mp4-no-subs.mp4"), join(media, "Movie (2020)", "Movie (2020).mp4"));

async function run(args: string[], env: Record<string, string> = {}) {
  return runCli(args, { cwd: dir, env });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe("an honest first run", () => {
  test("the first start with a library scans it at once; the next start leaves it to the schedule", async () => {
    const env = {
      PATH: "",
      SUBHOUND_DATA_DIR: join(dir, "first"),
      SUBHOUND_PORT: "0",
      SUBHOUND_STANDALONE__ROOTS: media,
      SUBHOUND_LANGUAGES: "de",
    };
    const server = await spawnServer([process.execPath, MAIN, "serve"], { cwd: dir, env });
    try {
      const log = await pollUntil(
        async () => server.stderr(),
        (text) => text.includes('"msg":"first scan of the library starting now","instances":["standalone"]'),
      );
      // The server warns that nothing can be found without a provider.
      expect(log).toContain('"level":"warn","msg":"no subtitle provider is enabled');
      const key = (await server.stdoutMatch(/Generated an API key for this server: ([0-9a-f]{32})/))[1]!;
      const wanted = await pollUntil(
        () => jsonOf(fetch(`${server.url}/api/v1/wanted`, { headers: { "X-Api-Key": key } })),
        (body) => body.total === 1,
      );
      expect(wanted.items[0].language).toBe("de");
      await pollUntil(
        () => jsonOf(fetch(`${server.url}/api/v1/wanted/scan`, { headers: { "X-Api-Key": key } })),
        (scan) => scan.status === "succeeded",
      );
    } finally {
      expect(await server.stop()).toBe(0);
    }
    const again = await spawnServer([process.execPath, MAIN, "serve"], { cwd: dir, env });
    expect(await again.stop()).toBe(0);
    expect(again.stderr()).not.toContain("first scan of the library");
  });

  test("search with no provider enabled refuses before touching the data dir", async () => {
    const data = join(dir, "noprovider");
    mkdirSync(data);
    const r = await run(["search"], { SUBHOUND_DATA_DIR: data });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      `data dir: ${data} (from SUBHOUND_DATA_DIR)\ncannot search: no subtitle provider is enabled`,
    );
    expect(existsSync(join(data, "subhound.db"))).toBe(false);
  });

  test("scan --path: a missing folder or one outside the configured roots is an error, not '0 scanned'", async () => {
    const missing = join(dir, "no-such-folder");
    const bare = await run(["scan", "--path", missing, "--lang", "en"]);
    expect(bare.code).toBe(2);
    expect(bare.stderr.trim()).toBe(`--path ${missing}: no such folder`);

    const data = join(dir, "scoped");
    mkdirSync(data);
    const env = { SUBHOUND_DATA_DIR: data, SUBHOUND_STANDALONE__ROOTS: media, SUBHOUND_LANGUAGES: "de" };
    const gone = await run(["scan", "--path", join(media, "Gone")], env);
    expect(gone.code).toBe(2);
    expect(gone.stderr.trim()).toBe(`--path ${join(media, "Gone")}: no such folder`);
    const other = join(dir, "other");
    mkdirSync(other);
    const outside = await run(["scan", "--path", other], env);
    expect(outside.code).toBe(2);
    expect(outside.stderr.trim()).toBe(`--path ${other} is outside the configured library roots (${media})`);

    const inside = await run(["scan", "--path", join(media, "Movie (2020)"), "--json"], env);
    expect(inside.code).toBe(0);
    expect(JSON.parse(inside.stdout)).toMatchObject({ filesSeen: 1, added: 1 });
  });

  test.skipIf(Bun.which("npm") === null)(
    "stopping `npm start` with SIGTERM or SIGINT stops the server too",
    async () => {
      for (const signal of ["SIGTERM", "SIGINT"] as const) {
        const data = join(dir, `npm-${signal}`);
        const npm = await spawnServer(["npm", "start"], {
          cwd: ROOT,
          env: { PATH: process.env.PATH ?? "", HOME: dir, SUBHOUND_DATA_DIR: data, SUBHOUND_PORT: "0" },
          deadlineMs: 30_000,
        });
        const serverPid = JSON.parse(readFileSync(join(data, "subhound.owner.json"), "utf8")).pid as number;
        expect(serverPid).not.toBe(npm.proc.pid);
        npm.proc.kill(signal);
        await npm.proc.exited;
        await pollUntil(
          async () => alive(serverPid),
          (up) => !up,
        );
        expect(npm.stderr()).toContain('"msg":"stopped"');
      }
    },
    60_000,
  );
});
