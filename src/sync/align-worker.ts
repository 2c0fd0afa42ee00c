/**
 * Worker entry: one alignment (a dozen FFTs of up to a million points) per message, off the
 * server's event loop. Listed as a build entrypoint in scripts/compile.ts so the binary carries it.
 */
import { alignCues } from "./align.ts";
import type { AlignJob, AlignReply } from "./align-messages.ts";

declare const self: Worker;

self.onmessage = (event: MessageEvent<AlignJob>) => {
  const { reference, cues, options } = event.data;
  let reply: AlignReply;
  try {
    reply = {
      ok: true,
      alignment: alignCues(reference, cues, { ...options, betweenRatios: () => Bun.gc(true) }),
    };
  } catch (error) {
    reply = { ok: false, reason: `alignment failed: ${(error as Error)?.message ?? error}` };
  }
  self.postMessage(reply);
};
