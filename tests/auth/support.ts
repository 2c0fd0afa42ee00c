import type { Runtime } from "../../src/server.ts";

export const ORIGIN = "http://subhound.test";

/** A browser-like request: no API key, the cookie if given, Origin of our own pages for writes. */
export function browserRequest(
  runtime: Runtime,
  path: string,
  init: {
    method?: string;
    body?: unknown;
    cookie?: string;
    origin?: string | null;
    headers?: Record<string, string>;
  } = {},
) {
  const headers = new Headers(init.headers);
  if (init.cookie) headers.set("Cookie", init.cookie);
  const method = init.method ?? "GET";
  const origin = init.origin === undefined ? ORIGIN : init.origin;
  if (method !== "GET" && origin !== null) headers.set("Origin", origin);
  if (init.body !== undefined) headers.set("Content-Type", "application/json");
  return runtime.app.fetch(
    new Request(`${ORIGIN}${path}`, {
      method,
      headers,
      ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
    }),
  );
}

/** `name=value` of the session cookie a response set, for the next request's Cookie header. */
export function sessionCookie(res: Response): string {
  const header = res.headers.get("set-cookie") ?? "";
  const match = /subhound_session=([^;]*)/.exec(header);
  if (!match?.[1]) throw new Error(`no session cookie in ${JSON.stringify(header)}`);
  return `subhound_session=${match[1]}`;
}
