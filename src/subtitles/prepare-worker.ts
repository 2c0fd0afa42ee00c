/**
 * Worker entry: turns one download per message into validated subtitle text (unpack, pick,
 * decode, validate), off the server's event loop. Listed as a build entrypoint in
 * scripts/compile.ts so that the compiled binary carries it.
 */
import { prepareSubtitle } from "./pipeline.ts";
import type { PrepareJob, PrepareReply } from "./prepare-messages.ts";

declare const self: Worker;

self.onmessage = async (event: MessageEvent<PrepareJob>) => {
  const { id, fileName, bytes, want, limits } = event.data;
  let reply: PrepareReply;
  try {
    reply = { id, result: await prepareSubtitle({ fileName, bytes }, want, limits) };
  } catch (error) {
    reply = { id, result: { ok: false, reason: `unpacking failed: ${(error as Error)?.message ?? error}` } };
  }
  self.postMessage(reply);
};
