import { isLocalAddress } from "./local-address.ts";
import type { FetchLike } from "./retry-timing.ts";

/**
 * The outbound HTTP(S) proxy (config `proxy`): which requests go through it, and failures that
 * name it. Bun's fetch does the proxying itself (`proxy` option: absolute-form requests for http
 * targets, CONNECT tunnels for https ones); this decides per request and words its errors.
 */

export interface ProxySettings {
  /** `http(s)://[user:password@]host:port`; unset = no proxy of ours. */
  url?: string | undefined;
  /** Host names or domains (a domain covers its subdomains) that go direct. */
  exclude: readonly string[];
  /** Loopback, private and link-local addresses and LAN-only names go direct. */
  bypassLocal: boolean;
}

/** What one request adds to its fetch init. */
export interface ProxyInit {
  proxy?: Bun.FetchProxyOption;
}

/** Names only a home network resolves (RFC 6762, RFC 8375, ICANN's .internal, common router suffixes). */
const LOCAL_SUFFIXES = [".local", ".lan", ".home.arpa", ".internal", ".localhost"];

/**
 * A host as a URL spells it, so every way of writing one compares equal: lower case, no trailing
 * dot, IPv6 without brackets and compressed, IPv4 in dotted decimal (`127.1` is 127.0.0.1).
 * Null when it is no host name at all.
 */
function canonicalHost(host: string): string | null {
  const trimmed = host.trim();
  // Only a bare IPv6 address holds a colon (a port or scheme makes the URL below fail).
  const bracketed = trimmed.includes(":") && !trimmed.startsWith("[") ? `[${trimmed}]` : trimmed;
  let hostname: string;
  try {
    const url = new URL(`http://${bracketed}/`);
    if (url.host !== url.hostname || url.username || url.password || url.pathname !== "/") return null;
    hostname = url.hostname;
  } catch {
    return null;
  }
  return hostname.replace(/^\[|\]$/g, "").replace(/\.$/, "");
}

/**
 * An exclude entry as it is compared: `example.org`, `.example.org` and `*.example.org` all mean
 * the domain and everything below it; an IP address means just that address. Null when it is not
 * a host name or address (a URL, a port, a path).
 */
export function exclusionHost(entry: string): string | null {
  const bare = entry
    .trim()
    .replace(/^\*?\./, "")
    .replace(/^\[(.*)\]$/, "$1");
  if (bare.includes(":")) return canonicalHost(bare);
  if (bare === "" || /[/:@?#[\]\s]/.test(bare)) return null;
  return canonicalHost(bare);
}

function isLocalHost(host: string): boolean {
  const address = isLocalAddress(host);
  if (address !== null) return address;
  return !host.includes(".") || LOCAL_SUFFIXES.some((suffix) => host.endsWith(suffix));
}

/** Whether a request to `host` skips the proxy: an exclude entry covers it, or it is local and bypassLocal is on. */
export function goesDirect(host: string, settings: ProxySettings): boolean {
  const canonical = canonicalHost(host);
  if (canonical === null) return false;
  for (const entry of settings.exclude) {
    const excluded = exclusionHost(entry);
    if (excluded !== null && (canonical === excluded || canonical.endsWith(`.${excluded}`))) return true;
  }
  return settings.bypassLocal && isLocalHost(canonical);
}

/**
 * The fetch init addition for one request. Without a proxy configured nothing is added (Bun then
 * honours HTTP_PROXY/HTTPS_PROXY as before); with one, a request either goes through it or is
 * sent direct explicitly (`false`), so a proxy from the environment cannot catch what the
 * settings exclude. NO_PROXY is not consulted: `proxy.exclude` is this setting's own list.
 */
export function proxyInit(target: string, settings: ProxySettings): ProxyInit {
  if (!settings.url) return {};
  let host: string;
  try {
    host = new URL(target).hostname;
  } catch {
    return {};
  }
  if (goesDirect(host, settings)) return { proxy: false };
  return { proxy: { url: settings.url, respectNoProxy: false } };
}

/** `proxy 10.0.0.5:8888`: how errors name the proxy, never with its user or password. */
function proxyLabel(url: string): string {
  const parsed = new URL(url);
  const port = parsed.port || (parsed.protocol === "https:" ? "443" : "80");
  return `proxy ${parsed.hostname}:${port}`;
}

/** Why a check of `proxy.url` fails (a path, a query, a fragment), or null when it names a proxy. */
export function proxyUrlProblem(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return "expected a URL such as http://10.0.0.5:8888";
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:")
    return "expected an http:// or https:// proxy (SOCKS is not supported), e.g. http://10.0.0.5:8888";
  if (parsed.pathname !== "/" || parsed.search !== "" || parsed.hash !== "")
    return "a proxy URL is only scheme, optional user:password@, host and port, e.g. http://10.0.0.5:8888 (no path, query or #)";
  return null;
}

/** A failure of the proxy itself, named by host and port; its message never holds the URL's userinfo. */
export class ProxyError extends Error {
  override name = "ProxyError";
  /** The transport's code (`ECONNREFUSED`, `ERR_PROXY_TUNNEL`) or `407`. */
  readonly code: string | undefined;
  constructor(message: string, code: string | undefined) {
    super(message);
    this.code = code;
  }
}

const CONNECT_REASONS: Record<string, string> = {
  ECONNREFUSED: "connection refused",
  ConnectionRefused: "connection refused",
  ENOTFOUND: "host name not found",
  EAI_AGAIN: "host name lookup failed",
  ECONNRESET: "closed the connection",
  ConnectionClosed: "closed the connection",
  ETIMEDOUT: "connection timed out",
  EHOSTUNREACH: "host unreachable",
  ENETUNREACH: "network unreachable",
  FailedToOpenSocket: "cannot open a connection",
};

const LOGIN_HINT = "check the user and password in proxy.url";

function proxyFailure(e: unknown, label: string, target: string): unknown {
  if (!(e instanceof Error) || e.name === "AbortError" || e.name === "TimeoutError") return e;
  const code = (e as { code?: unknown }).code;
  const codeText = typeof code === "string" ? code : undefined;
  if (codeText === "ERR_PROXY_TUNNEL") {
    const { status, statusText } = e as { status?: number; statusText?: string };
    const answer = `HTTP ${status ?? "?"}${statusText ? ` ${statusText}` : ""}`;
    const hint = status === 407 ? `; ${LOGIN_HINT}` : "";
    return new ProxyError(
      `${label}: refused the tunnel to ${new URL(target).host} (${answer})${hint}`,
      codeText,
    );
  }
  const reason = codeText === undefined ? undefined : CONNECT_REASONS[codeText];
  if (reason) return new ProxyError(`${label}: ${reason}`, codeText);
  return new ProxyError(`through ${label}: ${e.message}`, codeText);
}

/**
 * `base` (Bun's fetch) with each request routed as `proxyInit` decides. `config.proxy` is read anew
 * per request: a reload copies new values into the running config object, so the next request
 * follows them. A proxy that cannot be reached or asks for a login (407) fails the request with a
 * ProxyError naming the proxy by host and port.
 */
export function proxied(
  config: { readonly proxy: ProxySettings },
  base: FetchLike = (url, init) => fetch(url, init),
): FetchLike {
  return async (url, init) => {
    const current = config.proxy;
    const route = proxyInit(url, current);
    if (!route.proxy)
      return base(url, route.proxy === false ? ({ ...init, proxy: false } as RequestInit) : init);
    const label = proxyLabel(current.url!);
    let response: Response;
    try {
      response = await base(url, { ...init, proxy: route.proxy } as RequestInit);
    } catch (e) {
      throw proxyFailure(e, label, url);
    }
    // An http:// target is asked of the proxy directly, so its 407 arrives as an answer.
    if (response.status === 407) {
      await response.body?.cancel().catch(() => {});
      throw new ProxyError(`${label}: asks for a login (HTTP 407); ${LOGIN_HINT}`, "407");
    }
    return response;
  };
}
