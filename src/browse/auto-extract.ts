import type { Config } from "../config/schema.ts";
import type { DbHandle } from "../db/client.ts";
import { createYielder } from "../event-loop.ts";
import type { Logger } from "../log.ts";
import type { SubtitleStream } from "../media/types.ts";
import { profileSet } from "../profiles/profile.ts";
import { extractionPlan } from "../wanted/decide.ts";
import { fileContext, readStoredMedia } from "../wanted/file-facts.ts";
import { createProfileResolver } from "../wanted/profile-resolver.ts";
import { loadOverrides } from "../wanted/profile-store.ts";
import { filesWithTextStreams, type LibraryFileRow } from "../wanted/store/index.ts";
import { EXTRACTABLE, type Extractor } from "./extract-embedded.ts";

export interface AutoExtractSummary {
  files: number;
  extracted: number;
  /**
   * Refused (a user's file holds the name, a timeout…) or failed; the next scan tries again, except
   * a stream refused for what it holds (see `refused` in createAutoExtractor).
   */
  failed: number;
  /**
   * Why the pass stopped early (ffmpeg missing), or null. One file's failure (a timeout, a folder
   * it cannot write to) is that file's alone: the pass goes on to the next.
   */
  stopped: string | null;
}

export interface AutoExtractDeps {
  db: DbHandle;
  config: Pick<Config, "languages" | "profile" | "profiles" | "profileTags" | "translation">;
  log: Logger;
  extract: Extractor;
}

const PAGE = 200;
const canExtract = (codec: string) => codec in EXTRACTABLE;

/**
 * After a scan, for profiles with `extractEmbedded`: every embedded text stream that satisfies a
 * wanted language no sidecar covers is written beside its video as Subhound's sidecar (the same
 * path as the extract API: ffmpeg as a child process, validated, recorded, never over a user's
 * file). One file at a time, reading the scan's files in pages with the event loop handed back
 * between them; passes run one after another, never two at once. Stopping kills the ffmpeg at work.
 */
export function createAutoExtractor(deps: AutoExtractDeps) {
  let chain: Promise<unknown> = Promise.resolve();
  let stopping = false;
  const shutdown = new AbortController();
  /**
   * Streams refused for what they hold (422: blank cues, text that is not UTF-8, larger than a
   * subtitle may be, ffmpeg cannot decode it), per file as it was then. Each scan would otherwise
   * have ffmpeg read the whole video again (tens of GB for a remux) to be refused the same way, and
   * another track of that language would never get its turn. Tried again once the file changes,
   * or after a restart.
   */
  const refused = new Map<number, { stamp: string; streams: Set<number> }>();
  const stampOf = (file: LibraryFileRow, streams: readonly SubtitleStream[]) =>
    JSON.stringify([file.path, file.arrFileId, file.size, file.mtimeMs, streams]);
  const refusedStreams = (file: LibraryFileRow, stamp: string) => {
    const known = refused.get(file.id);
    if (known?.stamp === stamp) return known.streams;
    refused.delete(file.id);
    return null;
  };
  const remember = (file: LibraryFileRow, stamp: string, streamIndex: number) => {
    const streams = refusedStreams(file, stamp) ?? new Set<number>();
    streams.add(streamIndex);
    refused.set(file.id, { stamp, streams });
  };

  function anyProfileExtracts(): boolean {
    const set = profileSet(deps.config);
    if (set.default.extractEmbedded || [...set.named.values()].some((p) => p.extractEmbedded)) return true;
    for (const override of loadOverrides(deps.db.db).values()) if (override.extractEmbedded) return true;
    return false;
  }

  async function pass(scanId: number): Promise<AutoExtractSummary> {
    const summary: AutoExtractSummary = { files: 0, extracted: 0, failed: 0, stopped: null };
    if (!anyProfileExtracts()) return summary;
    const profileOf = createProfileResolver(deps.db.db, profileSet(deps.config));
    const pause = createYielder();
    for (let after = 0; !stopping && summary.stopped === null; ) {
      await pause();
      const page = filesWithTextStreams(deps.db.db, scanId, after, PAGE);
      for (const file of page) {
        if (stopping || summary.stopped !== null) break;
        await pause();
        const stored = readStoredMedia(file.subtitlesJson);
        const profile = profileOf({
          source: file.source,
          instance: file.instance,
          seriesId: file.seriesId,
          movieId: file.movieId,
          tags: stored.library?.tags ?? [],
        });
        const context = fileContext(file.season, stored.library, stored.probedAudio);
        const stamp = stampOf(file, stored.streams);
        const skipped = refusedStreams(file, stamp);
        const streams = skipped ? stored.streams.filter((s) => !skipped.has(s.index)) : stored.streams;
        const plan = extractionPlan(profile, stored.sidecars, streams, context, canExtract);
        if (plan.length > 0) summary.files++;
        for (const step of plan) {
          const outcome = await deps.extract({
            fileId: file.id,
            streamIndex: step.streamIndex,
            language: step.language,
            forced: step.variant === "forced",
            signal: shutdown.signal,
          });
          if (outcome.ok) {
            summary.extracted++;
            continue;
          }
          if (stopping) break;
          summary.failed++;
          if (outcome.status === 422) remember(file, stamp, step.streamIndex);
          if (outcome.ffmpegMissing) {
            summary.stopped = outcome.detail;
            break;
          }
          deps.log.warn("embedded stream not extracted", {
            path: file.path,
            ...step,
            reason: outcome.detail,
            triedAgain: outcome.status === 422 ? "once the file changes" : "at the next scan",
          });
        }
      }
      if (page.length < PAGE) break;
      after = page[page.length - 1]!.id;
    }
    if (summary.extracted + summary.failed > 0 || summary.stopped !== null)
      deps.log.info("embedded streams extracted after the scan", { scanId, ...summary });
    return summary;
  }

  return {
    /** Queues a pass over the files scan `scanId` saw; resolves with its summary. */
    afterScan(scanId: number): Promise<AutoExtractSummary> {
      const run = chain.then(() => pass(scanId));
      chain = run.catch((error: unknown) => deps.log.error("automatic extraction failed", { scanId, error }));
      return run;
    },
    /** Stops at once (the ffmpeg at work is killed, nothing is written); resolves once nothing runs. */
    async stop(): Promise<void> {
      stopping = true;
      // A video of tens of GB keeps ffmpeg reading for minutes: a shutdown must not wait for it.
      shutdown.abort();
      await chain;
    },
  };
}

export type AutoExtractor = ReturnType<typeof createAutoExtractor>;
