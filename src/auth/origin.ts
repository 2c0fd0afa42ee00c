const PROXY_HEADERS = ["x-forwarded-host", "x-forwarded-for", "x-forwarded-proto", "forwarded", "x-real-ip"];
const DEFAULT_PORTS: Record<string, string> = { "http:": "80", "https:": "443" };

/**
 * Whether a browser request comes from a page of this server: the origin of `Origin` (else `Referer`)
 * must be the host of `X-Forwarded-Host` (behind a proxy) or `Host`. Neither header present → not ours.
 * A proxy often forwards the host without the port the browser used (nginx's `$host`); then the
 * port is `X-Forwarded-Port` when sent, else any: only a page on that same host name matches.
 */
export function isSameOrigin(request: Request): boolean {
  const headers = request.headers;
  const source = headers.get("origin") ?? headers.get("referer");
  if (!source || source === "null") return false;
  let origin: URL;
  let ours: URL;
  const host =
    headers.get("x-forwarded-host")?.split(",")[0]?.trim() ||
    headers.get("host") ||
    new URL(request.url).host;
  try {
    origin = new URL(source);
    // Read with the page's scheme, so a default port written out (`host:443`) is the same origin.
    ours = new URL(`${origin.protocol}//${host}`);
  } catch {
    return false;
  }
  if (ours.hostname !== origin.hostname) return false;
  if (ours.port === origin.port) return true;
  if (/:\d+$/.test(host.replace(/^\[[^\]]*\]/, ""))) return false;
  if (!PROXY_HEADERS.some((name) => headers.has(name))) return false;
  const forwardedPort = headers.get("x-forwarded-port")?.split(",")[0]?.trim();
  if (!forwardedPort) return true;
  return forwardedPort === (origin.port || DEFAULT_PORTS[origin.protocol]);
}

/** Whether the request reached us (or the proxy in front of us) over HTTPS. */
export function cameOverHttps(request: Request): boolean {
  const proto = request.headers.get("x-forwarded-proto")?.split(",")[0]?.trim().toLowerCase();
  return proto === "https" || new URL(request.url).protocol === "https:";
}
