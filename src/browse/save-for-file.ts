import { basename } from "node:path";
import { leaseOwnerFor } from "../runs/process-owner.ts";
import { lastWrittenAt, recordSavedSubtitle } from "../wanted/history-store.ts";
import {
  claimForManual,
  itemStatus,
  itemsOfFiles,
  type LibraryFileRow,
  releaseClaim,
  settleClaim,
} from "../wanted/store/index.ts";
import { refreshFile } from "./refresh-file.ts";
import type { UploaderDeps } from "./upload.ts";

/** A subtitle the user asked for on one file (uploaded or extracted), already validated as UTF-8 text. */
export interface SidecarRequest {
  text: string;
  format: string;
  encoding: string;
  language: string;
  forced: boolean;
  hearingImpaired: boolean;
  provider: "upload" | "embedded";
  action: "uploaded" | "extracted";
  candidateId: string;
  release: string | null;
  /** Whether an item the profile already counts as there (`resolved`) is left as it is. */
  keepResolved: boolean;
}

export type SidecarSaved =
  | {
      ok: true;
      path: string;
      variant: "full" | "forced";
      historyId: number;
      wantedItemId: number | null;
      /** A subtitle Subhound saved earlier under that name was replaced. */
      replaced: boolean;
    }
  | { ok: false; status: 409 | 422 | 503; detail: string };

/**
 * Writes the sidecar beside the video under the name a download would get, never over a user's
 * file; records it in history; marks the item for that language and variant found (holding its
 * lease meanwhile, so a search cannot write the same name at once); decides the file's items again.
 */
export async function saveSidecarFor(
  deps: UploaderDeps,
  file: LibraryFileRow,
  request: SidecarRequest,
  leaseName: string,
): Promise<SidecarSaved> {
  const { sqlite, clock, tools } = deps;
  const iso = () => clock.now().toISOString();
  const variant = request.forced ? "forced" : "full";
  const found = (itemsOfFiles(deps.db, [file.id]).get(file.id) ?? []).find(
    (i) => i.language === request.language && i.variant === variant,
  );
  const item = found && !(request.keepResolved && found.status === "resolved") ? found : undefined;
  const leaseOwner = leaseOwnerFor(deps.owner, leaseName);
  const previous = item ? itemStatus(deps.db, item.id) : null;
  if (item) {
    const expiresAt = new Date(clock.now().getTime() + (deps.leaseMs ?? 5 * 60_000)).toISOString();
    if (!claimForManual(sqlite, { id: item.id, owner: leaseOwner, now: iso(), expiresAt }))
      return {
        ok: false,
        status: 409,
        detail: `the ${request.language} ${variant} subtitle of this file is being searched right now; try again when the search ends`,
      };
  }
  const release = () => {
    if (item && previous !== null)
      releaseClaim(sqlite, { id: item.id, owner: leaseOwner, status: previous, now: iso() });
  };

  let targetPath: string;
  try {
    targetPath = await tools.targetPath(file.path, {
      language: request.language,
      forced: request.forced,
      hearingImpaired: request.hearingImpaired,
      format: request.format,
    });
  } catch (error) {
    release();
    return { ok: false, status: 422, detail: (error as Error).message };
  }
  const saved = await tools.save({
    videoPath: file.path,
    targetPath,
    content: new TextEncoder().encode(request.text),
    writtenByUs: (path) => lastWrittenAt(deps.db, path),
  });
  if (!saved.ok) {
    release();
    if (saved.reason === "user-file-exists")
      return {
        ok: false,
        status: 409,
        detail: `${basename(targetPath)} already exists and is your file (Subhound did not write it, or it was changed since); Subhound never overwrites it. Rename or remove it first.`,
      };
    if (saved.reason === "not-a-regular-file")
      return { ok: false, status: 409, detail: saved.detail ?? `${targetPath} is not a regular file` };
    return {
      ok: false,
      status: 503,
      detail: `could not write ${targetPath}: ${saved.detail ?? "I/O error"}`,
    };
  }

  const now = iso();
  const historyId = recordSavedSubtitle(deps.db, {
    wantedItemId: found?.id ?? null,
    instance: file.instance,
    title: file.title,
    season: file.season,
    episodes: JSON.parse(file.episodesJson) as number[],
    language: request.language,
    variant,
    provider: request.provider,
    candidateId: request.candidateId,
    release: request.release,
    score: 0,
    breakdown: {},
    format: request.format,
    encoding: request.encoding,
    path: saved.path,
    sha256: saved.sha256,
    size: saved.size,
    action: request.action,
    createdAt: now,
  });
  if (item)
    settleClaim(sqlite, {
      id: item.id,
      owner: leaseOwner,
      status: "found",
      attempt: 0,
      now,
      retryAfter: null,
      error: null,
      satisfiedBy: `sidecar:${basename(saved.path)}`,
    });
  refreshFile(sqlite, file, deps.profileOf(), now);
  await tools.refresh?.(file.path);
  return {
    ok: true,
    path: saved.path,
    variant,
    historyId,
    wantedItemId: item?.id ?? null,
    replaced: saved.replaced,
  };
}
