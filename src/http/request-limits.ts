import { PROBLEM_TYPE, problemBody } from "./problem.ts";

/** Longest request target the app reads; beyond it the answer is 414. */
export const MAX_URL_LENGTH = 8 * 1024;
/**
 * The largest body a route reads (413 past it): room for Sonarr's biggest webhooks (a rename of a
 * long-running daily show) and Plex's multipart ones with a thumbnail. An upload has its own cap.
 */
export const MAX_BODY_BYTES = 16 * 1024 * 1024;
/** All header lines together (with the request line); beyond it the answer is 431. */
export const MAX_HEADER_BYTES = 16 * 1024;
/**
 * Bun's own parser limit. Past it Bun answers a bare 431 before any handler runs, so it is set
 * well above ours: oversized requests up to it get a problem+json answer from `checkRequestSize`.
 */
const PARSER_HEADER_LIMIT = 256 * 1024;

export function raiseParserHeaderLimit(): void {
  // Node's typings call it a constant; Bun reads it when it parses each request. Required here, when a
  // server starts: the module costs ~50 ms that a CLI command would otherwise pay at load.
  const settings = require("node:http") as { maxHeaderSize: number };
  if (settings.maxHeaderSize < PARSER_HEADER_LIMIT) settings.maxHeaderSize = PARSER_HEADER_LIMIT;
}

function problem(status: number, detail: string, instance: string): Response {
  return new Response(JSON.stringify(problemBody(status, detail, { instance })), {
    status,
    headers: { "Content-Type": PROBLEM_TYPE, Connection: "close" },
  });
}

/** A problem+json answer for a request too large to route, or null for one the app may read. */
export function checkRequestSize(request: Request): Response | null {
  const { url } = request;
  // The path only, cut short: the query string may carry the API key.
  const pathStart = url.indexOf("/", url.indexOf("//") + 2);
  const instance = (pathStart < 0 ? "/" : url.slice(pathStart).split("?")[0]!).slice(0, 100);
  if (url.length > MAX_URL_LENGTH)
    return problem(
      414,
      `The URL is ${url.length} characters long; at most ${MAX_URL_LENGTH} are accepted`,
      instance,
    );
  let bytes = url.length;
  for (const [name, value] of request.headers) bytes += name.length + value.length + 4;
  if (bytes > MAX_HEADER_BYTES)
    return problem(
      431,
      `The request headers take ${bytes} bytes; at most ${MAX_HEADER_BYTES} are accepted`,
      instance,
    );
  return null;
}
