import type { LibraryFileDetail } from "../../api/library.ts";
import type { SyncReference } from "../../api/sync.ts";

/** A subtitle Subhound saved: any of its history entries names it. */
export interface SyncTarget {
  historyId: number;
  path: string;
  format: string;
}

/** Something else of the same video to align to (an embedded text stream, another subtitle file). */
export interface ReferenceOption {
  label: string;
  reference: SyncReference;
}

const TIMED = new Set(["srt", "vtt", "ass", "ssa"]);

/**
 * What a subtitle of this video can be aligned to besides its audio: the container's full text streams
 * (numbered among its subtitle streams, as the API counts them) and its other timed subtitle files.
 */
export function referencesOf(file: LibraryFileDetail, path: string): ReferenceOption[] {
  const options: ReferenceOption[] = [];
  [...file.streams]
    .sort((a, b) => a.index - b.index)
    .forEach((s, n) => {
      if (!s.textBased || s.forced) return;
      const language = s.languageIetf ?? s.language ?? "no language tag";
      options.push({
        label: `Embedded stream ${s.index} (${language}, ${s.codec})`,
        reference: { kind: "embedded", streamIndex: n },
      });
    });
  for (const sidecar of file.sidecars) {
    if (sidecar.path === path || !TIMED.has(sidecar.format)) continue;
    options.push({
      label: `Subtitle file ${sidecar.fileName}`,
      reference: { kind: "sidecar", path: sidecar.path },
    });
  }
  return options;
}
