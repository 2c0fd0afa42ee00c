import { readOutputHead } from "./output-head.ts";

export interface CommandLimits {
  /** The command (and whatever it started) is ended after this long. */
  timeoutMs: number;
  /** After SIGTERM, how long it has to end before SIGKILL. */
  killGraceMs: number;
  /** Bytes kept of stdout and of stderr each; the rest is read and dropped. */
  outputBytes: number;
  /** How long output is still read once the command ended: a process it left in the background may hold the pipe. */
  pipeGraceMs: number;
}

interface Output {
  stdout: string;
  stderr: string;
  ms: number;
}

export type CommandOutcome =
  | ({ kind: "exited"; exitCode: number } & Output)
  /** Killed by a signal that did not come from Subhound. */
  | ({ kind: "signalled"; signal: string } & Output)
  | ({ kind: "timed-out" } & Output)
  /** Ended because Subhound is stopping. */
  | ({ kind: "stopped" } & Output)
  | { kind: "not-started"; reason: string };

/** Signals the command's whole process group (it leads one, see `detached`); it may be gone already. */
function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // No such group: everything in it has ended.
  }
}

/**
 * Runs `argv` as it is, no shell: the first element is the program (an absolute path, or a name
 * looked up on the environment's PATH), the others its arguments, each passed as one. Nothing
 * reaches its stdin. It runs in a process group of its own, so a timeout or `stop` ends what it
 * started too: SIGTERM, then SIGKILL after the grace.
 */
export async function runCommand(
  argv: readonly string[],
  env: Record<string, string>,
  limits: CommandLimits,
  stop: AbortSignal,
): Promise<CommandOutcome> {
  const [name, ...args] = argv;
  if (name === undefined) return { kind: "not-started", reason: "the command is empty" };
  const program = Bun.which(name, { PATH: env.PATH ?? "" });
  if (program === null)
    return {
      kind: "not-started",
      reason: name.startsWith("/")
        ? `${name} does not exist or is not executable`
        : `${name} is not a program on PATH (${env.PATH ?? ""})`,
    };
  const started = performance.now();
  let proc: Bun.Subprocess<"ignore", "pipe", "pipe">;
  try {
    proc = Bun.spawn([program, ...args], {
      stdin: "ignore",
      stdout: "pipe",
      stderr: "pipe",
      env,
      detached: true,
    });
  } catch (error) {
    return { kind: "not-started", reason: `${program}: ${(error as Error).message}` };
  }
  // Both pipes are read at once: reading one after the other deadlocks once the other fills.
  const stdout = readOutputHead(proc.stdout, limits.outputBytes);
  const stderr = readOutputHead(proc.stderr, limits.outputBytes);
  const state: { endedBy: "timed-out" | "stopped" | null } = { endedBy: null };
  let escalation: ReturnType<typeof setTimeout> | undefined;
  const end = (why: "timed-out" | "stopped") => {
    if (state.endedBy !== null) return;
    state.endedBy = why;
    signalGroup(proc.pid, "SIGTERM");
    escalation = setTimeout(() => signalGroup(proc.pid, "SIGKILL"), limits.killGraceMs);
  };
  const timer = setTimeout(() => end("timed-out"), limits.timeoutMs);
  const onStop = () => end("stopped");
  stop.addEventListener("abort", onStop, { once: true });
  if (stop.aborted) onStop();
  await proc.exited;
  clearTimeout(timer);
  clearTimeout(escalation);
  stop.removeEventListener("abort", onStop);
  // An ended command's leftovers (a child that ignored SIGTERM) go with it.
  const { endedBy } = state;
  if (endedBy !== null) signalGroup(proc.pid, "SIGKILL");
  const [out, err] = await Promise.all([
    stdout.settle(limits.pipeGraceMs),
    stderr.settle(limits.pipeGraceMs),
  ]);
  const output: Output = { stdout: out, stderr: err, ms: Math.round(performance.now() - started) };
  if (endedBy !== null) return { kind: endedBy, ...output };
  if (proc.exitCode === null) return { kind: "signalled", signal: String(proc.signalCode), ...output };
  return { kind: "exited", exitCode: proc.exitCode, ...output };
}
