/**
 * Worker entry: unpacks one download per message, off the server's event loop. Listed as a build
 * entrypoint in scripts/compile.ts so that the compiled binary carries it.
 */
import { extractSubtitles } from "./extract.ts";
import type { ExtractJob, ExtractReply } from "./extract-messages.ts";
import { ExtractError } from "./types.ts";

declare const self: Worker;

self.onmessage = async (event: MessageEvent<ExtractJob>) => {
  const { id, fileName, bytes, limits } = event.data;
  let reply: ExtractReply;
  try {
    const result = await extractSubtitles({ fileName, bytes }, limits);
    reply =
      result instanceof ExtractError
        ? { id, ok: false, reason: result.reason, message: result.message }
        : { id, ok: true, files: result };
  } catch (error) {
    reply = {
      id,
      ok: false,
      reason: "corrupt",
      message: `extraction failed: ${(error as Error)?.message ?? error}`,
    };
  }
  const transfer = reply.ok ? reply.files.map((file) => file.bytes.buffer as ArrayBuffer) : [];
  self.postMessage(reply, { transfer: [...new Set(transfer)] });
};
