import type { PreparedSubtitle, SubtitleWanted } from "./pipeline.ts";
import type { ExtractLimits } from "./types.ts";

/** What the server sends the subtitle worker: one download to turn into validated text. */
export interface PrepareJob {
  id: number;
  fileName: string;
  bytes: Uint8Array;
  want: SubtitleWanted;
  limits: ExtractLimits;
}

export interface PrepareReply {
  id: number;
  result: PreparedSubtitle;
}
