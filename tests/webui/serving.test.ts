import { afterAll, describe, expect, test } from "bun:test";
import { prepareWebAssets } from "../../src/webui/assets.ts";
import { BASE_PLACEHOLDER } from "../../src/webui/bundle.ts";
import { request, testRuntime } from "../support/runtime.ts";

describe("the web UI at /", () => {
  const rt = testRuntime();
  afterAll(() => rt.close());

  test("every UI path answers the app's index.html, without a key", async () => {
    for (const path of ["/", "/wanted?page=2", "/history", "/wanted/42"]) {
      const res = await request(rt, path, { key: null });
      expect([path, res.status]).toEqual([path, 200]);
      expect(res.headers.get("content-type")).toStartWith("text/html");
      expect(res.headers.get("cache-control")).toBe("no-cache");
      expect(res.headers.get("content-security-policy")).toContain("script-src 'self'");
      const html = await res.text();
      expect(html).toContain('<div id="app">');
      expect(html).toContain('<meta name="subhound-base" content="" />');
      expect(html).not.toContain(BASE_PLACEHOLDER);
    }
  });

  test("hashed assets are cached for a year, gzip when asked, 304 on a matching ETag", async () => {
    const html = await (await request(rt, "/", { key: null })).text();
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)![1]!;
    const plain = await request(rt, script, { key: null, headers: { "Accept-Encoding": "identity" } });
    expect(plain.status).toBe(200);
    expect(plain.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(plain.headers.get("content-type")).toStartWith("text/javascript");
    const body = await plain.text();
    expect(body).not.toContain(BASE_PLACEHOLDER);
    const gz = await request(rt, script, { key: null, headers: { "Accept-Encoding": "gzip, br" } });
    expect(gz.headers.get("content-encoding")).toBe("gzip");
    expect(Bun.gunzipSync(new Uint8Array(await gz.arrayBuffer())).length).toBe(
      new TextEncoder().encode(body).length,
    );
    const again = await request(rt, script, {
      key: null,
      headers: { "If-None-Match": plain.headers.get("etag")! },
    });
    expect(again.status).toBe(304);
    expect((await request(rt, "/assets/nope-123.js", { key: null })).status).toBe(404);
  });

  test("the API, the docs and the spec are untouched; unknown /api paths stay problem+json 404s", async () => {
    const unknown = await request(rt, "/api/v1/nope");
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get("content-type")).toStartWith("application/problem+json");
    expect((await request(rt, "/api", { key: null })).headers.get("content-type")).toStartWith(
      "application/problem+json",
    );
    expect((await request(rt, "/openapi.json", { key: null })).headers.get("content-type")).toStartWith(
      "application/json",
    );
    expect(await (await request(rt, "/docs", { key: null })).text()).not.toContain('id="app"');
    expect((await request(rt, "/favicon.ico", { key: null })).status).toBe(404);
    expect((await request(rt, "/wanted", { key: null, method: "POST" })).status).toBe(404);
  });
});

describe("under server.urlBase", () => {
  const rt = testRuntime({ server: { urlBase: "/subhound" } });
  afterAll(() => rt.close());

  test("the app, its assets and the cookie path carry the base", async () => {
    const res = await request(rt, "/subhound/wanted?page=2", { key: null });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<meta name="subhound-base" content="/subhound" />');
    const script = /src="(\/subhound\/assets\/[^"]+\.js)"/.exec(html)![1]!;
    expect((await request(rt, script, { key: null })).status).toBe(200);
    expect((await request(rt, "/wanted", { key: null })).status).toBe(404);
    expect((await request(rt, "/subhound/api/v1/health", { key: null })).status).toBe(200);
  });

  test("a browser opening the bare address is sent to the UI under the base; an API client gets the 404", async () => {
    const page = await request(rt, "/", {
      key: null,
      headers: { Accept: "text/html,application/xhtml+xml" },
    });
    expect(page.status).toBe(302);
    expect(page.headers.get("location")).toBe("/subhound/");
    const api = await request(rt, "/", { key: null, headers: { Accept: "application/json" } });
    expect(api.status).toBe(404);
    expect(((await api.json()) as { detail: string }).detail).toBe("Subhound is served under /subhound");
  });
});

test("the base placeholder is replaced in every file, also an empty base", () => {
  const assets = prepareWebAssets(
    [{ path: "assets/a.js", type: "text/javascript", text: `import("${BASE_PLACEHOLDER}/assets/b.js")` }],
    "",
  );
  expect(new TextDecoder().decode(assets.get("assets/a.js")!.body)).toBe('import("/assets/b.js")');
});
