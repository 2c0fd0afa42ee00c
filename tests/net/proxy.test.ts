import { afterEach, describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import type { Config, ConfigInput } from "../../src/config/schema.ts";
import { openDatabase } from "../../src/db/client.ts";
import { createLogger } from "../../src/log.ts";
import { goesDirect, type ProxySettings, proxied, proxyInit } from "../../src/net/proxy.ts";
import { createRuntime, type Runtime } from "../../src/server.ts";
import { type FakeHttpProxy, startFakeHttpProxy } from "../fakes/http-proxy.ts";
import { type FakePodnapisi, startFakePodnapisi } from "../fakes/podnapisi.ts";
import { episodeQuery } from "../providers/fixtures.ts";
import { type Json, jsonOf, request, testConfig } from "../support/runtime.ts";

const USER = "subhound";
const PASSWORD = "pr0xy-Secret-71";

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const settings = (over: Partial<ProxySettings> = {}): ProxySettings => ({
  url: "http://10.0.0.5:8888",
  exclude: [],
  bypassLocal: true,
  ...over,
});
const route = (target: string, over: Partial<ProxySettings> = {}) => {
  const init = proxyInit(target, settings(over));
  return init.proxy === undefined ? "default" : init.proxy === false ? "direct" : "proxy";
};

describe("which requests go through the proxy", () => {
  test("unset url: nothing is added, so Bun behaves as before (HTTP_PROXY from the environment still counts)", () => {
    expect(proxyInit("https://api.opensubtitles.com/api/v1/login", settings({ url: undefined }))).toEqual({});
  });

  test("a public host goes through it, with Bun's NO_PROXY handling off (proxy.exclude is the list)", () => {
    expect(proxyInit("https://api.opensubtitles.com/api/v1/login", settings())).toEqual({
      proxy: { url: "http://10.0.0.5:8888", respectNoProxy: false },
    });
    for (const target of [
      "http://8.8.8.8/",
      "http://172.32.0.1/",
      "http://11.0.0.1:8080/",
      "http://[2001:db8::1]:8080/",
      "https://podnapisi.net/subtitles",
    ])
      expect({ target, route: route(target) }).toEqual({ target, route: "proxy" });
  });

  test("bypassLocal: loopback, private and link-local addresses and LAN names go direct", () => {
    for (const target of [
      "http://127.0.0.1:8989/api/v3/series",
      "http://127.8.9.10/",
      "http://localhost:6868/",
      "http://sonarr:8989/",
      "http://SONARR./",
      "http://10.1.2.3/",
      "http://172.16.0.1/",
      "http://172.31.255.254/",
      "http://192.168.1.20:7878/",
      "http://169.254.10.1/",
      "http://100.101.102.103/",
      "http://[::1]:8096/",
      "http://[fd12:3456::1]/",
      "http://[fe80::1]/",
      "http://[::ffff:192.168.1.2]/",
      "http://nas.local:32400/",
      "http://jellyfin.lan/",
      "http://plex.home.arpa/",
      "http://ollama.internal:11434/",
    ])
      expect({ target, route: route(target) }).toEqual({ target, route: "direct" });
  });

  test("bypassLocal off: the same addresses go through the proxy", () => {
    for (const target of [
      "http://127.0.0.1:8989/",
      "http://sonarr:8989/",
      "http://[::1]/",
      "http://nas.local/",
    ])
      expect({ target, route: route(target, { bypassLocal: false }) }).toEqual({ target, route: "proxy" });
  });

  test("exclude: a domain covers itself and its subdomains, whatever the case, trailing dot or port", () => {
    const exclude = ["example.org", "*.example.net", ".example.com", "203.0.113.7", "[2001:db8::1]"];
    for (const target of [
      "https://example.org/",
      "https://api.example.org:8443/v1",
      "https://API.Example.ORG./",
      "https://a.b.example.net/",
      "https://example.net/",
      "https://www.example.com/",
      "http://203.0.113.7:8080/",
      "http://[2001:db8:0:0::1]:8080/",
    ])
      expect({ target, route: route(target, { exclude }) }).toEqual({ target, route: "direct" });
    for (const target of [
      "https://notexample.org/",
      "https://example.org.evil.test/",
      "http://203.0.113.70/",
      "http://[2001:db8::2]/",
    ])
      expect({ target, route: route(target, { exclude }) }).toEqual({ target, route: "proxy" });
  });

  test("goesDirect reads host names as URLs spell them (IPv4 shorthand, IPv6 brackets)", () => {
    expect(goesDirect("127.1", settings({ bypassLocal: true }))).toBe(true);
    expect(goesDirect("[::1]", settings({ bypassLocal: true }))).toBe(true);
    expect(goesDirect("0x7f.1", settings({ bypassLocal: false }))).toBe(false);
  });
});

/** A port nothing listens on: bound once, then closed. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

interface Setup {
  runtime: Runtime;
  podnapisi: FakePodnapisi;
  logLines: string[];
}

async function setup(
  proxy: ConfigInput["proxy"],
  proxyServer?: FakeHttpProxy,
  reloadWith?: (running: Config) => Config,
): Promise<Setup> {
  const podnapisi = await startFakePodnapisi();
  cleanups.push(() => podnapisi.stop());
  podnapisi.subtitles.push({
    pid: "p1",
    title: "Breaking Bad",
    year: 2008,
    season: 1,
    episode: 1,
    language: "en",
    releases: ["Breaking.Bad.S01E01.1080p.BluRay.x264-ROVERS"],
    content: "1\n00:00:01,000 --> 00:00:02,000\nHello\n",
  });
  const logLines: string[] = [];
  const config = testConfig({
    providers: { podnapisi: { enabled: true, baseUrl: podnapisi.url } },
    search: { requestTimeoutMs: 5000 },
    ...(proxy ? { proxy } : {}),
  });
  const runtime = createRuntime(config, {
    log: createLogger({ level: "debug", format: "json", write: (line) => logLines.push(line) }),
    db: openDatabase({ path: ":memory:" }),
    ...(reloadWith ? { loadConfig: () => reloadWith(config) } : {}),
  });
  cleanups.push(() => runtime.close());
  if (proxyServer) cleanups.push(() => proxyServer.stop());
  return { runtime, podnapisi, logLines };
}

const searchOnce = (runtime: Runtime) =>
  runtime.deps.providers.searchAll(episodeQuery(), AbortSignal.timeout(10_000));

describe("the runtime's outside requests", () => {
  test("a provider search and download go through the proxy with its credentials (bypassLocal off)", async () => {
    const proxy = await startFakeHttpProxy({ credentials: { user: USER, password: PASSWORD } });
    const { runtime, podnapisi } = await setup(
      { url: proxy.urlWith(USER, PASSWORD), bypassLocal: false },
      proxy,
    );
    const { candidates, outcomes } = await searchOnce(runtime);
    expect(outcomes).toEqual([expect.objectContaining({ provider: "podnapisi", ok: true, candidates: 1 })]);
    const file = await runtime.deps.providers.download(candidates[0]!, AbortSignal.timeout(10_000));
    expect(file.bytes.byteLength).toBeGreaterThan(0);

    const basic = `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString("base64")}`;
    expect(proxy.requests.length).toBeGreaterThanOrEqual(2);
    for (const r of proxy.requests) {
      expect(r.target.startsWith(`${podnapisi.url}/`)).toBe(true);
      expect({ proxyAuthorization: r.proxyAuthorization, outcome: r.outcome }).toEqual({
        proxyAuthorization: basic,
        outcome: "forwarded",
      });
    }
    // The fake provider saw exactly what the proxy forwarded.
    expect(podnapisi.requests).toHaveLength(proxy.requests.length);
  });

  test("off (no proxy.url): requests go direct", async () => {
    const proxy = await startFakeHttpProxy();
    const { runtime, podnapisi } = await setup(undefined, proxy);
    const { outcomes } = await searchOnce(runtime);
    expect(outcomes[0]).toMatchObject({ ok: true, candidates: 1 });
    expect(proxy.requests).toEqual([]);
    expect(podnapisi.requests).toHaveLength(1);
  });

  test("bypassLocal on (the default): the provider on 127.0.0.1 is asked direct, not through the proxy", async () => {
    const proxy = await startFakeHttpProxy();
    const { runtime } = await setup({ url: proxy.url }, proxy);
    expect((await searchOnce(runtime)).outcomes[0]).toMatchObject({ ok: true });
    expect(proxy.requests).toEqual([]);
  });

  test("a refused proxy and a 407 give a clean reason naming the proxy, never its password", async () => {
    const port = await closedPort();
    const refused = await setup({ url: `http://${USER}:${PASSWORD}@127.0.0.1:${port}`, bypassLocal: false });
    const down = (await searchOnce(refused.runtime)).outcomes[0];
    expect(down).toMatchObject({
      ok: false,
      reason: `cannot reach ${new URL(refused.podnapisi.url).host}: proxy 127.0.0.1:${port}: connection refused`,
    });

    const proxy = await startFakeHttpProxy({ credentials: { user: USER, password: "the-right-one" } });
    const wrong = await setup({ url: proxy.urlWith(USER, PASSWORD), bypassLocal: false }, proxy);
    const login = (await searchOnce(wrong.runtime)).outcomes[0] as Json;
    expect(login.ok).toBe(false);
    expect(login.reason).toBe(
      `cannot reach ${new URL(wrong.podnapisi.url).host}: proxy ${proxy.hostPort}: asks for a login (HTTP 407); check the user and password in proxy.url`,
    );
    expect(proxy.requests.map((r) => r.outcome)).toEqual(["407"]);
    expect(wrong.podnapisi.requests).toEqual([]);

    // Everywhere the failure or the URL shows: providers list, test answer, health, status, logs (the
    // settings document: tests/config/proxy.test.ts).
    const test = await jsonOf(request(wrong.runtime, "/api/v1/providers/podnapisi/test", { method: "POST" }));
    expect(test.message).toContain(`proxy ${proxy.hostPort}: asks for a login`);
    for (const { runtime, logLines } of [refused, wrong]) {
      const shown = [
        JSON.stringify(await jsonOf(request(runtime, "/api/v1/providers"))),
        JSON.stringify(await jsonOf(request(runtime, "/api/v1/health/detailed"))),
        JSON.stringify(await jsonOf(request(runtime, "/api/v1/system/status"))),
        ...logLines,
      ];
      expect(shown[0]).toContain(`proxy 127.0.0.1:`);
      // The URL itself shows with its credentials masked.
      expect(shown[2]).toContain('"url":"http://***@127.0.0.1:');
      for (const text of shown) {
        expect(text).not.toContain(PASSWORD);
        expect(text).not.toContain(`${USER}:`);
      }
    }
  });

  test("the proxy setting is read per request: a reload that sets it routes the next search through it", async () => {
    const proxy = await startFakeHttpProxy();
    let next: ConfigInput["proxy"] | undefined;
    const { runtime } = await setup(undefined, proxy, (config) =>
      testConfig({ ...(structuredClone(config) as ConfigInput), proxy: next }),
    );
    expect((await searchOnce(runtime)).outcomes[0]).toMatchObject({ ok: true });
    expect(proxy.requests).toEqual([]);
    next = { url: proxy.url, bypassLocal: false };
    expect(runtime.deps.reload()).toMatchObject({ ok: true, restartNeeded: [] });
    expect((await searchOnce(runtime)).outcomes[0]).toMatchObject({ ok: true });
    expect(proxy.requests.map((r) => r.outcome)).toEqual(["forwarded"]);
  });
});

describe("https targets: a CONNECT tunnel", () => {
  const tls = {
    cert: readFileSync(join(import.meta.dir, "../fixtures/tls/cert.pem"), "utf8"),
    key: readFileSync(join(import.meta.dir, "../fixtures/tls/key.pem"), "utf8"),
  };

  test("an https request is tunnelled with the credentials; a 407 to the CONNECT names the proxy", async () => {
    const site = Bun.serve({ hostname: "127.0.0.1", port: 0, tls, fetch: () => new Response("over TLS") });
    cleanups.push(() => site.stop(true));
    const proxy = await startFakeHttpProxy({ credentials: { user: USER, password: PASSWORD } });
    cleanups.push(() => proxy.stop());
    const trusting = (url: string, init: RequestInit) =>
      fetch(url, { ...init, tls: { ca: tls.cert } } as RequestInit);
    const through = (url: string) =>
      proxied({ proxy: settings({ url, bypassLocal: false }) }, trusting)(
        `https://127.0.0.1:${site.port}/`,
        {},
      );

    const answer = await through(proxy.urlWith(USER, PASSWORD));
    expect(await answer.text()).toBe("over TLS");
    expect(proxy.requests).toEqual([
      {
        method: "CONNECT",
        target: `127.0.0.1:${site.port}`,
        proxyAuthorization: `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString("base64")}`,
        outcome: "tunnelled",
      },
    ]);

    const refused = await through(proxy.urlWith(USER, "wrong-password")).catch((e: Error) => e);
    expect(refused).toBeInstanceOf(Error);
    expect((refused as Error).message).toBe(
      `proxy ${proxy.hostPort}: refused the tunnel to 127.0.0.1:${site.port} (HTTP 407 Proxy Authentication Required); check the user and password in proxy.url`,
    );
  });
});
