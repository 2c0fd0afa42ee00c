import { useState } from "preact/hooks";
import { ApiProblem } from "../../api/client.ts";
import { type LibraryFile, useUploadSubtitle } from "../../api/library.ts";
import { Dialog } from "../dialog.tsx";
import { languageName } from "../language-label.tsx";
import { showToast } from "../toast.tsx";

const ACCEPT = ".srt,.ass,.ssa,.vtt,.sub,.zip,.7z,.rar,.gz,.xz";

/**
 * Upload a subtitle (or an archive holding it) for one video file. The server unpacks, checks and
 * converts it like a download; a refusal (not a subtitle, too large, a file of yours in the way)
 * is shown here, in the dialog, with the server's reason.
 */
export function UploadDialog({
  file,
  label,
  languages,
  onClose,
}: {
  file: Pick<LibraryFile, "id" | "items">;
  /** "Breaking Bad S01E01": what the dialog is for. */
  label: string;
  /** The profile's languages, offered first. */
  languages: string[];
  onClose: () => void;
}) {
  const upload = useUploadSubtitle();
  const missing = file.items.find((i) => i.status !== "resolved" && i.status !== "found");
  const [language, setLanguage] = useState(missing?.language ?? languages[0] ?? "");
  const [forced, setForced] = useState(missing?.variant === "forced");
  const [hearingImpaired, setHearingImpaired] = useState(false);
  const [chosen, setChosen] = useState<File | null>(null);
  const problem = upload.error instanceof ApiProblem ? upload.error.problem : null;

  const submit = (event: Event) => {
    event.preventDefault();
    if (!chosen || !language.trim()) return;
    upload.mutate(
      { fileId: file.id, file: chosen, language: language.trim(), forced, hearingImpaired },
      {
        onSuccess: (saved) => {
          showToast({
            kind: "success",
            title: `Saved ${saved.language}${saved.variant === "forced" ? " forced" : ""} subtitle`,
            detail: `${saved.path} (from ${saved.encoding}, saved as UTF-8)${saved.replaced ? "; it replaced the subtitle Subhound had saved there" : ""}`,
          });
          onClose();
        },
      },
    );
  };
  const languageList = [...new Set([...languages, ...file.items.map((i) => i.language)])];
  return (
    <Dialog
      title={`Upload a subtitle: ${label}`}
      onClose={onClose}
      actions={
        <>
          <button type="button" class="button" onClick={onClose}>
            Cancel
          </button>
          <button
            type="submit"
            form="upload-form"
            class="button primary"
            disabled={!chosen || !language.trim() || upload.isPending}
          >
            {upload.isPending ? "Uploading…" : "Upload"}
          </button>
        </>
      }
    >
      <form id="upload-form" class="stack upload-form" onSubmit={submit}>
        <label class="field">
          <span>Subtitle file or archive</span>
          <input
            class="input"
            type="file"
            accept={ACCEPT}
            onChange={(e) => {
              // A refusal was about the file chosen before: it would read as this one's.
              upload.reset();
              setChosen((e.target as HTMLInputElement).files?.[0] ?? null);
            }}
          />
          <span class="muted">
            .srt, .ass, .ssa, .vtt, .sub, or a .zip, .7z, .rar or .gz holding one; at most 16 MiB. Any
            encoding: it is saved as UTF-8.
          </span>
        </label>
        <label class="field">
          <span>Language</span>
          <input
            class="input"
            list="upload-languages"
            value={language}
            placeholder="de, pt-BR or German"
            onInput={(e) => setLanguage((e.target as HTMLInputElement).value)}
          />
          <datalist id="upload-languages">
            {languageList.map((code) => (
              <option key={code} value={code}>
                {languageName(code) ?? code}
              </option>
            ))}
          </datalist>
        </label>
        <label class="check">
          <input
            type="checkbox"
            checked={forced}
            onChange={(e) => setForced((e.target as HTMLInputElement).checked)}
          />
          Forced (only foreign parts and signs)
        </label>
        <label class="check">
          <input
            type="checkbox"
            checked={hearingImpaired}
            onChange={(e) => setHearingImpaired((e.target as HTMLInputElement).checked)}
          />
          Hearing impaired (SDH)
        </label>
        {problem && (
          <div class="alert" role="alert">
            {/* The detail says why; the title is only the HTTP status' name ("Unprocessable Content"). */}
            <strong>Not uploaded:</strong> {problem.detail ?? problem.title}
          </div>
        )}
      </form>
    </Dialog>
  );
}
