import { useState } from "preact/hooks";
import { ApiProblem } from "../../api/client.ts";
import {
  type LibraryFileDetail,
  type RescanScope,
  type SidecarOnDisk,
  SUBTITLE_IN_PLACE,
  useDeleteSubtitle,
  useExtractStream,
  useLibraryFile,
} from "../../api/library.ts";
import { useBulkAction, type WantedItem } from "../../api/wanted.ts";
import { formatBytes } from "../../app/format.ts";
import type { HistoryAction } from "../../pages/history/action-labels.ts";
import { Dialog } from "../dialog.tsx";
import { LanguageLabel } from "../language-label.tsx";
import { RelativeTime } from "../relative-time.tsx";
import { Skeleton } from "../skeleton.tsx";
import { StatusPill } from "../status-pill.tsx";
import { showToast } from "../toast.tsx";
import { RescanButton } from "./rescan-button.tsx";
import { type ReferenceOption, referencesOf, type SyncTarget } from "./sync-references.ts";

const OPEN = new Set(["wanted", "not_found", "failed"]);
// Each history action as a sentence about this file; typed against the API like the History page's names.
const ACTION_TEXT = {
  downloaded: "downloaded",
  "downloaded-manually": "downloaded (chosen by hand)",
  replaced: "replaced",
  upgraded: "upgraded (a better one replaced Subhound's earlier download)",
  translated: "machine-translated",
  transcribed: "transcribed",
  uploaded: "uploaded",
  extracted: "extracted as a sidecar",
  deleted: "deleted",
  synced: "synced (retimed)",
  fixed: "fixed (text cleaned up)",
  restored: "restored (a sync or fix undone)",
  imported: "imported from Bazarr (its download, now Subhound's)",
} satisfies Record<HistoryAction, string>;

/** Text codecs the server converts (to SRT; ASS and SSA stay as they are). */
const EXTRACTABLE = new Set(["subrip", "srt", "webvtt", "mov_text", "text", "ass", "ssa"]);

/** Tags that name no language: the sidecar would have no language in its name. */
const NO_LANGUAGE = new Set(["und", "mul", "zxx", "mis", ""]);

function whyNotExtractable(stream: LibraryFileDetail["streams"][number]): string | null {
  if (!stream.textBased) return "Image-based (pictures, not text): cannot be written as a text subtitle";
  if (!EXTRACTABLE.has(stream.codec)) return `ffmpeg cannot convert ${stream.codec} to SRT or ASS`;
  if (NO_LANGUAGE.has((stream.languageIetf ?? stream.language ?? "").toLowerCase()))
    return "No language tag: tag the track (e.g. with mkvpropedit) so its sidecar can be named";
  return null;
}

/**
 * Reads this file again: a Radarr movie by its id, an episode within its Sonarr series' listing, a
 * standalone file by its path (a scan scoped to a path covers the files at or below it).
 */
function rescanScope(file: LibraryFileDetail): RescanScope {
  if (file.movieId !== null) return { instance: file.instance, movieId: file.movieId };
  if (file.seriesId !== null) return { instance: file.instance, seriesId: file.seriesId, path: file.path };
  return { instance: file.instance, path: file.path };
}

export interface FileDialogProps {
  id: number;
  label: string;
  onClose: () => void;
  onUpload: (file: LibraryFileDetail) => void;
  onInteractive: (item: WantedItem) => void;
  onSync: (target: SyncTarget, references: ReferenceOption[]) => void;
}

/** A sidecar's name as seen from its video's folder: `Subs/Show.en.srt` for one in a subtitle folder. */
function nameBesideVideo(videoPath: string, sidecar: SidecarOnDisk): string {
  const folder = videoPath.slice(0, videoPath.lastIndexOf("/") + 1);
  return folder !== "" && sidecar.path.startsWith(folder)
    ? sidecar.path.slice(folder.length)
    : sidecar.fileName;
}

function SidecarRow({
  videoPath,
  sidecar,
  deleting,
  onDelete,
  onSync,
}: {
  videoPath: string;
  sidecar: SidecarOnDisk;
  deleting: boolean;
  onDelete: (sidecar: SidecarOnDisk) => void;
  /** Present for Subhound's own subtitle with a history entry. */
  onSync: (() => void) | null;
}) {
  const [confirming, setConfirming] = useState(false);
  const whose = sidecar.ownedBySubhound ? (
    <StatusPill status="ok">Subhound's</StatusPill>
  ) : (
    <StatusPill status="ignored" tone="muted">
      yours
    </StatusPill>
  );
  return (
    <tr>
      <td>
        {sidecar.language ? (
          <LanguageLabel code={sidecar.language} />
        ) : (
          <span class="muted">no language</span>
        )}
        {sidecar.forced && (
          <>
            {" "}
            <span class="badge">forced</span>
          </>
        )}
        {sidecar.hearingImpaired && (
          <>
            {" "}
            <span class="badge">HI</span>
          </>
        )}
        {/* Under the language, not a column of its own: on a phone the file name keeps room to be read. */}
        <span class="cell-line">{whose}</span>
      </td>
      <td class="mono truncate-wrap">{nameBesideVideo(videoPath, sidecar)}</td>
      <td class="row-actions-cell">
        {sidecar.ownedBySubhound ? (
          confirming ? (
            <span class="row-actions">
              <button
                type="button"
                class="button small danger"
                disabled={deleting}
                onClick={() => onDelete(sidecar)}
              >
                Delete it
              </button>
              <button type="button" class="button small" onClick={() => setConfirming(false)}>
                Keep
              </button>
            </span>
          ) : (
            <span class="row-actions">
              {onSync && (
                <button
                  type="button"
                  class="button small"
                  aria-label={`Sync or fix ${sidecar.fileName}`}
                  onClick={onSync}
                >
                  Sync
                </button>
              )}
              <button
                type="button"
                class="button small"
                aria-label={`Delete ${sidecar.fileName}`}
                onClick={() => setConfirming(true)}
              >
                Delete
              </button>
            </span>
          )
        ) : (
          <span class="muted" title="Subhound never deletes or overwrites a file it did not write">
            kept
          </span>
        )}
      </td>
    </tr>
  );
}

/** One video file: its subtitles (whose they are), embedded streams, wanted items and history. */
export function FileDialog({ id, label, onClose, onUpload, onInteractive, onSync }: FileDialogProps) {
  const query = useLibraryFile(id);
  const bulk = useBulkAction();
  // Here, not in the row: the row is gone once the list refreshes, and its callbacks with it.
  const remove = useDeleteSubtitle();
  const deleteSidecar = (sidecar: SidecarOnDisk) =>
    remove.mutate(
      { fileId: id, path: sidecar.path },
      {
        onSuccess: (r) =>
          showToast({
            kind: "success",
            title: `Deleted ${sidecar.fileName}`,
            ...(r.reopened.length > 0 ? { detail: "Its language is wanted again." } : {}),
          }),
      },
    );
  const extract = useExtractStream();
  const extractProblem = extract.error instanceof ApiProblem ? extract.error.problem : null;
  const file = query.data;
  const syncOf = (f: LibraryFileDetail, sidecar: SidecarOnDisk) => {
    const entry = sidecar.ownedBySubhound && f.history.find((h) => h.path === sidecar.path);
    if (!entry || entry.action === "deleted") return null;
    const target = { historyId: entry.id, path: sidecar.path, format: sidecar.format };
    return () => onSync(target, referencesOf(f, sidecar.path));
  };
  const open = file?.wanted.filter((w) => OPEN.has(w.status)) ?? [];
  const search = (ids: number[]) =>
    bulk.mutate(
      { ids, action: "search" },
      {
        onSuccess: (r) =>
          showToast({
            kind: r.changed > 0 ? "success" : "info",
            title: r.changed > 0 ? "Search started" : "Nothing to search: ignored, resolved or busy",
          }),
      },
    );
  return (
    <Dialog
      title={label}
      onClose={onClose}
      wide
      actions={
        file && (
          <>
            <RescanButton scope={rescanScope(file)} what={label} />
            <button type="button" class="button" onClick={() => onUpload(file)}>
              Upload subtitle
            </button>
            <button
              type="button"
              class="button primary"
              disabled={open.length === 0 || bulk.isPending}
              onClick={() => search(open.map((w) => w.id))}
            >
              Search missing ({open.length})
            </button>
          </>
        )
      }
    >
      {!file && query.isError && (
        <div class="alert" role="alert">
          Could not load this file: {query.error.message}
        </div>
      )}
      {!file && !query.isError && (
        <div aria-busy="true" class="stack">
          <Skeleton />
          <Skeleton width="60%" />
        </div>
      )}
      {file && (
        <div class="stack item-detail file-detail">
          <dl class="kv">
            <dt>File</dt>
            <dd class="mono">{file.path}</dd>
            <dt>Size</dt>
            <dd>{formatBytes(file.size)}</dd>
            {file.sceneName && (
              <>
                <dt>Release</dt>
                <dd class="mono">{file.sceneName}</dd>
              </>
            )}
            <dt>Probed</dt>
            <dd>
              <RelativeTime value={file.inspectedAt} />
            </dd>
          </dl>
          <h3>Subtitle files</h3>
          {file.folderUnreadable ? (
            <p class="warn-text" role="alert">
              The folder could not be read now: {file.folderUnreadable}.
            </p>
          ) : file.sidecars.length === 0 ? (
            <p class="muted">No subtitle file beside the video.</p>
          ) : (
            <div class="table-wrap">
              <table class="table" aria-label="Subtitle files">
                <thead>
                  <tr>
                    <th scope="col">Language, whose</th>
                    <th scope="col">File</th>
                    <th scope="col">
                      <span class="visually-hidden">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {file.sidecars.map((s) => (
                    <SidecarRow
                      key={s.path}
                      videoPath={file.path}
                      sidecar={s}
                      deleting={remove.isPending}
                      onDelete={deleteSidecar}
                      onSync={syncOf(file, s)}
                    />
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <h3>Embedded streams</h3>
          {file.streams.length === 0 ? (
            <p class="muted">No subtitle stream in the container (at the last probe).</p>
          ) : (
            <ul class="list file-streams">
              {file.streams.map((s) => {
                const refusal = whyNotExtractable(s);
                return (
                  <li key={s.index}>
                    <span>
                      Stream {s.index}: {s.codec} ·{" "}
                      {s.languageIetf ?? s.language ?? <span class="muted">no language tag</span>}
                      {s.textBased ? " · text" : " · image-based"}
                      {s.title && <span class="muted"> · “{s.title}”</span>}
                      {s.forced && (
                        <>
                          {" "}
                          <span class="badge">forced</span>
                        </>
                      )}
                      {s.hearingImpaired && (
                        <>
                          {" "}
                          <span class="badge">HI</span>
                        </>
                      )}
                      {s.default && (
                        <>
                          {" "}
                          <span class="badge">default</span>
                        </>
                      )}
                    </span>
                    <span class="row-actions">
                      <button
                        type="button"
                        class="button small"
                        aria-label={`Extract stream ${s.index} as a subtitle file`}
                        title={
                          refusal ??
                          "Write this stream beside the video, for players that cannot show embedded tracks"
                        }
                        disabled={refusal !== null || extract.isPending}
                        {...(refusal ? { "aria-describedby": `stream-${s.index}-refusal` } : {})}
                        onClick={() => extract.mutate({ fileId: id, streamIndex: s.index })}
                      >
                        Extract
                      </button>
                      {refusal && (
                        <span class="muted" id={`stream-${s.index}-refusal`}>
                          {refusal}
                        </span>
                      )}
                    </span>
                  </li>
                );
              })}
            </ul>
          )}
          {extract.isPending && (
            <p role="status" class="muted">
              Extracting stream {extract.variables.streamIndex}: ffmpeg reads the whole video, which can take
              minutes for a large file.
            </p>
          )}
          {extract.isSuccess && (
            <p role="status">
              Stream {extract.data.streamIndex} saved as{" "}
              <span class="mono">{extract.data.path.split(/[\\/]/).at(-1)}</span> (
              {extract.data.format.toUpperCase()})
              {extract.data.replaced && ", replacing the earlier subtitle"}
            </p>
          )}
          {extractProblem &&
            (extractProblem.type === SUBTITLE_IN_PLACE && extract.variables ? (
              // The API's detail tells a client what to send; here the button does it.
              <p role="alert" class="error-text">
                Not extracted: a subtitle of this language that Subhound saved earlier has that name; it was
                left as it is.{" "}
                <button
                  type="button"
                  class="button small"
                  onClick={() =>
                    extract.mutate({ fileId: id, streamIndex: extract.variables!.streamIndex, replace: true })
                  }
                >
                  Replace it
                </button>
              </p>
            ) : (
              <p role="alert" class="error-text">
                Not extracted: {extractProblem.detail ?? extractProblem.title}
              </p>
            ))}
          <h3>Wanted</h3>
          {file.wanted.length === 0 && <p class="muted">The profile wants no language for this file.</p>}
          <ul class="list file-items">
            {file.wanted.map((w) => (
              <li key={w.id}>
                <span class="stack">
                  <span>
                    <LanguageLabel code={w.language} variant={w.variant} /> <StatusPill status={w.status} />
                  </span>
                  <span class="wanted-reason">{w.reason.text}</span>
                </span>
                <span class="row-actions">
                  <button
                    type="button"
                    class="button small"
                    disabled={!OPEN.has(w.status) || bulk.isPending}
                    onClick={() => search([w.id])}
                  >
                    Search
                  </button>
                  <button type="button" class="button small" onClick={() => onInteractive(w)}>
                    Interactive
                  </button>
                </span>
              </li>
            ))}
          </ul>
          {file.notWanted.length > 0 && (
            <>
              <h3>Not wanted for this file</h3>
              <ul class="list file-items">
                {file.notWanted.map((n) => (
                  <li key={`${n.language}-${n.variant}`}>
                    <span class="stack">
                      <LanguageLabel code={n.language} variant={n.variant} />
                      <span class="wanted-reason">{n.reason.text}</span>
                    </span>
                  </li>
                ))}
              </ul>
            </>
          )}
          <h3>History</h3>
          {file.history.length === 0 && <p class="muted">Subhound has saved nothing for this file yet.</p>}
          <ul class="list">
            {file.history.map((h) => (
              <li key={h.id}>
                <span class="truncate">
                  <span class="lang-code">{h.language}</span>{" "}
                  {ACTION_TEXT[h.action as HistoryAction] ?? h.action}
                  {h.provider === "upload" ? "" : ` from ${h.provider}`}
                  {h.release ? ` · ${h.release}` : ""}
                  {h.encoding && h.encoding !== "utf-8" ? ` · converted from ${h.encoding}` : ""}
                </span>
                <span class="muted">
                  <RelativeTime value={h.createdAt} />
                </span>
              </li>
            ))}
          </ul>
        </div>
      )}
    </Dialog>
  );
}
