import { readCappedText } from "../net/capped-body.ts";
import type { ScanProgress } from "../wanted/scanner.ts";
import type { SearchRunProgress } from "../wanted/search.ts";
import type { Out } from "./scan.ts";

/** The server that owns the data dir, reached through its API instead of opening the database beside it. */
export interface RemoteServer {
  url: string;
  apiKey: string;
  /** Between status polls; tests shorten it. */
  pollMs?: number;
}

const POLL_MS = 500;
const REQUEST_TIMEOUT_MS = 10_000;

type Answer = { ok: true; status: number; body: unknown } | { ok: false; error: string };

/** A scan or search run's status, problem+json included, is far smaller. */
const ANSWER_CAP = 4 * 1024 * 1024;

async function call(server: RemoteServer, method: string, path: string, body?: unknown): Promise<Answer> {
  try {
    const res = await fetch(`${server.url}/api/v1${path}`, {
      method,
      headers: {
        "X-Api-Key": server.apiKey,
        ...(body === undefined ? {} : { "Content-Type": "application/json" }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    // Our own server, but still a remote: a run's progress is a few KiB.
    const text = await readCappedText(res, ANSWER_CAP);
    let parsed: unknown = null;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = text;
    }
    return { ok: true, status: res.status, body: parsed };
  } catch (e) {
    return { ok: false, error: (e as Error).message };
  }
}

function problemDetail(answer: Answer): string {
  if (!answer.ok) return answer.error;
  const body = answer.body as { detail?: string; title?: string } | null;
  return `HTTP ${answer.status}${body?.detail ? `: ${body.detail}` : body?.title ? `: ${body.title}` : ""}`;
}

/**
 * Starts a run on the server, follows it until it ends (cancelling it on SIGINT/SIGTERM), and
 * returns its final progress, or an error message when the server could not be asked.
 */
async function follow<P extends { status: string }>(
  server: RemoteServer,
  start: { path: string; body: unknown; idOf: (started: unknown) => number },
  status: { path: string; idOf: (progress: P) => number },
  cancelPath: string,
  onProgress?: (progress: P) => void,
): Promise<{ ok: true; progress: P } | { ok: false; error: string }> {
  const started = await call(server, "POST", start.path, start.body);
  if (!started.ok || started.status !== 202) return { ok: false, error: problemDetail(started) };
  const id = start.idOf(started.body);
  let cancelled = false;
  const onSignal = () => {
    cancelled = true;
    void call(server, "POST", cancelPath);
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    for (;;) {
      const answer = await call(server, "GET", status.path);
      if (!answer.ok || answer.status !== 200) return { ok: false, error: problemDetail(answer) };
      const progress = answer.body as P;
      const shown = status.idOf(progress);
      if (shown === id) {
        onProgress?.(progress);
        if (progress.status !== "running") return { ok: true, progress };
      } else if (shown > id && progress.status !== "running") {
        // The server shows a running run first; a newer finished one means ours ended unseen.
        return {
          ok: false,
          error: `run ${id} ended while a newer one ran; the server's history has its result`,
        };
      }
      const every = server.pollMs ?? POLL_MS;
      await new Promise((r) => setTimeout(r, cancelled ? every / 5 : every));
    }
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}

export function remoteScan(
  server: RemoteServer,
  request: { full?: boolean; forceRemoval?: boolean; path?: string },
  onProgress?: (p: ScanProgress) => void,
) {
  return follow<ScanProgress>(
    server,
    { path: "/wanted/scan", body: request, idOf: (b) => (b as { scanId: number }).scanId },
    { path: "/wanted/scan", idOf: (p) => p.scanId },
    "/wanted/scan/cancel",
    onProgress,
  );
}

export function remoteSearch(
  server: RemoteServer,
  request: { ids?: number[] },
  onProgress?: (p: SearchRunProgress) => void,
) {
  return follow<SearchRunProgress>(
    server,
    { path: "/wanted/search", body: request, idOf: (b) => (b as { runId: number }).runId },
    { path: "/wanted/search", idOf: (p) => p.runId },
    "/wanted/search/cancel",
    onProgress,
  );
}

export function describeRemote(out: Out, command: "scan" | "search", message: string): void {
  out.stderr(`${message}; running the ${command} there, through its API`);
}
