import type { Config } from "../config/schema.ts";
import type { DbHandle } from "../db/client.ts";
import type { Logger } from "../log.ts";
import { onSubtitleRecorded, type RecordedSubtitle } from "../wanted/history-store.ts";
import { childEnvironment } from "./child-environment.ts";
import { placeholderValues, providerScored } from "./placeholder-values.ts";
import { substitutePlaceholders } from "./placeholders.ts";
import { type CommandLimits, type CommandOutcome, runCommand } from "./run-command.ts";
import { createSerialQueue } from "./serial-queue.ts";
import { videoOfSubtitle } from "./video-of-subtitle.ts";

/** `[postProcessing]`: the program and arguments (empty = off), their timeout, the score bound. */
export type PostProcessingConfig = Config["postProcessing"];

export interface PostProcessorDeps {
  db: Pick<DbHandle, "db" | "sqlite">;
  /** Read at each save, so a reload that changes `[postProcessing]` applies from the next save on. */
  config: () => PostProcessingConfig;
  log: Logger;
  /** Where the command's PATH, HOME, LANG, LC_ALL and TZ come from (default: this process's environment). */
  env?: Record<string, string | undefined>;
  /** Saves waiting for their command; past it, a save's command is dropped with a warning. */
  queueLimit?: number;
  /** Tests shorten these. */
  limits?: Partial<Omit<CommandLimits, "timeoutMs">>;
}

export interface PostProcessor {
  /** Resolves once no command waits or runs (tests; a CLI run that wants its commands done). */
  whenIdle(): Promise<void>;
  /**
   * Hears of no more saves; after waiting up to `waitMs` for the queued commands, drops those still
   * waiting (logged) and ends the running one (SIGTERM, then SIGKILL). Resolves once it has exited.
   */
  stop(options?: { waitMs?: number }): Promise<void>;
}

const DEFAULT_LIMITS: Omit<CommandLimits, "timeoutMs"> = {
  killGraceMs: 3_000,
  outputBytes: 64 * 1024,
  pipeGraceMs: 1_000,
};
/** Lines of output a log entry carries. */
const LOGGED_LINES = 10;
const LOGGED_CHARS = 2_000;

function firstLines(text: string): string {
  const lines = text.trimEnd().split("\n").slice(0, LOGGED_LINES).join("\n");
  return lines.length > LOGGED_CHARS ? `${lines.slice(0, LOGGED_CHARS)}…` : lines;
}

interface Job {
  saved: RecordedSubtitle;
  /** The configuration as it was at the save. */
  config: PostProcessingConfig;
}

/**
 * Runs `postProcessing.command` after each subtitle Subhound saves (every path records its save in
 * the history, which is where this listens): one command at a time, after the save has returned,
 * never failing or undoing it. A command that fails, times out or cannot start is logged as a warning.
 */
export function createPostProcessor(deps: PostProcessorDeps): PostProcessor {
  const { log } = deps;
  const limits = { ...DEFAULT_LIMITS, ...deps.limits };
  const queueLimit = deps.queueLimit ?? 100;
  const stopping = new AbortController();
  const queue = createSerialQueue<Job>(queueLimit, run);

  function wanted(saved: RecordedSubtitle, config: PostProcessingConfig): boolean {
    if (config.command.length === 0 || saved.action === "deleted") return false;
    if (config.onlyBelowScore === undefined) return true;
    return providerScored(saved) && saved.score < config.onlyBelowScore;
  }

  const detach = onSubtitleRecorded(deps.db.db, (saved) => {
    const config = deps.config();
    if (!wanted(saved, config)) return;
    // A copy: a reload replaces the live config's values in place.
    if (!queue.push({ saved, config: { ...config, command: [...config.command] } }))
      log.warn("post-processing skipped: too many subtitles wait for their command", {
        subtitle: saved.path,
        waiting: queueLimit,
      });
  });

  async function run(job: Job): Promise<void> {
    try {
      await runFor(job);
    } catch (error) {
      log.warn("post-processing failed", { subtitle: job.saved.path, error });
    }
  }

  async function runFor({ saved, config }: Job): Promise<void> {
    const values = placeholderValues(saved, await videoOfSubtitle(deps.db, saved));
    const argv = config.command.map((argument) => substitutePlaceholders(argument, values));
    const outcome = await runCommand(
      argv,
      childEnvironment(deps.env ?? process.env, values),
      { ...limits, timeoutMs: config.timeoutMs },
      stopping.signal,
    );
    report(outcome, { subtitle: values.subtitles, action: saved.action, program: argv[0] }, config);
  }

  function report(outcome: CommandOutcome, about: Record<string, unknown>, config: PostProcessingConfig) {
    if (outcome.kind === "not-started") {
      log.warn("post-processing command could not start", { ...about, reason: outcome.reason });
      return;
    }
    const output = {
      ms: outcome.ms,
      ...(outcome.stderr.trim() ? { stderr: firstLines(outcome.stderr) } : {}),
    };
    switch (outcome.kind) {
      case "exited":
        if (outcome.exitCode === 0) {
          log.info("post-processing command done", { ...about, ms: outcome.ms });
          if (outcome.stdout.trim() || outcome.stderr.trim())
            log.debug("post-processing command output", {
              ...about,
              stdout: firstLines(outcome.stdout),
              stderr: firstLines(outcome.stderr),
            });
        } else
          log.warn("post-processing command failed", { ...about, exitCode: outcome.exitCode, ...output });
        return;
      case "signalled":
        log.warn("post-processing command was killed", { ...about, signal: outcome.signal, ...output });
        return;
      case "timed-out":
        log.warn("post-processing command timed out and was killed", {
          ...about,
          timeoutMs: config.timeoutMs,
          ...output,
        });
        return;
      case "stopped":
        log.warn("post-processing command ended: Subhound is stopping", { ...about, ...output });
        return;
    }
  }

  return {
    whenIdle: () => queue.whenIdle(),
    async stop({ waitMs = 0 } = {}) {
      detach();
      if (waitMs > 0) {
        let timer: ReturnType<typeof setTimeout> | undefined;
        await Promise.race([
          queue.whenIdle(),
          new Promise<void>((resolve) => {
            timer = setTimeout(resolve, waitMs);
          }),
        ]);
        clearTimeout(timer);
      }
      const { dropped, finished } = queue.close();
      if (dropped.length > 0)
        log.warn("post-processing not run: Subhound is stopping", {
          subtitles: dropped.map((job) => job.saved.path),
        });
      stopping.abort();
      await finished;
    },
  };
}
