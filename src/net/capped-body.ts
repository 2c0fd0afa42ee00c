/**
 * The one way a remote body is read. It streams the body and stops (cancelling the stream, which
 * closes the connection) as soon as more than `maxBytes` arrived, so a hostile or broken server
 * cannot make us hold more than the cap; a `Content-Length` over the cap is refused before reading.
 */

import { concatChunks } from "../bytes.ts";

const MiB = 1024 * 1024;

/** Caps per use: what a well-behaved server could plausibly send, with room to spare. */
export const BODY_CAPS = {
  /** Sonarr/Radarr listings: `/episode` of a 10k-episode series or `/movie` of a big library. */
  arrListing: 256 * MiB,
  /** Provider search and login answers (JSON, XML). */
  providerApi: 8 * MiB,
  /** One subtitle download, archives and season packs included. */
  subtitleDownload: 16 * MiB,
  /** Jellyfin, Emby and Plex answers (library lists, refresh acknowledgements). */
  mediaServer: 16 * MiB,
  /** Translation answers: a whole subtitle's text, translated, plus JSON framing. */
  translation: 32 * MiB,
  /** A transcription (SRT or verbose JSON) of a whole film. */
  whisper: 32 * MiB,
  /** Notification services' acknowledgements (a message id, an error). */
  notification: 1 * MiB,
} as const;

export class BodyTooLargeError extends Error {
  override name = "BodyTooLargeError";
  constructor(readonly maxBytes: number) {
    super(`the response is larger than the ${formatBytes(maxBytes)} cap`);
  }
}

export interface CappedReadOptions {
  /** Stops reading (and cancels the body) when it aborts. */
  signal?: AbortSignal;
}

/** The body's bytes; throws BodyTooLargeError past `maxBytes`, the stream's error on a broken body. */
export async function readCappedBytes(
  response: Response,
  maxBytes: number,
  options: CappedReadOptions = {},
): Promise<Uint8Array> {
  const declared = Number(response.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel().catch(() => {});
    throw new BodyTooLargeError(maxBytes);
  }
  if (response.body === null) return new Uint8Array(0);
  const reader = response.body.getReader();
  const cancel = () => void reader.cancel().catch(() => {});
  options.signal?.addEventListener("abort", cancel, { once: true });
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.length;
      if (total > maxBytes) {
        cancel();
        throw new BodyTooLargeError(maxBytes);
      }
      chunks.push(value);
    }
  } finally {
    options.signal?.removeEventListener("abort", cancel);
  }
  options.signal?.throwIfAborted();
  return concatChunks(chunks);
}

/** The body as UTF-8 text (BOM dropped, invalid bytes replaced), as `Response.text()` decodes it. */
export async function readCappedText(
  response: Response,
  maxBytes: number,
  options: CappedReadOptions = {},
): Promise<string> {
  return new TextDecoder().decode(await readCappedBytes(response, maxBytes, options));
}

export function formatBytes(bytes: number): string {
  const GiB = 1024 * MiB;
  if (bytes >= GiB) return bytes % GiB === 0 ? `${bytes / GiB} GiB` : `${(bytes / GiB).toFixed(1)} GiB`;
  if (bytes >= MiB) return bytes % MiB === 0 ? `${bytes / MiB} MiB` : `${(bytes / MiB).toFixed(1)} MiB`;
  if (bytes >= 1024) return bytes % 1024 === 0 ? `${bytes / 1024} KiB` : `${(bytes / 1024).toFixed(1)} KiB`;
  return `${bytes} bytes`;
}
