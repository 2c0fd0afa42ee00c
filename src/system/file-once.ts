import { open, rm } from "node:fs/promises";

const CHUNK = 1 << 20;

/**
 * A temporary file as a response body: unlinked as soon as it is open, so it is gone however the
 * response ends (finished, cancelled, or the process killed).
 */
export async function openOnce(path: string): Promise<{ size: number; body: ReadableStream<Uint8Array> }> {
  const handle = await open(path, "r");
  await rm(path, { force: true });
  const { size } = await handle.stat();
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await handle.close();
  };
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const buffer = new Uint8Array(CHUNK);
        const { bytesRead } = await handle.read(buffer, 0, CHUNK, null);
        if (bytesRead === 0) {
          await close();
          controller.close();
        } else {
          controller.enqueue(buffer.subarray(0, bytesRead));
        }
      } catch (error) {
        await close();
        controller.error(error);
      }
    },
    cancel: close,
  });
  return { size, body };
}
