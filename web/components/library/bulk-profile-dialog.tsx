import { useState } from "preact/hooks";
import { Link } from "wouter-preact";
import { ApiProblem } from "../../api/client.ts";
import { type BulkProfileInput, useAssignProfile, useProfiles } from "../../api/library.ts";
import { Dialog } from "../dialog.tsx";
import { showToast } from "../toast.tsx";

/** The radio value of "no named profile of its own". */
const DEFAULT = "";

/**
 * The mass edit: one named profile for every selected series or movie, or back to what its tag or
 * the default says, in one request (PUT /profiles/bulk). Fields a title's own profile dialog set stay
 * with a named profile and go with the default.
 */
export function BulkProfileDialog({
  targets,
  what,
  leftOut,
  onClose,
  onDone,
}: {
  targets: Pick<BulkProfileInput, "series" | "movies">;
  /** The selected titles in words: "3 series", "1 movie". */
  what: string;
  /** Why some selected rows take no profile (standalone files), or null. */
  leftOut: string | null;
  onClose: () => void;
  onDone: () => void;
}) {
  const profiles = useProfiles();
  const assign = useAssignProfile();
  const [choice, setChoice] = useState<string | null>(null);
  const named = Object.entries(profiles.data?.named ?? {});
  const problem = assign.error instanceof ApiProblem ? assign.error.problem : null;

  const submit = (event: Event) => {
    event.preventDefault();
    if (choice === null) return;
    const profile = choice === DEFAULT ? null : choice;
    assign.mutate(
      { ...targets, profile },
      {
        onSuccess: (r) => {
          const gone = r.unknown.series.length + r.unknown.movies.length;
          showToast({
            kind: r.changed > 0 ? "success" : "info",
            title:
              r.changed === 0
                ? "Nothing changed"
                : profile === null
                  ? `Back to the default profile: ${r.changed} of ${r.requested}`
                  : `Profile ${profile}: ${r.changed} of ${r.requested}`,
            detail: [
              r.changed > 0 ? "It applies at the next scan of each title." : "",
              r.unchanged > 0 ? `${r.unchanged} already had it.` : "",
              gone > 0 ? `${gone} no longer in the library.` : "",
            ]
              .filter(Boolean)
              .join(" "),
          });
          onDone();
        },
      },
    );
  };
  return (
    <Dialog
      title={`Set profile: ${what}`}
      onClose={onClose}
      actions={
        <>
          <button type="button" class="button" onClick={onClose}>
            Cancel
          </button>
          <button
            type="submit"
            form="bulk-profile-form"
            class="button primary"
            disabled={choice === null || assign.isPending}
          >
            Apply to {what}
          </button>
        </>
      }
    >
      {!profiles.data ? (
        <p class="muted">Loading the profiles…</p>
      ) : (
        <form id="bulk-profile-form" class="stack" onSubmit={submit}>
          <div class="stack" role="radiogroup" aria-label="Profile">
            {named.map(([name, p]) => (
              <label key={name} class="check">
                <input
                  type="radio"
                  name="bulk-profile"
                  value={name}
                  checked={choice === name}
                  onChange={() => setChoice(name)}
                />
                <span>
                  <strong>{name}</strong> <span class="muted">{p.languages.join(", ")}</span>
                </span>
              </label>
            ))}
            <label class="check">
              <input
                type="radio"
                name="bulk-profile"
                value={DEFAULT}
                checked={choice === DEFAULT}
                onChange={() => setChoice(DEFAULT)}
              />
              <span>
                <strong>Default</strong> <span class="muted">(follow tags/default)</span>
              </span>
            </label>
          </div>
          {named.length === 0 && (
            <p class="muted">
              No named profile is configured: add one in{" "}
              <Link href="/settings/general">Settings → General</Link>.
            </p>
          )}
          <p class="muted">
            A named profile keeps the fields each title's own profile sets; Default removes them too. It
            applies at the next scan of each title.
          </p>
          {leftOut && <p class="muted">{leftOut}</p>}
          {problem && (
            <div class="alert" role="alert">
              {problem.detail ?? problem.title}
            </div>
          )}
        </form>
      )}
    </Dialog>
  );
}
