import { afterAll, describe, expect, test } from "bun:test";
import { request, testRuntime } from "../support/runtime.ts";

describe("the UI's files over HTTP, as browsers, proxies and curl ask for them", () => {
  const rt = testRuntime();
  afterAll(() => rt.close());
  const scriptPath = async () =>
    /src="(\/assets\/[^"]+\.js)"/.exec(await (await request(rt, "/", { key: null })).text())![1]!;

  test("HEAD tells the size GET sends, for the page and an asset, plain and gzip", async () => {
    for (const path of ["/", "/wanted", await scriptPath()]) {
      for (const encoding of ["identity", "gzip"]) {
        const headers = { "Accept-Encoding": encoding };
        const get = await request(rt, path, { key: null, headers });
        const size = (await get.arrayBuffer()).byteLength;
        const head = await request(rt, path, { key: null, method: "HEAD", headers });
        expect([path, encoding, head.status]).toEqual([path, encoding, 200]);
        expect([path, encoding, head.headers.get("content-length")]).toEqual([path, encoding, String(size)]);
        expect(head.headers.get("content-encoding")).toBe(get.headers.get("content-encoding"));
        expect((await head.arrayBuffer()).byteLength).toBe(0);
      }
    }
  });

  test("a client that refuses gzip (q=0) gets the plain file", async () => {
    const script = await scriptPath();
    for (const acceptEncoding of ["gzip;q=0, identity", "gzip; q=0", "*;q=0, identity", "br"]) {
      const res = await request(rt, script, { key: null, headers: { "Accept-Encoding": acceptEncoding } });
      expect([acceptEncoding, res.headers.get("content-encoding")]).toEqual([acceptEncoding, null]);
      expect(new Uint8Array(await res.arrayBuffer()).slice(0, 2)).not.toEqual(new Uint8Array([0x1f, 0x8b]));
    }
    for (const acceptEncoding of ["gzip", "deflate, gzip;q=0.5", "*", "GZIP"]) {
      const res = await request(rt, script, { key: null, headers: { "Accept-Encoding": acceptEncoding } });
      expect([acceptEncoding, res.headers.get("content-encoding")]).toEqual([acceptEncoding, "gzip"]);
    }
  });

  test("If-None-Match matches a tag in a list, a weak tag and *, as RFC 9110 compares them", async () => {
    const script = await scriptPath();
    const etag = (await request(rt, script, { key: null })).headers.get("etag")!;
    for (const ifNoneMatch of [`"other", ${etag}`, `W/${etag}`, "*"]) {
      const res = await request(rt, script, { key: null, headers: { "If-None-Match": ifNoneMatch } });
      expect([ifNoneMatch, res.status]).toEqual([ifNoneMatch, 304]);
      expect(res.headers.get("etag")).toBe(etag);
    }
    const changed = await request(rt, script, { key: null, headers: { "If-None-Match": '"other"' } });
    expect(changed.status).toBe(200);
  });
});
