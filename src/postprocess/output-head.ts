import { concatChunks } from "../bytes.ts";

export interface OutputHead {
  /**
   * The first bytes read, as text, once the stream ends; or, when it has not ended `graceMs` after
   * this is called (a background process of the command still holds the pipe), what was read so
   * far, and the reading stops.
   */
  settle(graceMs: number): Promise<string>;
}

/**
 * Reads a command's output as it comes, keeping its first `keepBytes` and dropping the rest, so a
 * command that prints without end neither fills memory nor blocks on a full pipe.
 */
export function readOutputHead(stream: ReadableStream<Uint8Array>, keepBytes: number): OutputHead {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let kept = 0;
  const text = () => new TextDecoder().decode(concatChunks(chunks));
  const drained = (async () => {
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        if (kept >= keepBytes) continue;
        const part = value.slice(0, keepBytes - kept);
        chunks.push(part);
        kept += part.length;
      }
    } catch {
      // A pipe that breaks (the command was killed) leaves what was read.
    }
  })();
  return {
    async settle(graceMs) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const late = new Promise<"late">((resolve) => {
        timer = setTimeout(() => resolve("late"), graceMs);
      });
      const outcome = await Promise.race([drained, late]);
      clearTimeout(timer);
      if (outcome === "late") await reader.cancel().catch(() => {});
      return text();
    },
  };
}
