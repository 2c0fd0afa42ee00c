import { close, fstatSync, openSync, read, rmSync } from "node:fs";

const CHUNK = 1 << 20;

/** A body dropped without being read or cancelled still gives its descriptor back. */
const dropped = new FinalizationRegistry<number>((fd) => close(fd, () => {}));

/**
 * A temporary file as a response body: unlinked as soon as it is open, so it is gone however the
 * response ends (finished, cancelled, or the process killed).
 */
export function openOnce(path: string): { size: number; body: ReadableStream<Uint8Array> } {
  const fd = openSync(path, "r");
  rmSync(path, { force: true });
  const { size } = fstatSync(fd);
  let open = true;
  const release = () => {
    if (!open) return;
    open = false;
    dropped.unregister(token);
    close(fd, () => {});
  };
  const token = {};
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      return new Promise<void>((resolve) => {
        const buffer = new Uint8Array(CHUNK);
        read(fd, buffer, 0, CHUNK, null, (error, bytesRead) => {
          if (error) {
            release();
            controller.error(error);
          } else if (bytesRead === 0) {
            release();
            controller.close();
          } else {
            controller.enqueue(buffer.subarray(0, bytesRead));
          }
          resolve();
        });
      });
    },
    cancel: release,
  });
  dropped.register(body, fd, token);
  return { size, body };
}
