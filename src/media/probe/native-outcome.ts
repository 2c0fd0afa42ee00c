import type { SubtitleStream } from "../types.ts";

/**
 * What a native reader concluded. `undecided` means "ask ffprobe": the file is not one this
 * reader understands fully (unknown codec, truncated header, odd layout), not that it is broken.
 */
export type NativeOutcome =
  | { kind: "streams"; streams: SubtitleStream[]; audioLanguages: string[] }
  | { kind: "undecided"; reason: string };

export const undecided = (reason: string): NativeOutcome => ({ kind: "undecided", reason });
