/**
 * Standard output for the CLI, in order and complete: `process.stdout.write` to a pipe is
 * asynchronous, and exiting right after it cut `subhound openapi | …` short at 64 KiB. Every line
 * is written with `Bun.write`, chained, and `flushed()` resolves once all of them have left.
 * A reader that went away (`subhound openapi | head`: EPIPE) ends the output quietly, as other
 * command-line tools do, instead of a crash with a stack trace and exit 1.
 */
export function createStdout(
  write: (text: string) => Promise<unknown> = (text) => Bun.write(Bun.stdout, text),
) {
  let chain: Promise<unknown> = Promise.resolve();
  let readerGone = false;
  return {
    write(text: string): void {
      chain = chain.then(() =>
        readerGone
          ? undefined
          : write(text).catch((e: unknown) => {
              if ((e as NodeJS.ErrnoException | null)?.code !== "EPIPE") throw e;
              readerGone = true;
            }),
      );
    },
    flushed: (): Promise<unknown> => chain,
  };
}
