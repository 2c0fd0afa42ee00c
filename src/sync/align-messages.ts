import type { Alignment, AlignOptions } from "./align.ts";
import type { Cue } from "./cue-times.ts";

export interface AlignJob {
  reference: Uint8Array;
  cues: Cue[];
  options: AlignOptions;
}

export type AlignReply = { ok: true; alignment: Alignment } | { ok: false; reason: string };
