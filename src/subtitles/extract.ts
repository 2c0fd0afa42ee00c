import type { DownloadedFile } from "../providers/types.ts";
import { type ArchiveKind, detectArchiveKind } from "./archive-kind.ts";
import { gunzipPayload } from "./gunzip.ts";
import { MemberBudget } from "./member-budget.ts";
import { acceptedMemberName } from "./member-name.ts";
import { DEFAULT_EXTRACT_LIMITS, ExtractError, type ExtractLimits, type SubtitleFile } from "./types.ts";
import { un7zSubtitles } from "./un7z.ts";
import { unrarSubtitles } from "./unrar.ts";
import { unxzPayload } from "./unxz.ts";
import { unzipSubtitles } from "./unzip.ts";

/** Levels of compression unpacked: a gzip or xz holding an archive, not deeper. */
const TOP_LEVEL = 1;

/**
 * Everything that looks like a subtitle in a provider's download, unpacked in memory (nothing is
 * written to disk). A compressed single file (gzip, xz) may hold an archive; that is unpacked too,
 * one level deep. Runs on the calling thread: the server goes through `prepare-off-thread.ts`.
 */
export async function extractSubtitles(
  file: DownloadedFile,
  limits: ExtractLimits = DEFAULT_EXTRACT_LIMITS,
): Promise<SubtitleFile[] | ExtractError> {
  return extractWithBudget(file, new MemberBudget(limits, file.bytes.length));
}

/** As extractSubtitles, with a budget the caller can inspect afterwards. */
export async function extractWithBudget(
  file: DownloadedFile,
  budget: MemberBudget,
): Promise<SubtitleFile[] | ExtractError> {
  try {
    return await unpack(file.fileName, file.bytes, budget, TOP_LEVEL);
  } catch (error) {
    if (error instanceof ExtractError) return error;
    throw error;
  }
}

async function unpack(
  name: string,
  bytes: Uint8Array,
  budget: MemberBudget,
  nestingLeft: number,
): Promise<SubtitleFile[]> {
  const kind = detectArchiveKind(bytes);
  if (kind === null) {
    budget.member();
    // A decompressed payload was counted while it was produced.
    if (nestingLeft === TOP_LEVEL) budget.grow(bytes.length);
    return [{ name: plainName(name), bytes }];
  }
  switch (kind) {
    case "zip":
      return unzipSubtitles(bytes, budget);
    case "rar":
      return unrarSubtitles(bytes, budget);
    case "7z":
      return un7zSubtitles(bytes, budget);
    case "gzip":
    case "xz": {
      const payload = kind === "gzip" ? gunzipPayload(bytes, budget) : await unxzPayload(bytes, budget);
      const inner = stripCompressionSuffix(name, kind);
      if (nestingLeft === 0) {
        if (detectArchiveKind(payload) !== null)
          throw new ExtractError("unsupported", "archive nested too deep");
        return [{ name: plainName(inner), bytes: payload }];
      }
      return unpack(inner, payload, budget, nestingLeft - 1);
    }
  }
}

/** A plain download keeps its own name when safe: validation, not the name, decides what it is. */
function plainName(name: string): string {
  const baseName = name.replaceAll("\\", "/").split("/").at(-1) ?? "";
  return (
    acceptedMemberName(baseName) ?? (baseName.startsWith(".") || baseName === "" ? "subtitle" : baseName)
  );
}

function stripCompressionSuffix(name: string, kind: Extract<ArchiveKind, "gzip" | "xz">): string {
  const suffix = kind === "gzip" ? /\.(gz|tgz)$/i : /\.(xz|txz)$/i;
  return name.replace(suffix, "");
}
