import { describe, expect, test } from "bun:test";
import {
  ProcessOutputTooLargeError,
  readCappedOutput,
  readOutputTail,
} from "../../src/media/process-output.ts";

/** A stream of `count` chunks of `size` bytes each, counting how many were pulled. */
function chunks(count: number, size: number, fill = 0x61) {
  const state = { pulled: 0, cancelled: false };
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (state.pulled === count) return controller.close();
      state.pulled++;
      controller.enqueue(new Uint8Array(size).fill(fill));
    },
    cancel() {
      state.cancelled = true;
    },
  });
  return { stream, state };
}

describe("process output", () => {
  test("a capped read returns the bytes under the cap", async () => {
    const { stream } = chunks(4, 1000);
    expect((await readCappedOutput(stream, 4000, () => {})).length).toBe(4000);
  });

  test("past the cap it stops pulling, calls onOverflow once and cancels the stream", async () => {
    const { stream, state } = chunks(1_000_000, 64 * 1024);
    let overflows = 0;
    const error = await readCappedOutput(stream, 1024 * 1024, () => overflows++).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProcessOutputTooLargeError);
    expect((error as Error).message).toBe("printed more than 1 MiB");
    expect(overflows).toBe(1);
    expect(state.cancelled).toBe(true);
    expect(state.pulled).toBeLessThan(20);
  });

  test("a tail read drains everything but keeps only the end", async () => {
    const { stream, state } = chunks(256, 64 * 1024, 0x65);
    const encoder = new TextEncoder();
    const withLastLine = stream.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        flush(controller) {
          controller.enqueue(encoder.encode("\nthe last line\n"));
        },
      }),
    );
    const tail = await readOutputTail(withLastLine, 4096);
    expect(state.pulled).toBe(256);
    expect(tail.length).toBe(4096);
    expect(tail.endsWith("\nthe last line\n")).toBe(true);
  });

  test("a tail read of a broken pipe keeps what it had", async () => {
    let sent = false;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent) return controller.error(new Error("EPIPE"));
        sent = true;
        controller.enqueue(new TextEncoder().encode("partial"));
      },
    });
    expect(await readOutputTail(stream)).toBe("partial");
  });
});
