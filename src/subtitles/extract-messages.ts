import type { ExtractFailure, ExtractLimits, SubtitleFile } from "./types.ts";

/** What the server sends the extraction worker. */
export interface ExtractJob {
  id: number;
  fileName: string;
  bytes: Uint8Array;
  limits: ExtractLimits;
}

export type ExtractReply =
  | { id: number; ok: true; files: SubtitleFile[] }
  | { id: number; ok: false; reason: ExtractFailure; message: string };
