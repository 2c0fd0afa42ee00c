import { expect, test } from "bun:test";
import { limitPerHost } from "../../src/net/host-limit.ts";

/** A transport whose answers the test releases one by one, each with a body it controls. */
function heldTransport() {
  const pending: Array<{ url: string; answer: (body: string) => void; fail: (e: Error) => void }> = [];
  const fetch = (url: string) =>
    new Promise<Response>((resolve, reject) => {
      pending.push({
        url,
        answer: (body) => resolve(new Response(body, { status: 201, headers: { "X-Test": "kept" } })),
        fail: reject,
      });
    });
  return { fetch, pending };
}

const settle = () => new Promise((r) => setImmediate(r));

test("at most N requests reach one host; the next starts when a body has been read, other hosts are not held", async () => {
  const transport = heldTransport();
  const limited = limitPerHost(transport.fetch, 2);
  const a = [1, 2, 3].map((i) => limited(`http://sonarr:8989/api/v3/series/${i}`, {}));
  const other = limited("http://radarr:7878/api/v3/movie", {});
  await settle();
  expect(transport.pending.map((p) => p.url)).toEqual([
    "http://sonarr:8989/api/v3/series/1",
    "http://sonarr:8989/api/v3/series/2",
    "http://radarr:7878/api/v3/movie",
  ]);
  expect(limited.load()["http://sonarr:8989"]).toEqual({ active: 2, waiting: 1 });

  transport.pending[0]!.answer("first");
  const first = await a[0]!;
  await settle();
  // Headers arrived but the body is unread: the connection is still busy.
  expect(transport.pending).toHaveLength(3);
  expect(await first.text()).toBe("first");
  await settle();
  expect(transport.pending.map((p) => p.url)).toContain("http://sonarr:8989/api/v3/series/3");
  expect(first.status).toBe(201);
  expect(first.headers.get("X-Test")).toBe("kept");

  transport.pending[1]!.answer("two");
  transport.pending[2]!.answer("movie");
  transport.pending[3]!.answer("three");
  expect(await (await a[1]!).text()).toBe("two");
  expect(await (await other).text()).toBe("movie");
  expect(await (await a[2]!).text()).toBe("three");
  expect(limited.load()).toEqual({});
});

test("a failed request frees its slot", async () => {
  const transport = heldTransport();
  const limited = limitPerHost(transport.fetch, 1);
  const failing = limited("http://host/a", {});
  const next = limited("http://host/b", {});
  await settle();
  transport.pending[0]!.fail(new Error("connection refused"));
  await expect(failing).rejects.toThrow("connection refused");
  await settle();
  expect(transport.pending.map((p) => p.url)).toEqual(["http://host/a", "http://host/b"]);
  transport.pending[1]!.answer("b");
  expect(await (await next).text()).toBe("b");
});

test("a cancelled body frees its slot", async () => {
  const transport = heldTransport();
  const limited = limitPerHost(transport.fetch, 1);
  const first = limited("http://host/a", {});
  const next = limited("http://host/b", {});
  await settle();
  transport.pending[0]!.answer("not wanted");
  await (await first).body?.cancel();
  await settle();
  expect(transport.pending).toHaveLength(2);
  transport.pending[1]!.answer("b");
  expect(await (await next).text()).toBe("b");
});

test("a body never read is freed when the request's signal aborts (its timeout)", async () => {
  const transport = heldTransport();
  const limited = limitPerHost(transport.fetch, 1);
  const timeout = new AbortController();
  const abandoned = limited("http://host/a", { signal: timeout.signal });
  const next = limited("http://host/b", {});
  await settle();
  transport.pending[0]!.answer("left unread");
  await abandoned;
  await settle();
  expect(transport.pending).toHaveLength(1);
  timeout.abort();
  await settle();
  expect(transport.pending).toHaveLength(2);
  transport.pending[1]!.answer("b");
  expect(await (await next).text()).toBe("b");
});

test("a request aborted while it waits leaves the queue and rejects without reaching the host", async () => {
  const transport = heldTransport();
  const limited = limitPerHost(transport.fetch, 1);
  const holding = limited("http://host/held", {});
  const controller = new AbortController();
  const waiting = limited("http://host/gave-up", { signal: controller.signal });
  await settle();
  expect(limited.load()["http://host"]).toEqual({ active: 1, waiting: 1 });
  controller.abort();
  await expect(waiting).rejects.toThrow();
  expect(limited.load()["http://host"]).toEqual({ active: 1, waiting: 0 });
  transport.pending[0]!.answer("done");
  await (await holding).text();
  expect(transport.pending.map((p) => p.url)).toEqual(["http://host/held"]);
  expect(limited.load()).toEqual({});
});

test("the limit must be a positive integer", () => {
  expect(() => limitPerHost(heldTransport().fetch, 0)).toThrow(RangeError);
});
