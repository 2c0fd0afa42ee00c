/**
 * Whether a browser request comes from a page of this server: the host of `Origin` (else `Referer`)
 * must equal `X-Forwarded-Host` (behind a proxy) or `Host`. Neither header present → not ours.
 */
export function isSameOrigin(request: Request): boolean {
  const headers = request.headers;
  const source = headers.get("origin") ?? headers.get("referer");
  if (!source || source === "null") return false;
  let sourceHost: string;
  try {
    sourceHost = new URL(source).host.toLowerCase();
  } catch {
    return false;
  }
  const host = (
    headers.get("x-forwarded-host")?.split(",")[0]?.trim() ??
    headers.get("host") ??
    new URL(request.url).host
  ).toLowerCase();
  return sourceHost === host;
}

/** Whether the request reached us (or the proxy in front of us) over HTTPS. */
export function cameOverHttps(request: Request): boolean {
  const proto = request.headers.get("x-forwarded-proto")?.split(",")[0]?.trim().toLowerCase();
  return proto === "https" || new URL(request.url).protocol === "https:";
}
