import { join } from "node:path";
import type { Subprocess } from "bun";

export interface ServerProcess {
  proc: Subprocess<"ignore", "pipe", "pipe">;
  url: string;
  stdout: () => string;
  stderr: () => string;
  /**
   * Resolves with the first match of `pattern` in stdout, waiting for it up to the deadline: stdout and
   * stderr are separate pipes, so a line printed before the "listening" log may still be in flight.
   */
  stdoutMatch(pattern: RegExp, deadlineMs?: number): Promise<RegExpMatchArray>;
  /** Sends SIGTERM and resolves with the exit code. */
  stop(): Promise<number>;
}

async function collect(stream: ReadableStream<Uint8Array>, sink: { text: string }, onChunk: () => void) {
  const decoder = new TextDecoder();
  for await (const chunk of stream) {
    sink.text += decoder.decode(chunk, { stream: true });
    onChunk();
  }
}

/** Starts `cmd` and resolves once it logs its "listening" line (with the bound URL), or rejects at the deadline. */
export async function spawnServer(
  cmd: string[],
  options: { cwd: string; env: Record<string, string>; deadlineMs?: number },
): Promise<ServerProcess> {
  const proc = Bun.spawn(cmd, {
    cwd: options.cwd,
    env: options.env,
    stdin: "ignore",
    stdout: "pipe",
    stderr: "pipe",
  });
  const out = { text: "" };
  const err = { text: "" };
  let resolveUrl: (url: string) => void = () => {};
  const urlPromise = new Promise<string>((r) => {
    resolveUrl = r;
  });
  const waiters = new Set<() => void>();
  const check = () => {
    const m = err.text.match(/"msg":"listening","url":"([^"]+)"/);
    if (m) resolveUrl(m[1]!);
    for (const waiter of waiters) waiter();
  };
  void collect(proc.stdout, out, check);
  void collect(proc.stderr, err, check);
  const deadline = options.deadlineMs ?? 15_000;
  const outcome = await Promise.race([
    urlPromise,
    proc.exited.then((code) => new Error(`server exited with ${code} before listening:\n${err.text}`)),
    new Promise<Error>((r) =>
      setTimeout(() => r(new Error(`server not listening after ${deadline} ms:\n${err.text}`)), deadline),
    ),
  ]);
  if (outcome instanceof Error) {
    proc.kill("SIGKILL");
    throw outcome;
  }
  return {
    proc,
    url: outcome,
    stdout: () => out.text,
    stderr: () => err.text,
    stdoutMatch: (pattern, deadlineMs = 15_000) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(look);
          reject(new Error(`stdout never matched ${pattern} within ${deadlineMs} ms:\n${out.text}`));
        }, deadlineMs);
        function look() {
          const m = out.text.match(pattern);
          if (!m) return;
          clearTimeout(timer);
          waiters.delete(look);
          resolve(m);
        }
        waiters.add(look);
        look();
      }),
    stop: async () => {
      proc.kill("SIGTERM");
      return proc.exited;
    },
  };
}

/** A server from source (`src/main.ts`) on a free port, its data dir and API key given, with only PATH plus `env` from outside. */
export function spawnSourceServer(options: {
  cwd: string;
  dataDir: string;
  apiKey: string;
  env?: Record<string, string>;
}): Promise<ServerProcess> {
  return spawnServer([process.execPath, join(import.meta.dir, "../../src/main.ts")], {
    cwd: options.cwd,
    env: {
      PATH: process.env.PATH ?? "",
      SUBHOUND_DATA_DIR: options.dataDir,
      SUBHOUND_PORT: "0",
      SUBHOUND_API_KEY: options.apiKey,
      ...options.env,
    },
  });
}

/** Runs `command` to its end with exactly `env`: its exit code and output. */
export async function runCommand(
  command: string[],
  options: { cwd?: string; env: Record<string, string | undefined> },
) {
  const p = Bun.spawn(command, { cwd: options.cwd, env: options.env, stdout: "pipe", stderr: "pipe" });
  const [stdout, stderr, code] = await Promise.all([
    new Response(p.stdout).text(),
    new Response(p.stderr).text(),
    p.exited,
  ]);
  return { code, stdout, stderr };
}

/** The CLI from source (`src/main.ts`) under the running bun, in `cwd` with only PATH plus `env`; its exit code and output. */
export function runCli(args: string[], options: { cwd: string; env?: Record<string, string> }) {
  const main = join(import.meta.dir, "../../src/main.ts");
  return runCommand([process.execPath, main, ...args], {
    cwd: options.cwd,
    env: { PATH: process.env.PATH ?? "", ...options.env },
  });
}
