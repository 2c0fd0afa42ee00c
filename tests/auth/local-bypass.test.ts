import { afterAll, expect, test } from "bun:test";
import { isLocalAddress } from "../../src/auth/client-address.ts";
import { openDatabase } from "../../src/db/client.ts";
import { startServer } from "../../src/listen.ts";
import { silentLogger } from "../../src/log.ts";
import { createRuntime } from "../../src/server.ts";
import { testConfig } from "../support/runtime.ts";

test("loopback, private and link-local addresses are local; public ones are not", () => {
  for (const a of [
    "127.0.0.1",
    "10.1.2.3",
    "172.16.0.9",
    "172.31.255.1",
    "192.168.1.20",
    "169.254.1.1",
    "::1",
    "fd12::1",
    "fe80::1",
    "::ffff:192.168.1.2",
  ])
    expect([a, isLocalAddress(a)]).toEqual([a, true]);
  for (const a of [
    "8.8.8.8",
    "172.32.0.1",
    "192.169.0.1",
    "11.0.0.1",
    "2001:db8::1",
    "::ffff:8.8.8.8",
    "not-an-ip",
    "",
  ])
    expect([a, isLocalAddress(a)]).toEqual([a, false]);
});

const runtime = createRuntime(
  testConfig({
    server: { host: "127.0.0.1", port: 0 },
    auth: { apiKey: "test-key-0123456789abcdef", localBypass: true },
  }),
  { log: silentLogger, db: openDatabase({ path: ":memory:" }) },
);
const server = startServer(runtime);
afterAll(() => server.shutdown());
const base = `http://127.0.0.1:${server.port}`;

test("with auth.localBypass a loopback browser needs no login, unless a proxy says the visitor is remote", async () => {
  const state = await (await fetch(`${base}/api/v1/auth/state`)).json();
  expect(state).toMatchObject({ authenticated: true, method: "localBypass" });
  expect((await fetch(`${base}/api/v1/wanted/summary`)).status).toBe(200);
  const proxied = await fetch(`${base}/api/v1/wanted/summary`, {
    headers: { "X-Forwarded-For": "203.0.113.9" },
  });
  expect(proxied.status).toBe(401);
  // Still a browser: a change from another site's page is refused.
  const evil = await fetch(`${base}/api/v1/wanted/scan/cancel`, {
    method: "POST",
    headers: { Origin: "http://evil.example" },
  });
  expect(evil.status).toBe(403);
});

test("local bypass ignores a page whose host name is someone else's (DNS rebinding)", async () => {
  // evil.example resolved to this server: the browser sends its own Host and Origin, so the
  // request looks same-origin and comes from a local address.
  const rebound = { Host: "evil.example", Origin: "http://evil.example" };
  expect((await fetch(`${base}/api/v1/wanted/summary`, { headers: rebound })).status).toBe(401);
  expect(await (await fetch(`${base}/api/v1/auth/state`, { headers: rebound })).json()).toMatchObject({
    authenticated: false,
  });
  const change = await fetch(`${base}/api/v1/wanted/scan/cancel`, { method: "POST", headers: rebound });
  expect(change.status).toBe(401);
  // Names nobody can point at us from outside still pass: IP literals, localhost, LAN names.
  for (const host of [
    `127.0.0.1:${server.port}`,
    "localhost",
    "nas",
    "subhound.lan",
    "nas.home.arpa",
    "nas.local",
  ])
    expect([
      host,
      (await fetch(`${base}/api/v1/wanted/summary`, { headers: { Host: host } })).status,
    ]).toEqual([host, 200]);
});
