import { startFakeService } from "./fake-service.ts";

/**
 * A hostile server: every request gets a 200 whose body is `totalBytes` of zeros, produced only as
 * the client pulls, so `sentBytes` shows how much a reader took before it gave up.
 */
export interface EndlessBodyServer {
  url: string;
  /** Bytes handed to the connection so far, over every request. */
  readonly sentBytes: number;
  /** Requests whose body the client cancelled before the end. */
  readonly cancelled: number;
  stop(): Promise<void>;
}

const CHUNK = 64 * 1024;

export function startEndlessBodyServer(
  options: { totalBytes?: number; declareLength?: boolean } = {},
): EndlessBodyServer {
  const totalBytes = options.totalBytes ?? 4 * 1024 ** 3;
  let sentBytes = 0;
  let cancelled = 0;
  const chunk = new Uint8Array(CHUNK);
  const server = startFakeService({
    route: () => {
      let left = totalBytes;
      const body = new ReadableStream<Uint8Array>({
        type: "bytes",
        pull(controller) {
          if (left <= 0) return controller.close();
          const size = Math.min(CHUNK, left);
          left -= size;
          sentBytes += size;
          controller.enqueue(chunk.slice(0, size));
        },
        cancel() {
          cancelled += 1;
        },
      });
      const headers: Record<string, string> = { "Content-Type": "application/octet-stream" };
      if (options.declareLength) headers["Content-Length"] = String(totalBytes);
      return new Response(body, { headers });
    },
  });
  return {
    url: server.url,
    get sentBytes() {
      return sentBytes;
    },
    get cancelled() {
      return cancelled;
    },
    stop: () => server.stop(),
  };
}
