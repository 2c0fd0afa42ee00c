import type { Clock } from "../clock.ts";
import type { Db } from "../db/client.ts";
import type { Logger } from "../log.ts";
import type { SubtitleStream } from "../media/types.ts";
import type { Profile } from "../profiles/profile.ts";
import type { AfterDownload, FixedDownload } from "../wanted/subtitle-writer.ts";
import { isTimedFormat } from "./cue-times.ts";
import { applyFixes, type SubtitleFixes } from "./fixes/apply-fixes.ts";
import { keepOriginal } from "./kept-originals.ts";
import type { ReferenceRequest, SyncService } from "./sync-service.ts";
import { finishSync, insertSync } from "./sync-store.ts";

export interface AfterDownloadDeps {
  db: Db;
  clock: Clock;
  log: Logger;
  dataDir: string;
  sync: Pick<SyncService, "start">;
}

/** A subtitle about to be saved, and what the profile asks of it. */
export interface DownloadedText {
  text: string;
  format: string;
  /** The wanted subtitle is hearing-impaired: its annotations are what was asked for. */
  hearingImpairedWanted: boolean;
}

/**
 * The profile's after-download work, around the save: fixes on the validated text before it is written,
 * then (once the history has the file) the unfixed original kept for restore and a sync queued on the
 * sync service, which keeps the synced-over original and records offset, ratio and confidence. Nothing
 * here can fail a download: errors are logged and recorded, never thrown.
 */
export function createAfterDownload(deps: AfterDownloadDeps): AfterDownload {
  const { db, clock, log } = deps;
  const now = () => clock.now().toISOString();

  function fixesFor(profile: Profile, hearingImpairedWanted: boolean): SubtitleFixes | null {
    const fixes: SubtitleFixes = {};
    for (const name of profile.fixes) {
      if (name === "removeHearingImpaired" && hearingImpairedWanted) continue;
      fixes[name] = true;
    }
    return Object.keys(fixes).length > 0 ? fixes : null;
  }

  return {
    fix(subtitle: DownloadedText, profile: Profile): FixedDownload {
      const fixes = fixesFor(profile, subtitle.hearingImpairedWanted);
      if (!fixes || !isTimedFormat(subtitle.format)) return { text: subtitle.text, applied: null };
      const fixed = applyFixes(subtitle.text, subtitle.format, fixes);
      return fixed === subtitle.text ? { text: fixed, applied: null } : { text: fixed, applied: fixes };
    },

    /**
     * After the file is saved and recorded as history entry `historyId`: keeps the unfixed text for
     * restore when fixes changed it, then queues a sync when the profile asks for one. Resolves once the
     * sync is queued (not done); `done` settles when it has finished.
     */
    async saved(args: Parameters<AfterDownload["saved"]>[0]): Promise<{ done: Promise<unknown> }> {
      const settled = { done: Promise.resolve() as Promise<unknown> };
      try {
        if (args.fixed.applied)
          await recordFixes(args.historyId, args.path, args.unfixedText, args.fixed.applied);
      } catch (error) {
        log.warn("could not keep the unfixed original of a downloaded subtitle", {
          path: args.path,
          error: (error as Error).message,
        });
      }
      if (!args.profile.syncAfterDownload || args.transcribed || !isTimedFormat(args.format)) return settled;
      try {
        const reference = referenceFor(args.streams);
        const started = await deps.sync.start(args.historyId, reference);
        if (!started.ok) {
          log.info("no sync after download", { path: args.path, reason: started.detail });
          return settled;
        }
        // An embedded stream ffmpeg cannot read as text still leaves the audio to align to.
        const done = started.done.then(async (record) => {
          if (reference.kind !== "embedded" || record.status !== "failed") return record;
          const again = await deps.sync.start(args.historyId, { kind: "audio" });
          return again.ok ? again.done : record;
        });
        return { done: done.catch(() => undefined) };
      } catch (error) {
        log.warn("sync after download not started", { path: args.path, error: (error as Error).message });
        return settled;
      }
    },
  };

  /** A finished `fixes` record: the original kept, so restore can put the downloaded text back. */
  async function recordFixes(historyId: number, path: string, unfixed: string, fixes: SubtitleFixes) {
    const originalSha256 = await keepOriginal(deps.dataDir, new TextEncoder().encode(unfixed));
    const record = insertSync(db, {
      historyId,
      path,
      method: "fixes",
      reference: { ...fixes, afterDownload: true },
      startedAt: now(),
    });
    finishSync(db, record.id, {
      status: "succeeded",
      outcome: "fixed",
      reason: "applied after the download, before saving",
      originalSha256,
      resultHistoryId: historyId,
      finishedAt: now(),
    });
  }
}

/** Titles of partial tracks (signs, songs, forced) that releases often leave unflagged. */
const PARTIAL_TITLE = /\b(?:signs?|songs?|forced|karaoke)\b/i;
const FULL_TITLE = /\b(?:full|dialog(?:ue)?)\b/i;
const partial = (title: string | null) => PARTIAL_TITLE.test(title ?? "") && !FULL_TITLE.test(title ?? "");

/**
 * The first full text stream in the container, else the first audio stream. A forced or signs-and-songs
 * track holds a few cues, which match a full subtitle too weakly to sync it.
 */
export function referenceFor(streams: SubtitleStream[]): ReferenceRequest {
  // ffmpeg's `0:s:N` counts subtitle streams in container order.
  const n = [...streams]
    .sort((a, b) => a.index - b.index)
    .findIndex((s) => s.textBased && !s.forced && !partial(s.title));
  return n >= 0 ? { kind: "embedded", streamIndex: n } : { kind: "audio" };
}
