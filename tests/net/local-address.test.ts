import { describe, expect, test } from "bun:test";
import { isLocalAddress } from "../../src/net/local-address.ts";

describe("isLocalAddress", () => {
  test("IPv4: the edges of each local range, and the addresses just outside", () => {
    const local = ["0.0.0.0", "10.0.0.0", "10.255.255.255", "100.64.0.0", "100.127.255.255", "127.0.0.1"];
    local.push("169.254.0.1", "172.16.0.0", "172.31.255.255", "192.168.0.0", "192.168.255.255");
    const outside = [
      "9.255.255.255",
      "11.0.0.0",
      "100.63.255.255",
      "100.128.0.0",
      "128.0.0.1",
      "169.253.255.255",
    ];
    outside.push(
      "172.15.255.255",
      "172.32.0.0",
      "192.167.255.255",
      "192.169.0.0",
      "8.8.8.8",
      "255.255.255.255",
    );
    for (const a of local) expect({ a, local: isLocalAddress(a) }).toEqual({ a, local: true });
    for (const a of outside) expect({ a, local: isLocalAddress(a) }).toEqual({ a, local: false });
  });

  test("IPv6: unspecified, loopback, unique-local, link-local and IPv4-mapped local addresses", () => {
    for (const a of ["::", "::1", "[::1]", "0:0:0:0:0:0:0:1", "fc00::1", "fdff:ffff::", "fe80::1", "febf::1"])
      expect({ a, local: isLocalAddress(a) }).toEqual({ a, local: true });
    for (const a of ["::ffff:192.168.1.2", "::ffff:c0a8:102", "::ffff:7f00:1"])
      expect({ a, local: isLocalAddress(a) }).toEqual({ a, local: true });
    for (const a of [
      "::2",
      "2001:db8::1",
      "fe00::1",
      "fec0::1",
      "fbff::1",
      "::ffff:808:808",
      "::ffff:8.8.8.8",
      "1::",
    ])
      expect({ a, local: isLocalAddress(a) }).toEqual({ a, local: false });
  });

  test("what is no address at all is null: names, out-of-range parts, malformed IPv6", () => {
    for (const a of [
      "sonarr",
      "nas.local",
      "256.0.0.1",
      "1.2.3",
      "1:2:3:4:5:6:7:8:9",
      "1::2::3",
      "12345::",
      "g::1",
      "",
    ])
      expect({ a, local: isLocalAddress(a) }).toEqual({ a, local: null });
  });
});
