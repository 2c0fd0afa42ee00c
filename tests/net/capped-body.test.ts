import { afterEach, describe, expect, test } from "bun:test";
import { BodyTooLargeError, readCappedBytes, readCappedText } from "../../src/net/capped-body.ts";
import { type EndlessBodyServer, startEndlessBodyServer } from "../fakes/endless-body.ts";

const MiB = 1024 * 1024;
let server: EndlessBodyServer | null = null;
afterEach(async () => {
  await server?.stop();
  server = null;
});

describe("readCappedBytes", () => {
  test("a body within the cap is read whole", async () => {
    server = startEndlessBodyServer({ totalBytes: MiB + 5 });
    const bytes = await readCappedBytes(await fetch(server.url), 2 * MiB);
    expect(bytes.length).toBe(MiB + 5);
  });

  test("a body exactly at the cap is accepted", async () => {
    const bytes = await readCappedBytes(new Response(new Uint8Array(1000)), 1000);
    expect(bytes.length).toBe(1000);
  });

  test("an endless body stops just past the cap and the stream is cancelled", async () => {
    server = startEndlessBodyServer();
    const read = readCappedBytes(await fetch(server.url), 4 * MiB);
    await expect(read).rejects.toBeInstanceOf(BodyTooLargeError);
    // What the server produced is bounded by the cap plus the socket buffers in between.
    expect(server.sentBytes).toBeLessThan(4 * MiB + 16 * MiB);
  });

  test("a declared length over the cap is refused before the body is read", async () => {
    server = startEndlessBodyServer({ totalBytes: 64 * MiB, declareLength: true });
    const error = await readCappedBytes(await fetch(server.url), MiB).catch((e) => e);
    expect(error).toBeInstanceOf(BodyTooLargeError);
    expect((error as Error).message).toBe("the response is larger than the 1 MiB cap");
    expect(server.sentBytes).toBeLessThan(16 * MiB);
  });

  test("an abort stops the read", async () => {
    server = startEndlessBodyServer();
    const controller = new AbortController();
    const response = await fetch(server.url, { signal: controller.signal });
    const read = readCappedBytes(response, 1024 * MiB, { signal: controller.signal });
    controller.abort();
    await expect(read).rejects.toThrow();
    expect(server.sentBytes).toBeLessThan(1024 * MiB);
  });

  test("text is decoded as UTF-8 without the BOM", async () => {
    const text = await readCappedText(new Response(Uint8Array.of(0xef, 0xbb, 0xbf, 0xc3, 0xa9)), 10);
    expect(text).toBe("é");
  });
});
