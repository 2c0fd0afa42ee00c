import { useState } from "preact/hooks";
import type { LibraryFile, OverrideTarget } from "../../api/library.ts";
import type { WantedItem } from "../../api/wanted.ts";
import { InteractiveSearchDialog } from "../../pages/wanted/interactive-search-dialog.tsx";
import { FileDialog } from "./file-dialog.tsx";
import { ProfileDialog } from "./profile-dialog.tsx";
import { SyncDialog } from "./sync-dialog.tsx";
import type { ReferenceOption, SyncTarget } from "./sync-references.ts";
import { UploadDialog } from "./upload-dialog.tsx";

type Open =
  | { kind: "upload"; file: Pick<LibraryFile, "id" | "items">; label: string }
  | { kind: "interactive"; item: WantedItem }
  | { kind: "profile"; target: OverrideTarget; title: string }
  | { kind: "sync"; target: SyncTarget; references: ReferenceOption[] }
  | null;

/**
 * The dialogs of the library pages, one at a time (a dialog opened from the file's details
 * replaces it): file details (its id in the URL as `?file=`), upload, interactive search, profile,
 * sync and fixes of one of its subtitles.
 */
export function useLibraryDialogs(options: {
  fileId: number | null;
  setFileId: (id: number | undefined) => void;
  labelOf: (fileId: number) => string;
  languages: string[];
}) {
  const [open, setOpen] = useState<Open>(null);
  const { fileId, setFileId, labelOf } = options;
  const element = (
    <>
      {fileId !== null && open === null && (
        <FileDialog
          id={fileId}
          label={labelOf(fileId)}
          onClose={() => setFileId(undefined)}
          onUpload={(file) => setOpen({ kind: "upload", file, label: labelOf(file.id) })}
          onInteractive={(item) => setOpen({ kind: "interactive", item })}
          onSync={(target, references) => setOpen({ kind: "sync", target, references })}
        />
      )}
      {open?.kind === "upload" && (
        <UploadDialog
          file={open.file}
          label={open.label}
          languages={options.languages}
          onClose={() => setOpen(null)}
        />
      )}
      {open?.kind === "interactive" && (
        <InteractiveSearchDialog item={open.item} onClose={() => setOpen(null)} />
      )}
      {open?.kind === "sync" && (
        <SyncDialog target={open.target} references={open.references} onClose={() => setOpen(null)} />
      )}
      {open?.kind === "profile" && (
        <ProfileDialog target={open.target} title={open.title} onClose={() => setOpen(null)} />
      )}
    </>
  );
  return {
    element,
    upload: (file: Pick<LibraryFile, "id" | "items">) =>
      setOpen({ kind: "upload", file, label: labelOf(file.id) }),
    profile: (target: OverrideTarget, title: string) => setOpen({ kind: "profile", target, title }),
    openFile: (id: number) => setFileId(id),
  };
}
