import type { LibraryFileDetail } from "../../api/library.ts";
import type { SyncReference } from "../../api/sync.ts";
import type { WantedItemDetail } from "../../api/wanted.ts";

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

type Stream = LibraryFileDetail["streams"][number];
type Sidecar = { fileName: string; path: string; format: string };

/**
 * What a subtitle of this video can be aligned to besides its audio: the container's full text streams
 * (numbered among its subtitle streams, as the API counts them) and its other timed subtitle files.
 */
export function referencesOf(
  file: { streams: Stream[]; sidecars: Sidecar[] },
  path: string,
): ReferenceOption[] {
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

/**
 * The same from a wanted item's last inspection, which names its sidecars without their folder: they
 * are taken to lie beside the subtitle (the server refuses any that do not lie beside the video).
 */
export function referencesOfItem(item: WantedItemDetail, path: string): ReferenceOption[] {
  const folder = path.slice(0, Math.max(path.lastIndexOf("/"), path.lastIndexOf("\\")) + 1);
  const { streams, sidecars } = item.file.subtitles;
  return referencesOf(
    { streams, sidecars: sidecars.map((s) => ({ ...s, path: folder + s.fileName })) },
    path,
  );
}
