import type { MediaFile } from "../library/types.ts";
import type { InspectOptions, StreamInspector } from "../media/inspector.ts";
import type { SidecarFinder } from "../media/sidecars.ts";
import type { SubtitleStream } from "../media/types.ts";
import type { Profile } from "../profiles/profile.ts";
import { decide, profileFingerprint, type StoredSidecar } from "./decide.ts";
import {
  fileContext,
  type LibraryFacts,
  libraryFactsOf,
  readStoredMedia,
  type StoredMedia,
  storedMediaJson,
} from "./file-facts.ts";
import { fileChanged, isReplaced, kindOf, storedMediaFile } from "./file-identity.ts";
import type { ProfileTarget } from "./profile-resolver.ts";
import type { createPhaseTimes } from "./scan-phases.ts";
import type { ScanMode } from "./scanner.ts";
import type { FileWrite, StoredFile, StoredListing } from "./store/index.ts";

export interface FileStepContext {
  mode: ScanMode;
  inspector: StreamInspector;
  /** The probe cache held nothing when the scan started: no file's probe is looked up in it. */
  probeCacheEmpty: boolean;
  finder: SidecarFinder;
  profileFor: (file: ProfileTarget) => Profile;
  /** The rest of a stored file's row, for one of an unlisted series that is written. */
  storedListing: (id: number) => StoredListing | null;
  phases: ReturnType<typeof createPhaseTimes>;
  /** What the inspector answered: a probe, a cache hit, or a file it could not read. */
  /** `missing`: the file was not there at all (a path mapping or a mount), not merely unreadable. */
  onInspected: (outcome: "probed" | "cached" | { unreadable: string; missing: boolean }) => void;
}

const UNCACHED: InspectOptions = { uncached: true };

const sameList = <T>(a: readonly T[] | null, b: readonly T[] | null) =>
  a === b || (a !== null && b !== null && a.length === b.length && a.every((x, i) => x === b[i]));

function sameFacts(a: LibraryFacts | null, b: LibraryFacts | null): boolean {
  if (a === null || b === null) return a === b;
  return (
    a.unmonitored === b.unmonitored &&
    sameList(a.tags, b.tags) &&
    sameList(a.arrAudio, b.arrAudio) &&
    sameList(a.absolute ?? null, b.absolute ?? null)
  );
}

function sameSidecars(a: readonly StoredSidecar[], b: readonly StoredSidecar[]): boolean {
  return (
    a.length === b.length &&
    a.every(
      (s, i) =>
        s.fileName === b[i]!.fileName &&
        s.language === b[i]!.language &&
        s.forced === b[i]!.forced &&
        s.hearingImpaired === b[i]!.hearingImpaired &&
        s.format === b[i]!.format,
    )
  );
}

/**
 * Whether a stored file's items are what decide would answer now: its subtitles and library facts are
 * those its items were decided on, under the same profile. Deleting one of its items (the user forgets
 * it) clears the stored decision (migration 0016's trigger), so the next scan decides the file again.
 */
function decidedStands(
  previous: StoredFile,
  stored: StoredMedia,
  profile: Profile,
  facts: LibraryFacts | null,
  sidecars: readonly StoredSidecar[],
): boolean {
  return (
    previous.missingSince === null &&
    stored.decided?.profile === profileFingerprint(profile) &&
    sameFacts(stored.library, facts) &&
    sameSidecars(stored.sidecars, sidecars)
  );
}

/**
 * A stored file of a series an incremental scan need not list: worked from its row (its sidecars
 * looked at again), and rebuilt as a listed file only when something is to be written for it.
 */
export async function scanStoredFile(ctx: FileStepContext, previous: StoredFile): Promise<FileWrite | null> {
  const inspectStarted = performance.now();
  const stored = readStoredMedia(previous.subtitlesJson);
  const sidecars = ctx.finder.find(previous.path);
  const profile = ctx.profileFor({
    source: previous.source,
    instance: previous.instance,
    seriesId: previous.seriesId,
    movieId: previous.movieId,
    tags: stored.library?.tags ?? [],
  });
  ctx.phases.record("inspect", inspectStarted, 0);
  if (decidedStands(previous, stored, profile, stored.library, sidecars)) {
    ctx.phases.count("inspect", 1);
    return null;
  }
  const listing = ctx.storedListing(previous.id);
  return listing === null ? null : scanFile(ctx, storedMediaFile(listing), previous.mediaKey, previous);
}

/**
 * One file of a scan: what it has (streams probed or, for an unchanged file of an incremental scan,
 * as stored; sidecars looked at always), what its profile wants of it, and what to write. Null when
 * there is nothing to write: a new file that cannot be read, or an unchanged file of an incremental
 * scan whose subtitles, library facts and profile are all what its items were decided on (decide
 * would answer the same; forgetting an item clears that decision, so the item is made again).
 */
export async function scanFile(
  ctx: FileStepContext,
  file: MediaFile,
  mediaKey: string,
  previous: StoredFile | undefined,
): Promise<FileWrite | null> {
  const { mode, phases } = ctx;
  const inspectStarted = performance.now();
  const mtimeMs = file.source === "standalone" && file.dateAdded ? Date.parse(file.dateAdded) : null;
  const changed = !previous || fileChanged(previous, file, mtimeMs);
  let streams: SubtitleStream[];
  let probedAudio: string[] | null = null;
  let inspected = false;
  if (mode === "full" || changed || !previous) {
    const result = await phases.time("probe", () =>
      ctx.inspector.inspect(file.path, ctx.probeCacheEmpty ? UNCACHED : undefined),
    );
    if (!result.ok) {
      ctx.onInspected({ unreadable: `${file.path}: ${result.error}`, missing: result.missing });
      // Keep what is known: an unmounted share must not make items appear or vanish.
      if (!previous) return null;
      ({ streams, probedAudio } = readStoredMedia(previous.subtitlesJson));
    } else {
      streams = result.streams;
      probedAudio = result.audioLanguages ?? null;
      inspected = true;
      ctx.onInspected(result.cached ? "cached" : "probed");
    }
  } else {
    ({ streams, probedAudio } = readStoredMedia(previous.subtitlesJson));
  }
  const sidecars = ctx.finder.find(file.path);
  const facts = libraryFactsOf(file);
  const profile = ctx.profileFor(file);
  phases.record("inspect", inspectStarted);
  const unchangedKey = mode === "incremental" && previous !== undefined && !changed;
  if (
    unchangedKey &&
    previous.season === file.season &&
    decidedStands(previous, readStoredMedia(previous.subtitlesJson), profile, facts, sidecars)
  )
    return null;
  const decisions = phases.timeSync("decide", () =>
    decide(profile, sidecars, streams, fileContext(file.season, facts, probedAudio)),
  );
  const subtitlesJson = storedMediaJson(facts, streams, sidecars, probedAudio, {
    profile: profileFingerprint(profile),
    items: decisions.length,
  });
  return {
    file,
    mediaKey,
    kind: kindOf(file),
    mtimeMs,
    subtitlesJson,
    inspected,
    replaced: previous !== undefined && isReplaced(previous, file),
    // Full scans rewrite every row (arr metadata such as titles may change without the change key).
    unchanged: unchangedKey && previous.subtitlesJson === subtitlesJson,
    wasMissing: previous?.missingSince != null,
    storedId: previous?.id ?? null,
    decisions,
  };
}
