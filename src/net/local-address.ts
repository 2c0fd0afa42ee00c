/**
 * Whether an IP address is one only a home network reaches: unspecified, loopback, private,
 * link-local, or 100.64/10 (where Tailscale and Headscale put a tailnet). Plain arithmetic rather
 * than node:net's BlockList, which costs every start of the CLI ~20 ms of module loading.
 */

/** [network, prefix length] of the IPv4 ranges a proxy out on the internet cannot reach. */
const LOCAL_V4: readonly (readonly [number, number])[] = [
  [ipv4(0, 0, 0, 0), 8],
  [ipv4(10, 0, 0, 0), 8],
  [ipv4(100, 64, 0, 0), 10],
  [ipv4(127, 0, 0, 0), 8],
  [ipv4(169, 254, 0, 0), 16],
  [ipv4(172, 16, 0, 0), 12],
  [ipv4(192, 168, 0, 0), 16],
];

function ipv4(a: number, b: number, c: number, d: number): number {
  return ((a << 24) | (b << 16) | (c << 8) | d) >>> 0;
}

function localV4(address: number): boolean {
  return LOCAL_V4.some(([network, prefix]) => address >>> (32 - prefix) === network >>> (32 - prefix));
}

/** A dotted-decimal IPv4 address as a number, or null. */
function parseV4(text: string): number | null {
  const parts = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (!parts) return null;
  const bytes = parts.slice(1).map(Number);
  return bytes.every((b) => b <= 255) ? ipv4(bytes[0]!, bytes[1]!, bytes[2]!, bytes[3]!) : null;
}

/** An IPv6 address as its eight 16-bit groups (a dotted IPv4 tail counts as two), or null. */
function parseV6(text: string): number[] | null {
  const halves = text.split("::");
  if (halves.length > 2) return null;
  const groups = (half: string): number[] | null => {
    if (half === "") return [];
    const out: number[] = [];
    const pieces = half.split(":");
    for (const [i, piece] of pieces.entries()) {
      const v4 = i === pieces.length - 1 && piece.includes(".") ? parseV4(piece) : null;
      if (v4 !== null) out.push(v4 >>> 16, v4 & 0xffff);
      else if (/^[0-9a-f]{1,4}$/i.test(piece)) out.push(Number.parseInt(piece, 16));
      else return null;
    }
    return out;
  };
  const head = groups(halves[0]!);
  const tail = halves.length === 2 ? groups(halves[1]!) : [];
  if (!head || !tail) return null;
  if (halves.length === 1) return head.length === 8 ? head : null;
  const missing = 8 - head.length - tail.length;
  return missing >= 1 ? [...head, ...new Array<number>(missing).fill(0), ...tail] : null;
}

/**
 * True for a local address, false for any other address, null when `host` is no IP address at all
 * (a name). IPv6 takes `::`, `::1`, fc00::/7, fe80::/10 and IPv4-mapped local addresses.
 */
export function isLocalAddress(host: string): boolean | null {
  const v4 = parseV4(host);
  if (v4 !== null) return localV4(v4);
  const v6 = host.includes(":") ? parseV6(host.replace(/^\[|\]$/g, "")) : null;
  if (v6 === null) return null;
  const [first] = v6 as [number];
  const leadingZeros = v6.findIndex((g) => g !== 0);
  if (leadingZeros === -1 || (leadingZeros === 7 && v6[7] === 1)) return true;
  if ((first & 0xfe00) === 0xfc00 || (first & 0xffc0) === 0xfe80) return true;
  // ::ffff:a.b.c.d, an IPv4 address carried in IPv6
  if (leadingZeros === 5 && v6[5] === 0xffff) return localV4(((v6[6]! << 16) | v6[7]!) >>> 0);
  return false;
}
