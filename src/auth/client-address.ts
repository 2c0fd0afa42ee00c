import type { Context } from "hono";
import { getConnInfo } from "hono/bun";

/** The socket's peer address, or undefined when the request did not come through Bun.serve (tests, CLI). */
export function socketAddress(c: Context): string | undefined {
  try {
    return getConnInfo(c).remote.address ?? undefined;
  } catch {
    return undefined;
  }
}

const V4_PRIVATE = [
  [10, 0, 8],
  [127, 0, 8],
  [172, 16, 12],
  [192, 168, 16],
  [169, 254, 16],
] as const;

/** Loopback, RFC 1918, link-local and IPv6 unique-local addresses. */
export function isLocalAddress(address: string): boolean {
  const ip = address.toLowerCase().replace(/^::ffff:(?=\d+\.)/, "");
  if (ip === "::1") return true;
  if (/^f[cd][0-9a-f]{2}:/.test(ip) || /^fe[89ab][0-9a-f]:/.test(ip)) return true;
  const parts = ip.split(".").map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) return false;
  const value = ((parts[0]! << 24) | (parts[1]! << 16) | (parts[2]! << 8) | parts[3]!) >>> 0;
  return V4_PRIVATE.some(([a, b, bits]) => {
    const mask = (0xffffffff << (32 - bits)) >>> 0;
    return (value & mask) >>> 0 === (((a << 24) | (b << 16)) & mask) >>> 0;
  });
}

/**
 * Local only when the socket peer is local and every forwarded hop it reports is local too:
 * a reverse proxy on loopback relaying a remote visitor must not pass as local.
 */
export function isLocalRequest(c: Context): boolean {
  const peer = socketAddress(c);
  if (!peer || !isLocalAddress(peer)) return false;
  const forwarded = [c.req.header("x-forwarded-for"), c.req.header("x-real-ip")]
    .filter((h): h is string => h !== undefined)
    .flatMap((h) => h.split(","))
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  if (c.req.header("forwarded")) return false;
  return forwarded.every(isLocalAddress);
}

/** Suffixes no public DNS answers for (RFC 6761/6762/8375, ICANN's `.internal`, never-delegated LAN names). */
const PRIVATE_SUFFIXES = [
  "localhost",
  "local",
  "home.arpa",
  "internal",
  "lan",
  "home",
  "localdomain",
  "intranet",
  "corp",
  "private",
];

/**
 * Whether the `Host` a browser sent is a name only our own network can point at this server: an IP
 * literal, a single-label name (`nas`) or a private-use suffix. A public name could be a
 * DNS-rebinding page (evil.example resolved to us): the browser then counts it as same-origin and
 * the request comes from the visitor's local address.
 */
export function isPrivateHostName(hostHeader: string): boolean {
  const host = hostHeader.trim().toLowerCase().replace(/:\d+$/, "").replace(/\.$/, "");
  if (host.startsWith("[")) return host.endsWith("]");
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(host)) return true;
  if (!/^[a-z0-9-]+(\.[a-z0-9-]+)*$/.test(host)) return false;
  if (!host.includes(".")) return true;
  return PRIVATE_SUFFIXES.some((suffix) => host.endsWith(`.${suffix}`));
}
