import { basename, extname } from "node:path";
import type { Clock } from "../clock.ts";
import type { DbHandle } from "../db/client.ts";
import type { Logger } from "../log.ts";
import { inSubtitleLocation } from "../media/subtitle-folders.ts";
import { nodeSaveFileSystem, type SaveFileSystem, saveSubtitle } from "../subtitles/save.ts";
import {
  lastWrittenAt,
  recordSavedSubtitle,
  type SavedSubtitleEntry,
  savedSubtitleById,
} from "../wanted/history-store.ts";
import { wantedRecord } from "../wanted/store/index.ts";
import { isTimedFormat } from "./cue-times.ts";
import { applyFixes, type SubtitleFixes } from "./fixes/apply-fixes.ts";
import { keepOriginal, readOriginal } from "./kept-originals.ts";
import {
  finishSync,
  getSync,
  insertSync,
  interruptRunningSyncs,
  markSyncRestored,
  type SyncRecord,
  setSyncPhase,
} from "./sync-store.ts";
import { type SyncEngineOptions, type SyncReference, syncSubtitle } from "./sync-subtitle.ts";

/** What the API asks to align to; a sidecar must be another subtitle of the same video. */
export type ReferenceRequest =
  | { kind: "audio"; audioStream?: number }
  | { kind: "embedded"; streamIndex: number }
  | { kind: "sidecar"; path: string };

export interface SyncServiceDeps {
  db: DbHandle;
  clock: Clock;
  log: Logger;
  dataDir: string;
  engine: SyncEngineOptions;
  fileSystem?: SaveFileSystem;
}

export type Refusal = { ok: false; status: 400 | 404 | 409; detail: string };

const MAX_SUBTITLE_BYTES = 20 * 1024 * 1024;

/**
 * On-demand syncs of subtitles Subhound saved: one at a time, each a recorded run with a phase.
 * A file is rewritten (atomically) only while its bytes are still what Subhound last wrote there;
 * the bytes it replaces are kept for restore, and both steps are recorded in the history.
 */
export function createSyncService(deps: SyncServiceDeps) {
  const { clock, log } = deps;
  const { db, sqlite } = deps.db;
  const fileSystem = deps.fileSystem ?? nodeSaveFileSystem;
  const now = () => clock.now().toISOString();
  const controllers = new Map<number, AbortController>();
  const busyPaths = new Set<string>();
  let queue: Promise<unknown> = Promise.resolve();
  let closed = false;
  interruptRunningSyncs(db, now());

  /** The file's bytes when they are provably Subhound's, else why it must be left alone. */
  async function ownedBytes(path: string): Promise<{ ok: true; bytes: Uint8Array } | Refusal> {
    const written = lastWrittenAt(db, path);
    const file = Bun.file(path);
    const size = await file.stat().then(
      (s) => (s.isFile() ? s.size : -1),
      () => null,
    );
    if (size === null) return { ok: false, status: 409, detail: `${path} is gone` };
    if (size < 0 || size > MAX_SUBTITLE_BYTES)
      return { ok: false, status: 409, detail: `${path} is not a subtitle file Subhound can read` };
    // Bun.file: our own subtitle, its size checked just above.
    const bytes = await Bun.file(path).bytes();
    const hash = new Bun.CryptoHasher("sha256").update(bytes).digest("hex");
    if (!written || written.sha256 !== hash)
      return {
        ok: false,
        status: 409,
        detail: `${path} was changed since Subhound wrote it: it is the user's now and is never rewritten`,
      };
    return { ok: true, bytes };
  }

  async function resolveReference(
    entry: SavedSubtitleEntry & { videoPath: string },
    request: ReferenceRequest,
  ): Promise<{ ok: true; reference: SyncReference } | Refusal> {
    if (request.kind !== "sidecar") return { ok: true, reference: request };
    const videoBase = basename(entry.videoPath, extname(entry.videoPath));
    const format = extname(request.path).slice(1).toLowerCase();
    if (
      !inSubtitleLocation(entry.videoPath, request.path) ||
      !basename(request.path).startsWith(`${videoBase}.`) ||
      request.path === entry.path ||
      !isTimedFormat(format)
    )
      return {
        ok: false,
        status: 400,
        detail:
          "the reference must be another SRT, VTT, ASS or SSA subtitle of the same video, next to it or in its Subs folder",
      };
    const bytes = await Bun.file(request.path)
      .bytes()
      .catch(() => null);
    if (!bytes || bytes.byteLength > MAX_SUBTITLE_BYTES)
      return { ok: false, status: 400, detail: `cannot read the reference ${request.path}` };
    return { ok: true, reference: { kind: "subtitle", text: new TextDecoder().decode(bytes), format } };
  }

  async function run(
    record: SyncRecord,
    entry: SavedSubtitleEntry & { videoPath: string },
    reference: SyncReference,
  ) {
    const controller = controllers.get(record.id) ?? new AbortController();
    controllers.set(record.id, controller);
    try {
      const owned = await ownedBytes(entry.path);
      if (!owned.ok) return finish(record.id, { status: "failed", outcome: null, reason: owned.detail });
      const outcome = await syncSubtitle(
        {
          videoPath: entry.videoPath,
          text: new TextDecoder().decode(owned.bytes),
          format: entry.format,
          reference,
          signal: controller.signal,
          onPhase: (phase) => setSyncPhase(db, record.id, phase),
        },
        deps.engine,
      );
      if (outcome.status === "failed") {
        const cancelled = controller.signal.aborted;
        return finish(record.id, {
          status: cancelled ? "cancelled" : "failed",
          outcome: null,
          reason: outcome.reason,
        });
      }
      const measured = {
        offsetMs: Math.round(outcome.alignment.offsetMs),
        ratio: outcome.alignment.ratio,
        ratioLabel: outcome.alignment.ratioLabel,
        confidence: outcome.confidence,
      };
      if (outcome.status === "unchanged")
        return finish(record.id, {
          status: "succeeded",
          outcome: "unchanged",
          reason: outcome.detail,
          ...measured,
        });
      setSyncPhase(db, record.id, "saving");
      const originalSha256 = await keepOriginal(deps.dataDir, owned.bytes);
      const saved = await write(entry, new TextEncoder().encode(outcome.text), "synced");
      if (!saved.ok)
        return finish(record.id, { status: "failed", outcome: null, reason: saved.detail, ...measured });
      finish(record.id, {
        status: "succeeded",
        outcome: "synced",
        reason: `moved by up to ${Math.round(outcome.displacementMs)} ms (${outcome.method})`,
        ...measured,
        originalSha256,
        resultHistoryId: saved.historyId,
      });
    } catch (error) {
      log.error("subtitle sync failed", { id: record.id, error });
      finish(record.id, {
        status: "failed",
        outcome: null,
        reason: `unexpected error: ${(error as Error).message}`,
      });
    } finally {
      controllers.delete(record.id);
      busyPaths.delete(entry.path);
    }
  }

  function finish(id: number, f: Omit<Parameters<typeof finishSync>[2], "finishedAt">): void {
    finishSync(db, id, { ...f, finishedAt: now() });
  }

  /** Saves over our own file (never a user's) and records it in the history. */
  async function write(
    entry: SavedSubtitleEntry & { videoPath: string },
    content: Uint8Array,
    action: "synced" | "fixed" | "restored",
  ): Promise<{ ok: true; historyId: number } | { ok: false; detail: string }> {
    const saved = await saveSubtitle(
      {
        videoPath: entry.videoPath,
        targetPath: entry.path,
        content,
        writtenByUs: (p) => lastWrittenAt(db, p),
      },
      fileSystem,
    );
    if (!saved.ok) return { ok: false, detail: `not saved (${saved.reason}): ${saved.detail}` };
    const { id: _id, videoPath: _video, ...fields } = entry;
    const historyId = recordSavedSubtitle(db, {
      ...fields,
      sha256: saved.sha256,
      size: saved.size,
      action,
      createdAt: now(),
    });
    return { ok: true, historyId };
  }

  function entryWithVideo(
    historyId: number,
  ): { ok: true; entry: SavedSubtitleEntry & { videoPath: string } } | Refusal {
    const saved = savedSubtitleById(db, historyId);
    if (!saved) return { ok: false, status: 404, detail: `no history entry ${historyId}` };
    const item = saved.wantedItemId === null ? null : wantedRecord({ sqlite }, saved.wantedItemId);
    const entry = { ...saved, videoPath: item?.file.path ?? null };
    if (!entry.videoPath)
      return {
        ok: false,
        status: 409,
        detail: `the video of history entry ${historyId} is no longer in the library`,
      };
    if (!inSubtitleLocation(entry.videoPath, entry.path))
      return { ok: false, status: 409, detail: `${entry.path} is not next to its video` };
    return { ok: true, entry: { ...entry, videoPath: entry.videoPath } };
  }

  return {
    /**
     * Checks the request and queues the sync; the record comes back at once (status running, phase
     * queued) and `done` settles with the finished record.
     */
    async start(
      historyId: number,
      request: ReferenceRequest,
    ): Promise<{ ok: true; record: SyncRecord; done: Promise<SyncRecord> } | Refusal> {
      if (closed) return { ok: false, status: 409, detail: "the server is shutting down" };
      const found = entryWithVideo(historyId);
      if (!found.ok) return found;
      const { entry } = found;
      if (!isTimedFormat(entry.format))
        return {
          ok: false,
          status: 409,
          detail: `${entry.format} subtitles cannot be synced (srt, vtt, ass and ssa can)`,
        };
      if (busyPaths.has(entry.path))
        return { ok: false, status: 409, detail: `${entry.path} is being synced already` };
      const owned = await ownedBytes(entry.path);
      if (!owned.ok) return owned;
      const reference = await resolveReference(entry, request);
      if (!reference.ok) return reference;
      busyPaths.add(entry.path);
      const record = insertSync(db, {
        historyId,
        path: entry.path,
        method: reference.reference.kind === "audio" ? "audio" : "reference",
        reference: request,
        startedAt: now(),
      });
      const done = queue
        .then(() => run(record, entry, reference.reference))
        .then(() => getSync(db, record.id)!);
      queue = done.catch(() => undefined);
      return { ok: true, record, done };
    },

    /**
     * Applies subtitle fixes now (they take milliseconds), under the same rules as a sync: only a file
     * that is still Subhound's, the original kept for restore, recorded as a sync with method `fixes`.
     */
    async fix(historyId: number, fixes: SubtitleFixes): Promise<{ ok: true; record: SyncRecord } | Refusal> {
      const found = entryWithVideo(historyId);
      if (!found.ok) return found;
      const { entry } = found;
      if (!isTimedFormat(entry.format))
        return {
          ok: false,
          status: 409,
          detail: `${entry.format} subtitles cannot be fixed (srt, vtt, ass and ssa can)`,
        };
      if (busyPaths.has(entry.path))
        return { ok: false, status: 409, detail: `${entry.path} is being synced` };
      const owned = await ownedBytes(entry.path);
      if (!owned.ok) return owned;
      const text = new TextDecoder().decode(owned.bytes);
      const fixed = applyFixes(text, entry.format, fixes);
      const record = insertSync(db, {
        historyId,
        path: entry.path,
        method: "fixes",
        reference: fixes,
        startedAt: now(),
      });
      const timing = {
        offsetMs: fixes.shiftMs ?? null,
        ratio: fixes.framerate ? fixes.framerate.from / fixes.framerate.to : null,
        ratioLabel: fixes.framerate ? `${fixes.framerate.from}/${fixes.framerate.to}` : null,
      };
      if (fixed === text) {
        finish(record.id, { status: "succeeded", outcome: "unchanged", reason: "nothing to fix", ...timing });
        return { ok: true, record: getSync(db, record.id)! };
      }
      busyPaths.add(entry.path);
      try {
        const originalSha256 = await keepOriginal(deps.dataDir, owned.bytes);
        const saved = await write(entry, new TextEncoder().encode(fixed), "fixed");
        if (!saved.ok) {
          finish(record.id, { status: "failed", outcome: null, reason: saved.detail, ...timing });
          return { ok: false, status: 409, detail: saved.detail };
        }
        finish(record.id, {
          status: "succeeded",
          outcome: "fixed",
          reason: null,
          ...timing,
          originalSha256,
          resultHistoryId: saved.historyId,
        });
      } finally {
        busyPaths.delete(entry.path);
      }
      return { ok: true, record: getSync(db, record.id)! };
    },

    /** Stops a queued or running sync; false when it is not running. */
    cancel(id: number): boolean {
      const controller = controllers.get(id);
      if (controller) {
        controller.abort();
        return true;
      }
      const record = getSync(db, id);
      if (record?.status !== "running") return false;
      // Still queued: it will find its signal aborted as soon as it starts.
      const queued = new AbortController();
      queued.abort();
      controllers.set(id, queued);
      return true;
    },

    /** Puts back the bytes a sync replaced, if the file there is still Subhound's. */
    async restore(id: number): Promise<{ ok: true; record: SyncRecord } | Refusal> {
      const record = getSync(db, id);
      if (!record) return { ok: false, status: 404, detail: `no sync ${id}` };
      if ((record.outcome !== "synced" && record.outcome !== "fixed") || !record.originalSha256)
        return {
          ok: false,
          status: 409,
          detail: `sync ${id} changed nothing, so there is nothing to restore`,
        };
      if (record.restoredAt) return { ok: false, status: 409, detail: `sync ${id} was restored already` };
      const found = entryWithVideo(record.historyId);
      if (!found.ok) return found;
      if (busyPaths.has(record.path))
        return { ok: false, status: 409, detail: `${record.path} is being synced` };
      const owned = await ownedBytes(record.path);
      if (!owned.ok) return owned;
      const original = await readOriginal(deps.dataDir, record.originalSha256);
      if (!original)
        return { ok: false, status: 409, detail: `the original kept for sync ${id} is missing or damaged` };
      const saved = await write({ ...found.entry, path: record.path }, original, "restored");
      if (!saved.ok) return { ok: false, status: 409, detail: saved.detail };
      markSyncRestored(db, id, saved.historyId, now());
      return { ok: true, record: getSync(db, id)! };
    },

    /** Aborts every sync in flight and resolves once none is left writing (shutdown, before the DB closes). */
    close(): Promise<void> {
      closed = true;
      for (const controller of controllers.values()) controller.abort();
      return queue.then(() => undefined);
    },
  };
}

export type SyncService = ReturnType<typeof createSyncService>;
