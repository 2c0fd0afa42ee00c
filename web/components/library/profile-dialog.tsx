import { useState } from "preact/hooks";
import { ApiProblem } from "../../api/client.ts";
import {
  type OverrideFields,
  type OverrideTarget,
  useEffectiveProfile,
  useProfiles,
  useSaveOverride,
} from "../../api/library.ts";
import { Dialog } from "../dialog.tsx";
import { showToast } from "../toast.tsx";
import { ProfileCutoffField } from "./profile-cutoff-field.tsx";
import { ProfileLibraryFields } from "./profile-library-fields.tsx";
import { ProfileSyncOverrideFields } from "./profile-sync-fields.tsx";
import { ProfileUpgradeFields } from "./profile-upgrade-fields.tsx";

const CHOICES = {
  forced: [
    ["off", "full subtitles only"],
    ["separate", "full and forced, separately"],
  ],
  hearingImpaired: [
    ["include", "take HI ones"],
    ["prefer", "prefer HI ones"],
    ["exclude", "never HI ones"],
  ],
  embedded: [
    ["text", "embedded text streams count"],
    ["any", "any embedded stream counts"],
    ["none", "embedded streams never count"],
  ],
} as const;
type Choice = keyof typeof CHOICES;

/**
 * The profile of one series or movie: the default profile, or an override of some of its fields
 * (PUT /profiles/overrides). Clearing every field returns it to the default. Applies at its next scan.
 */
export function ProfileDialog({
  target,
  title,
  onClose,
}: {
  target: OverrideTarget;
  title: string;
  onClose: () => void;
}) {
  const profiles = useProfiles();
  const save = useSaveOverride();
  const existing = profiles.data?.overrides.find(
    (o) => o.instance === target.instance && o.kind === target.kind && o.arrId === target.arrId,
  );
  const [draft, setDraft] = useState<OverrideFields | null>(null);
  const value = draft ?? existing?.override ?? {};
  const effective = useEffectiveProfile(target);
  // Empty fields follow the named profile the item chose, else its tag's profile, else the default.
  const base =
    (value.profileName && profiles.data?.named[value.profileName]) ||
    effective.data?.inherited.profile ||
    profiles.data?.default;
  const [languages, setLanguages] = useState<string | null>(null);
  const languagesText = languages ?? value.languages?.join(", ") ?? "";
  const codes = languagesText
    .split(/[,\s]+/)
    .map((c) => c.trim())
    .filter(Boolean);
  const problem = save.error instanceof ApiProblem ? save.error.problem : null;

  const set = (field: Choice, choice: string) => {
    const next: Record<string, unknown> = { ...value };
    if (choice === "") delete next[field];
    else next[field] = choice;
    setDraft(next as OverrideFields);
  };
  const submit = (event: Event) => {
    event.preventDefault();
    const override: OverrideFields = { ...value };
    if (codes.length > 0) override.languages = codes;
    else delete override.languages;
    save.mutate(
      { target, override, existingId: existing?.id ?? null },
      {
        onSuccess: () => {
          showToast({
            kind: "success",
            title: Object.keys(override).length > 0 ? "Profile saved" : "Back to the default profile",
            detail: "It applies at the next scan of this title.",
          });
          onClose();
        },
      },
    );
  };
  return (
    <Dialog
      title={`Profile: ${title}`}
      onClose={onClose}
      actions={
        <>
          <button type="button" class="button" onClick={onClose}>
            Cancel
          </button>
          {existing && (
            <button
              type="button"
              class="button"
              disabled={save.isPending}
              onClick={() => {
                setDraft({});
                setLanguages("");
              }}
            >
              Use the default
            </button>
          )}
          <button type="submit" form="profile-form" class="button primary" disabled={save.isPending || !base}>
            Save
          </button>
        </>
      }
    >
      {!base ? (
        <p class="muted">Loading the profiles…</p>
      ) : (
        <form id="profile-form" class="stack" onSubmit={submit}>
          <p class="muted">
            Empty fields follow the default profile, shown as the placeholder or first choice.
          </p>
          <label class="field">
            <span>Languages</span>
            <input
              class="input"
              value={languagesText}
              placeholder={base.languages.join(", ")}
              onInput={(e) => setLanguages((e.target as HTMLInputElement).value)}
            />
          </label>
          <ProfileCutoffField
            id="override-cutoff"
            value={value.cutoff}
            languages={codes.length > 0 ? codes : base.languages}
            base={base}
            onChange={(cutoff) => {
              const next: OverrideFields = { ...value };
              if (cutoff === undefined) delete next.cutoff;
              else next.cutoff = cutoff;
              setDraft(next);
            }}
          />
          {(Object.keys(CHOICES) as Choice[]).map((field) => (
            <label key={field} class="field">
              <span>
                {field === "hearingImpaired"
                  ? "Hearing impaired"
                  : field === "forced"
                    ? "Forced"
                    : "Embedded"}
              </span>
              <select
                class="input"
                value={(value[field] as string | undefined) ?? ""}
                onChange={(e) => set(field, (e.target as HTMLSelectElement).value)}
              >
                <option value="">
                  Default: {CHOICES[field].find(([v]) => v === base[field])?.[1] ?? base[field]}
                </option>
                {CHOICES[field].map(([v, text]) => (
                  <option key={v} value={v}>
                    {text}
                  </option>
                ))}
              </select>
            </label>
          ))}
          <ProfileUpgradeFields value={value} base={base} onChange={setDraft} />
          <ProfileSyncOverrideFields base={base} value={value} onChange={(next) => setDraft(next)} />
          <ProfileLibraryFields
            value={value}
            base={base}
            named={Object.keys(profiles.data?.named ?? {})}
            inherited={effective.data?.inherited.origin}
            idPrefix="override"
            onChange={setDraft}
          />
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
