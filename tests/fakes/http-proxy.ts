import { createServer, type Server, type Socket, connect as tcpConnect } from "node:net";

/**
 * A forward HTTP proxy as RFC 9112 §3.2.2 and RFC 9110 §9.3.6 describe one, on 127.0.0.1 port 0.
 * A request in absolute form (`GET http://127.0.0.1:5000/x HTTP/1.1`) is forwarded and its answer
 * sent back on the same keep-alive connection; `CONNECT host:port` opens a TCP tunnel (what a
 * client does for an https target). With `credentials`, a request without the matching
 * `Proxy-Authorization: Basic …` gets 407 and `Proxy-Authenticate`. Only loopback targets are
 * served (502 otherwise), so nothing leaves the machine.
 */

export interface ProxiedRequest {
  method: string;
  /** The absolute URL asked for, or `host:port` of a CONNECT. */
  target: string;
  proxyAuthorization: string | null;
  /** What the proxy did: forwarded, tunnelled, refused for missing credentials (407), or 502. */
  outcome: "forwarded" | "tunnelled" | "407" | "502";
}

export interface FakeHttpProxy {
  /** `http://127.0.0.1:PORT`, without credentials. */
  url: string;
  /** `127.0.0.1:PORT`. */
  hostPort: string;
  requests: ProxiedRequest[];
  /** The proxy URL with `user:password@` in it. */
  urlWith(user: string, password: string): string;
  stop(): Promise<void>;
}

/** Headers for this hop only (RFC 9110 §7.6.1), never forwarded. */
const HOP_BY_HOP = new Set([
  "connection",
  "keep-alive",
  "proxy-authorization",
  "proxy-connection",
  "proxy-authenticate",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
  "host",
  "content-length",
]);

interface Head {
  method: string;
  target: string;
  headers: [string, string][];
  /** Bytes of the head including the blank line. */
  length: number;
}

function parseHead(buffer: Buffer): Head | null {
  const end = buffer.indexOf("\r\n\r\n");
  if (end < 0) return null;
  const lines = buffer.subarray(0, end).toString("latin1").split("\r\n");
  const [method = "", target = ""] = lines[0]!.split(" ");
  const headers = lines.slice(1).map((line): [string, string] => {
    const colon = line.indexOf(":");
    return [line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim()];
  });
  return { method, target, headers, length: end + 4 };
}

/** The body after the head, and how many bytes it took; null until all of it has arrived. */
function readBody(buffer: Buffer, head: Head): { body: Buffer; used: number } | null {
  const header = (name: string) => head.headers.find(([n]) => n === name)?.[1];
  if (header("transfer-encoding")?.toLowerCase().includes("chunked")) {
    const chunks: Buffer[] = [];
    let at = head.length;
    for (;;) {
      const lineEnd = buffer.indexOf("\r\n", at);
      if (lineEnd < 0) return null;
      const size = Number.parseInt(buffer.subarray(at, lineEnd).toString("latin1"), 16);
      if (size === 0) {
        // The last chunk, then optional trailer fields, then a blank line.
        const end = buffer.indexOf("\r\n\r\n", lineEnd);
        return end < 0 ? null : { body: Buffer.concat(chunks), used: end + 4 };
      }
      if (buffer.length < lineEnd + 2 + size + 2) return null;
      chunks.push(buffer.subarray(lineEnd + 2, lineEnd + 2 + size));
      at = lineEnd + 2 + size + 2;
    }
  }
  const length = Number(header("content-length") ?? "0");
  if (buffer.length < head.length + length) return null;
  return { body: buffer.subarray(head.length, head.length + length), used: head.length + length };
}

function isLoopback(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, "");
  return bare === "localhost" || bare === "::1" || /^127\.\d+\.\d+\.\d+$/.test(bare);
}

function statusLine(status: number, text: string, headers: [string, string][], body: Uint8Array): Buffer {
  const lines = [`HTTP/1.1 ${status} ${text}`];
  for (const [name, value] of headers) lines.push(`${name}: ${value}`);
  lines.push(`Content-Length: ${body.byteLength}`, "", "");
  return Buffer.concat([Buffer.from(lines.join("\r\n"), "latin1"), body]);
}

export async function startFakeHttpProxy(
  options: { credentials?: { user: string; password: string } } = {},
): Promise<FakeHttpProxy> {
  const requests: ProxiedRequest[] = [];
  const sockets = new Set<Socket>();
  const expected = options.credentials
    ? `Basic ${Buffer.from(`${options.credentials.user}:${options.credentials.password}`).toString("base64")}`
    : null;

  const refuse = (socket: Socket, status: 407 | 502, text: string) => {
    const headers: [string, string][] =
      status === 407 ? [["Proxy-Authenticate", 'Basic realm="fake-proxy"']] : [];
    socket.write(statusLine(status, text, headers, Buffer.from(text)));
  };

  async function forward(socket: Socket, head: Head, body: Buffer, record: ProxiedRequest): Promise<void> {
    const target = new URL(head.target);
    if (!isLoopback(target.hostname)) {
      record.outcome = "502";
      return refuse(socket, 502, "Bad Gateway");
    }
    const headers = new Headers();
    for (const [name, value] of head.headers) if (!HOP_BY_HOP.has(name)) headers.append(name, value);
    let answer: Response;
    try {
      answer = await fetch(target, {
        method: head.method,
        headers,
        body: head.method === "GET" || head.method === "HEAD" ? undefined : body,
        redirect: "manual",
        decompress: false,
        proxy: false,
      });
    } catch {
      record.outcome = "502";
      return refuse(socket, 502, "Bad Gateway");
    }
    const bytes = new Uint8Array(await answer.arrayBuffer());
    const kept = [...answer.headers].filter(([name]) => !HOP_BY_HOP.has(name));
    socket.write(statusLine(answer.status, answer.statusText || "OK", kept, bytes));
  }

  function tunnel(socket: Socket, head: Head, rest: Buffer, record: ProxiedRequest): void {
    const colon = head.target.lastIndexOf(":");
    const host = head.target.slice(0, colon);
    if (!isLoopback(host)) {
      record.outcome = "502";
      refuse(socket, 502, "Bad Gateway");
      return;
    }
    const upstream = tcpConnect(Number(head.target.slice(colon + 1)), host.replace(/^\[|\]$/g, ""));
    sockets.add(upstream);
    upstream.on("connect", () => {
      record.outcome = "tunnelled";
      socket.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      if (rest.length > 0) upstream.write(rest);
      socket.pipe(upstream);
      upstream.pipe(socket);
    });
    upstream.on("error", () => {
      record.outcome = "502";
      if (!socket.destroyed) refuse(socket, 502, "Bad Gateway");
    });
    upstream.on("close", () => socket.destroy());
    socket.on("close", () => upstream.destroy());
  }

  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => socket.destroy());
    let buffer = Buffer.alloc(0);
    let busy = false;
    let tunnelled = false;

    const next = async (): Promise<void> => {
      if (busy || tunnelled) return;
      const head = parseHead(buffer);
      if (!head) return;
      const record: ProxiedRequest = {
        method: head.method,
        target: head.target,
        proxyAuthorization: head.headers.find(([n]) => n === "proxy-authorization")?.[1] ?? null,
        outcome: "forwarded",
      };
      if (head.method === "CONNECT") {
        const rest = buffer.subarray(head.length);
        buffer = Buffer.alloc(0);
        requests.push(record);
        if (expected !== null && record.proxyAuthorization !== expected) {
          record.outcome = "407";
          return refuse(socket, 407, "Proxy Authentication Required");
        }
        tunnelled = true;
        tunnel(socket, head, rest, record);
        return;
      }
      const read = readBody(buffer, head);
      if (!read) return;
      buffer = buffer.subarray(read.used);
      requests.push(record);
      busy = true;
      try {
        if (expected !== null && record.proxyAuthorization !== expected) {
          record.outcome = "407";
          refuse(socket, 407, "Proxy Authentication Required");
        } else await forward(socket, head, Buffer.from(read.body), record);
      } finally {
        busy = false;
      }
      return next();
    };

    socket.on("data", (chunk: Buffer) => {
      if (tunnelled) return;
      buffer = Buffer.concat([buffer, chunk]);
      void next();
    });
  });

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    hostPort: `127.0.0.1:${port}`,
    requests,
    urlWith: (user, password) =>
      `http://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${port}`,
    async stop() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
