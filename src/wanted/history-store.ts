import type { Database } from "bun:sqlite";

/**
 * Every query on `subtitle_history` (what Subhound saved, and so what it owns) and `blacklist`
 * (candidates never to choose again).
 */

export interface SavedSubtitle {
  wantedItemId: number | null;
  instance: string;
  title: string;
  language: string;
  variant: string;
  provider: string;
  candidateId: string;
  release: string | null;
  score: number;
  breakdown: Record<string, number>;
  format: string;
  encoding: string | null;
  path: string;
  sha256: string;
  size: number;
  action: string;
  createdAt: string;
}

export function recordSavedSubtitle(sqlite: Database, s: SavedSubtitle): number {
  return sqlite
    .query<{ id: number }, Record<string, string | number | null>>(
      `INSERT INTO subtitle_history (wanted_item_id, instance, title, language, variant, provider, candidate_id,
          release, score, score_json, format, encoding, path, sha256, size, action, created_at)
       VALUES ($itemId, $instance, $title, $language, $variant, $provider, $candidateId, $release, $score,
          $scoreJson, $format, $encoding, $path, $sha256, $size, $action, $createdAt) RETURNING id`,
    )
    .get({
      $itemId: s.wantedItemId,
      $instance: s.instance,
      $title: s.title,
      $language: s.language,
      $variant: s.variant,
      $provider: s.provider,
      $candidateId: s.candidateId,
      $release: s.release,
      $score: s.score,
      $scoreJson: JSON.stringify(s.breakdown),
      $format: s.format,
      $encoding: s.encoding,
      $path: s.path,
      $sha256: s.sha256,
      $size: s.size,
      $action: s.action,
      $createdAt: s.createdAt,
    })!.id;
}

/** What Subhound last wrote at `path`; size is null for rows recorded before sizes were. */
export interface WrittenContent {
  sha256: string;
  size: number | null;
}

/**
 * The content Subhound last wrote at `path`, or null if it never wrote there. A file at that path is
 * still Subhound's only while its bytes are exactly these (the caller compares size, then hash).
 */
export function lastWrittenAt(sqlite: Database, path: string): WrittenContent | null {
  return sqlite
    .query<WrittenContent, [string]>(
      "SELECT sha256, size FROM subtitle_history WHERE path = ? ORDER BY id DESC LIMIT 1",
    )
    .get(path);
}

/** `provider|candidateId` keys of every blacklisted candidate. */
export function blacklistedKeys(sqlite: Database): Set<string> {
  return new Set(
    sqlite
      .query<{ provider: string; candidate_id: string }, []>("SELECT provider, candidate_id FROM blacklist")
      .all()
      .map((b) => `${b.provider}|${b.candidate_id}`),
  );
}
