import type { Clock } from "../clock.ts";
import type { Db } from "../db/client.ts";
import type { SubtitleStream } from "../media/types.ts";
import type { Profile } from "../profiles/profile.ts";
import type { ProviderRegistry } from "../providers/registry.ts";
import type { ScoredCandidate } from "../providers/scoring.ts";
import type { DownloadedFile, ProviderError, ProviderErrorKind } from "../providers/types.ts";
import { absoluteEpisodesOf, readStoredMedia } from "./file-facts.ts";
import { lastWrittenAt, recordSavedSubtitle, type SavedSubtitle } from "./history-store.ts";
import type { Provenance, SaveAttempt, SubtitleTools } from "./search-types.ts";
import type { WantedRecord } from "./store/index.ts";

/**
 * What a profile asks of a download around its save (`sync/after-download.ts` implements it): `fix` on
 * the validated text before it is written, `saved` once the history holds it. Neither throws.
 */
export interface AfterDownload {
  fix(
    subtitle: { text: string; format: string; hearingImpairedWanted: boolean },
    profile: Profile,
  ): FixedDownload;
  /**
   * After the file is saved and recorded as history entry `historyId`: keeps the unfixed text for
   * restore when fixes changed it, then queues a sync when the profile asks for one.
   */
  saved(args: {
    historyId: number;
    path: string;
    format: string;
    profile: Profile;
    fixed: FixedDownload;
    unfixedText: string;
    /** The video's embedded subtitle streams (probe), a cheaper and surer reference than its audio. */
    streams: SubtitleStream[];
    /** Transcripts are timed from the audio already. */
    transcribed: boolean;
  }): Promise<unknown>;
}

/** The text to save, and the fixes that changed it (null when none did). */
export interface FixedDownload {
  text: string;
  applied: { removeHearingImpaired?: boolean } | null;
}

export interface SubtitleWriterDeps {
  db: Db;
  clock: Clock;
  registry: ProviderRegistry;
  tools: SubtitleTools;
  /** The profile's fixes and sync around each save; absent, subtitles are saved as downloaded. */
  afterDownload?: AfterDownload;
  /** The item's profile, for its after-download switches. */
  profileFor?: (item: WantedRecord) => Profile;
}

/** Download failures that say nothing about the candidate: the provider could not hand anything over. */
const PROVIDER_FAULTS: ReadonlySet<string> = new Set<ProviderErrorKind>([
  "unavailable",
  "timeout",
  "quota",
  "rate-limited",
  "auth",
]);

/** The history row of a subtitle Subhound saved for `item` (a download, a machine's work, an upgrade). */
export function savedHistoryRow(
  item: WantedRecord,
  from: Pick<Provenance, "provider" | "candidateId" | "release" | "score" | "breakdown">,
  subtitle: { format: string; encoding: string | null },
  saved: { path: string; sha256: string; size: number },
  row: Pick<SavedSubtitle, "action" | "createdAt">,
): SavedSubtitle {
  return {
    wantedItemId: item.id,
    instance: item.instance,
    title: item.file.title,
    season: item.file.season,
    episodes: JSON.parse(item.file.episodesJson) as number[],
    language: item.language,
    variant: item.variant,
    provider: from.provider,
    candidateId: from.candidateId,
    release: from.release,
    score: from.score,
    breakdown: from.breakdown,
    format: subtitle.format,
    encoding: subtitle.encoding,
    path: saved.path,
    sha256: saved.sha256,
    size: saved.size,
    ...row,
  };
}

/** Downloads and checks a candidate, saves it next to the video and records what was written. */
export function createSubtitleWriter(deps: SubtitleWriterDeps) {
  const { db, clock, registry, tools, afterDownload } = deps;
  const iso = () => clock.now().toISOString();

  /**
   * The profile's fixes applied to a subtitle about to be saved (none without the after-download
   * work or a profile), and where it goes: one stripped of its annotations is no longer a
   * hearing-impaired subtitle, and is not named as one.
   */
  async function fixAndPlace(
    item: WantedRecord,
    subtitle: { text: string; format: string; encoding: string | null },
    profile: Profile | null,
    hearingImpaired: boolean,
  ) {
    const fixed =
      afterDownload && profile
        ? afterDownload.fix(
            { ...subtitle, hearingImpairedWanted: profile.hearingImpaired === "prefer" },
            profile,
          )
        : { text: subtitle.text, applied: null };
    const targetPath = await tools.targetPath(item.file.path, {
      language: item.language,
      forced: item.variant === "forced",
      hearingImpaired: hearingImpaired && !fixed.applied?.removeHearingImpaired,
      format: subtitle.format,
    });
    return { fixed, targetPath };
  }

  /** The after-download work on a saved subtitle (its sync, its kept original), once its history row is written. */
  async function afterSaved(
    item: WantedRecord,
    saved: {
      historyId: number;
      path: string;
      subtitle: { text: string; format: string };
      profile: Profile | null;
      fixed: Awaited<ReturnType<typeof fixAndPlace>>["fixed"];
      transcribed: boolean;
    },
  ) {
    if (!afterDownload || !saved.profile) return;
    await afterDownload.saved({
      historyId: saved.historyId,
      path: saved.path,
      format: saved.subtitle.format,
      profile: saved.profile,
      fixed: saved.fixed,
      unfixedText: saved.subtitle.text,
      streams: readStoredMedia(item.file.subtitlesJson).streams,
      transcribed: saved.transcribed,
    });
  }

  /** Saves validated text next to the video and records it; a user's file there means "satisfied". */
  async function saveAndRecord(
    item: WantedRecord,
    subtitle: { text: string; format: string; encoding: string | null },
    from: Provenance,
  ): Promise<SaveAttempt> {
    const profile = afterDownload && deps.profileFor ? deps.profileFor(item) : null;
    const { fixed, targetPath } = await fixAndPlace(item, subtitle, profile, from.hearingImpaired);
    const saved = await tools.save({
      videoPath: item.file.path,
      targetPath,
      content: new TextEncoder().encode(fixed.text),
      writtenByUs: (path) => lastWrittenAt(db, path),
    });
    if (!saved.ok) {
      // The user's subtitle is there (theirs, or ours edited since): the item is satisfied, and the file stays.
      if (saved.reason === "user-file-exists")
        return { ok: true, outcome: { status: "resolved", path: targetPath } };
      const reason = `${saved.reason}${saved.detail ? `: ${saved.detail}` : ""}`;
      // A symlink, directory or FIFO at the target blocks every candidate alike.
      return saved.reason === "not-a-regular-file"
        ? { ok: false, reason, blocked: true }
        : { ok: false, reason };
    }
    const historyId = recordSavedSubtitle(
      db,
      savedHistoryRow(item, from, subtitle, saved, {
        action: saved.replaced && from.action === "downloaded" ? "replaced" : from.action,
        createdAt: iso(),
      }),
    );
    await afterSaved(item, {
      historyId,
      path: saved.path,
      subtitle,
      profile,
      fixed,
      transcribed: from.action === "transcribed",
    });
    await tools.refresh?.(item.file.path);
    return {
      ok: true,
      outcome: { status: "found", path: saved.path, provider: from.provider, score: from.score },
    };
  }

  /** Downloads and checks one candidate in `language` (the item's, or a source language to translate from). */
  async function fetchPrepared(
    item: WantedRecord,
    scored: ScoredCandidate,
    language: string,
    formats: string[],
    signal: AbortSignal,
  ) {
    const c = scored.candidate;
    let file: DownloadedFile;
    try {
      file = await registry.download(c, signal);
    } catch (error) {
      const reason = (error as Error).message;
      return PROVIDER_FAULTS.has((error as ProviderError).kind)
        ? { ok: false as const, reason, providerFault: true as const }
        : { ok: false as const, reason };
    }
    const prepared = await tools.prepare(file, {
      season: item.file.season,
      episodes: JSON.parse(item.file.episodesJson),
      language,
      formats,
      forced: item.variant === "forced",
      ...absoluteEpisodesOf(item.file.subtitlesJson),
    });
    if (!prepared.ok) return { ok: false as const, reason: `${c.provider} ${c.id}: ${prepared.reason}` };
    return prepared;
  }

  const provenance = (scored: ScoredCandidate, action: Provenance["action"]): Provenance => ({
    provider: scored.candidate.provider,
    candidateId: scored.candidate.id,
    release: scored.candidate.releaseNames[0] ?? null,
    score: scored.score,
    breakdown: scored.breakdown,
    hearingImpaired: scored.candidate.hearingImpaired === true,
    action,
  });

  async function fetchAndSave(
    item: WantedRecord,
    scored: ScoredCandidate,
    profile: Profile,
    signal: AbortSignal,
    action: "downloaded" | "manual",
  ): Promise<SaveAttempt> {
    const prepared = await fetchPrepared(item, scored, item.language, profile.formats, signal);
    if (!prepared.ok) return prepared;
    return saveAndRecord(
      item,
      prepared,
      provenance(scored, action === "manual" ? "downloaded-manually" : "downloaded"),
    );
  }

  return { saveAndRecord, fetchPrepared, provenance, fetchAndSave, fixAndPlace, afterSaved };
}

export type SubtitleWriter = ReturnType<typeof createSubtitleWriter>;
