import { BODY_CAPS } from "../net/capped-body.ts";
import { bodyDetail, exchange, type ResolvedDeps } from "../net/remote.ts";
import type { MediaServerError, MediaServerType } from "./types.ts";

export interface ServerTarget {
  type: MediaServerType;
  name: string;
  /** Base URL without a trailing slash. */
  base: string;
  timeoutMs: number;
  headers: Record<string, string>;
  scrub: (s: string) => string;
}

export type ServerResponse =
  | { ok: true; status: number; text: string }
  | { ok: false; error: MediaServerError };

function reasonFor(status: number, detail: string): string {
  const base =
    status === 401
      ? "API key rejected"
      : status === 403
        ? "access forbidden"
        : status === 404
          ? "not found"
          : status >= 500
            ? "server error"
            : "request rejected";
  return detail === "" ? `${base} (HTTP ${status})` : `${base} (HTTP ${status}): ${detail}`;
}

/** One request to a media server; any 2xx is success, everything else a typed error. */
export async function serverRequest(
  deps: ResolvedDeps,
  target: ServerTarget,
  method: string,
  path: string,
  options: { body?: unknown; signal?: AbortSignal } = {},
): Promise<ServerResponse> {
  const headers: Record<string, string> = { ...target.headers, "User-Agent": deps.userAgent };
  let body: string | undefined;
  if (options.body !== undefined) {
    headers["Content-Type"] = "application/json";
    body = JSON.stringify(options.body);
  }
  const result = await exchange(
    deps,
    `${target.base}${path}`,
    { method, headers, body },
    { timeoutMs: target.timeoutMs, signal: options.signal, maxBytes: BODY_CAPS.mediaServer },
  );
  const fail = (kind: MediaServerError["kind"], status: number | null, reason: string): ServerResponse => ({
    ok: false,
    error: {
      kind,
      server: target.name,
      status,
      message: target.scrub(`${target.type} "${target.name}": ${method} ${path} failed: ${reason}`),
    },
  });
  if (!result.ok) return fail(result.kind, null, result.reason);
  if (result.status >= 200 && result.status < 300)
    return { ok: true, status: result.status, text: result.text };
  const reason = reasonFor(result.status, bodyDetail(result.text));
  return fail(result.status === 401 || result.status === 403 ? "auth" : "http", result.status, reason);
}
