/**
 * Standard output for the CLI, in order and complete: `process.stdout.write` to a pipe is
 * asynchronous, and exiting right after it cut `subhound openapi | …` short at 64 KiB. Every line
 * is written with `Bun.write`, chained, and `flushed()` resolves once all of them have left.
 */
export function createStdout(
  write: (text: string) => Promise<unknown> = (text) => Bun.write(Bun.stdout, text),
) {
  let chain: Promise<unknown> = Promise.resolve();
  return {
    write(text: string): void {
      chain = chain.then(() => write(text));
    },
    flushed: (): Promise<unknown> => chain,
  };
}
