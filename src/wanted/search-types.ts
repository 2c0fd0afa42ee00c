import type { DownloadedFile } from "../providers/types.ts";
import type { RunStatus } from "../runs/status.ts";

/** What the searcher needs from the download pipeline; injected so each piece is tested alone. */
export interface SubtitleTools {
  prepare(
    file: DownloadedFile,
    want: {
      season: number | null;
      episodes: number[];
      language: string;
      formats: string[];
      /** A forced subtitle is wanted (else a pack's forced members are tried last). */
      forced: boolean;
      /** Sonarr's absolute episode numbers (anime), for packs numbered so. */
      absoluteEpisodes?: number[];
    },
  ): Promise<{ ok: true; text: string; format: string; encoding: string } | { ok: false; reason: string }>;
  /** Where a subtitle of the video goes (`naming`; a subtitle folder as it is spelt on disk already). */
  targetPath(
    videoPath: string,
    want: { language: string; forced: boolean; hearingImpaired: boolean; format: string },
  ): Promise<string>;
  save(args: {
    videoPath: string;
    targetPath: string;
    content: Uint8Array;
    /** What Subhound last wrote at `path`; a file there is replaced only while it still holds exactly that. */
    writtenByUs(path: string): { sha256: string; size: number | null } | null;
  }): Promise<
    | { ok: true; path: string; sha256: string; size: number; replaced: boolean }
    | { ok: false; reason: "user-file-exists" | "not-a-regular-file" | "io-error"; detail?: string }
  >;
  movieHash(videoPath: string): Promise<string | null>;
  /** Tells media servers about a new subtitle; never throws. */
  refresh?(videoPath: string): Promise<void>;
  /** Machine translation of a whole subtitle, structure kept; absent when no backend is configured. */
  translate?(args: { text: string; format: string; from: string; to: string; signal: AbortSignal }): Promise<{
    text: string;
    backend: string | null;
  }>;
  /** One text subtitle stream of the video, as subtitle text (ffmpeg); nothing is written to disk. */
  extractStream?(args: {
    videoPath: string;
    index: number;
    format: "srt" | "ass";
    signal: AbortSignal;
  }): Promise<string>;
  /** Speech to SRT; absent while Whisper is disabled. */
  transcribe?(args: {
    videoPath: string;
    language: string;
    signal: AbortSignal;
    /** queued → extracting → transcribing → done: shown in the search run's status. */
    onStage?: (stage: string) => void;
  }): Promise<{ text: string; backend: string }>;
}

export interface SearchScope {
  ids?: number[];
  seriesId?: number;
  movieId?: number;
}

export interface SearchRunProgress {
  runId: number;
  trigger: string;
  scope: SearchScope;
  status: RunStatus;
  total: number;
  done: number;
  found: number;
  notFound: number;
  failed: number;
  /** Claimed by another run meanwhile, or no longer eligible. */
  skipped: number;
  current: string | null;
  startedAt: string;
  finishedAt: string | null;
}

/**
 * `blocked`: the target path cannot take any subtitle (a symlink, directory or FIFO is there).
 * `providerFault`: the provider could not deliver it (down, timed out, out of quota, refused the
 * credentials); the candidate itself may be fine, so the miss is not the item's.
 */
export type SaveAttempt =
  | { ok: true; outcome: ItemOutcome }
  | { ok: false; reason: string; blocked?: true; providerFault?: true };

export type ItemOutcome =
  | { status: "found"; path: string; provider: string; score: number }
  | { status: "resolved"; path: string }
  | { status: "not_found"; reason: string }
  | { status: "failed"; reason: string }
  | { status: "released"; reason: string };

/** Where a saved subtitle came from, as its history records it. */
export interface Provenance {
  provider: string;
  candidateId: string;
  release: string | null;
  score: number;
  breakdown: Record<string, number>;
  hearingImpaired: boolean;
  action: "downloaded" | "downloaded-manually" | "translated" | "transcribed";
}
