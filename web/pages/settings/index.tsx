import { Link } from "wouter-preact";
import { ApiProblem } from "../../api/client.ts";
import { type SettingsDocument, useSaveSettings, useSettings } from "../../api/settings.ts";
import { Skeleton } from "../../components/skeleton.tsx";
import { showToast } from "../../components/toast.tsx";
import { RestartButton } from "../system/restart-button.tsx";
import { AuthenticationSection } from "./authentication-section.tsx";
import {
  discardDraft,
  type SettingsForm,
  sentDraft,
  setErrors,
  settleSavedDraft,
  submission,
  useSettingsForm,
} from "./form-state.ts";
import { GeneralSection } from "./general-section.tsx";
import { LibrarySection } from "./library-section.tsx";
import { MediaServersSection } from "./media-servers-section.tsx";
import { NotificationsSection } from "./notifications-section.tsx";
import { ProvidersSection } from "./providers-section.tsx";
import { SchedulesSection } from "./schedules-section.tsx";
import { TranslationSection } from "./translation-section.tsx";

/** The sections, each its own address; `keys` says which top-level keys an error may belong to. */
const SECTIONS = [
  {
    slug: "general",
    title: "General",
    keys: [
      "languages",
      "profile",
      "profiles",
      "profileTags",
      "naming",
      "server",
      "log",
      "dataDir",
      "database",
    ],
  },
  { slug: "library", title: "Library sources", keys: ["sonarr", "radarr", "standalone", "pathMappings"] },
  { slug: "providers", title: "Providers", keys: ["providers", "proxy"] },
  { slug: "translation", title: "Translation & Whisper", keys: ["translation", "whisper"] },
  { slug: "media-servers", title: "Media servers", keys: ["mediaServers"] },
  { slug: "notifications", title: "Notifications", keys: ["notifications"] },
  { slug: "schedules", title: "Schedules", keys: ["scan", "search", "upgrades", "webhooks", "maintenance"] },
  { slug: "authentication", title: "Authentication", keys: ["auth"] },
] as const;
type Slug = (typeof SECTIONS)[number]["slug"];

function Section({ slug, form, doc }: { slug: Slug; form: SettingsForm; doc: SettingsDocument }) {
  switch (slug) {
    case "general":
      return <GeneralSection form={form} />;
    case "library":
      return <LibrarySection form={form} doc={doc} />;
    case "providers":
      return <ProvidersSection form={form} doc={doc} />;
    case "translation":
      return <TranslationSection form={form} doc={doc} />;
    case "media-servers":
      return <MediaServersSection form={form} doc={doc} />;
    case "notifications":
      return <NotificationsSection form={form} doc={doc} />;
    case "schedules":
      return <SchedulesSection form={form} />;
    case "authentication":
      return <AuthenticationSection form={form} />;
  }
}

const sectionOf = (path: string) =>
  SECTIONS.find((s) => (s.keys as readonly string[]).includes(path.split(".")[0]!));

/**
 * Once the errors show (the next frame): focus the first field of this section with one, else the save
 * bar's link to where they are. Save was disabled while it ran, which had dropped the focus to <body>.
 */
function focusFirstError() {
  requestAnimationFrame(() => {
    const field = document.querySelector<HTMLElement>(
      ".settings-page .setting:has(.error-text) :is(input, select, textarea)",
    );
    const target = field ?? document.querySelector<HTMLElement>(".save-bar .error-text a");
    if (!target) return;
    // Centred: the sticky save bar would cover a field scrolled just into view at the bottom.
    target.focus({ preventScroll: true });
    target.scrollIntoView({ block: "center" });
  });
}

/** Unsaved changes, errors anywhere (with a link to their section), Save and Discard. */
function SaveBar({ form, doc }: { form: SettingsForm; doc: SettingsDocument }) {
  const save = useSaveSettings();
  const settings = useSettings();
  if (!form.dirty && form.errors.length === 0) return null;
  const onSave = () => {
    // The fields stay editable while it runs: what is typed meanwhile outlives the save. Handled on
    // the promise, not mutate's callbacks, which are dropped once the page is left: a save that ends
    // after the user went elsewhere still settles the draft (else it stays on the old revision: a 409).
    const sent = sentDraft(doc);
    save.mutateAsync(submission(doc)).then(
      (saved) => {
        settleSavedDraft(sent, saved.settings);
        showToast(
          saved.restartNeeded.length > 0
            ? {
                kind: "info",
                title: "Saved; some changes need a restart",
                detail: `Restart Subhound to apply ${saved.restartNeeded.join(", ")}`,
              }
            : { kind: "success", title: "Saved and applied" },
        );
      },
      (error) => {
        const problem = error instanceof ApiProblem ? error.problem : null;
        if (problem?.errors?.length) {
          setErrors(problem.errors);
          focusFirstError();
          return;
        }
        // The file changed meanwhile (by hand, another tab): Discard has to show it as it is now.
        if (problem?.status === 409) void settings.refetch();
        showToast({
          kind: "error",
          title: "Not saved",
          detail: problem?.detail ?? String(error),
        });
      },
    );
  };
  const elsewhere = [...new Set(form.errors.map((e) => sectionOf(e.path)).filter((s) => s !== undefined))];
  return (
    <section class="save-bar" aria-label="Unsaved changes">
      <div class="save-bar-text">
        {form.errors.length > 0 ? (
          <span class="error-text">
            {form.errors.length === 1 ? "1 setting needs" : `${form.errors.length} settings need`} a fix:{" "}
            {elsewhere.map((s, i) => (
              <span key={s.slug}>
                {i > 0 && ", "}
                <Link href={`/settings/${s.slug}`} onClick={focusFirstError}>
                  {s.title}
                </Link>
              </span>
            ))}
          </span>
        ) : (
          <span>Unsaved changes</span>
        )}
      </div>
      <button type="button" class="button" disabled={save.isPending} onClick={discardDraft}>
        Discard
      </button>
      <button type="button" class="button primary" disabled={save.isPending || !form.dirty} onClick={onSave}>
        {save.isPending ? "Saving…" : "Save"}
      </button>
    </section>
  );
}

function SettingsBody({ doc, slug }: { doc: SettingsDocument; slug: Slug }) {
  const form = useSettingsForm(doc);
  return (
    <>
      {doc.pendingRestart.length > 0 && (
        <div class="alert with-actions" data-tone="info" role="status">
          <span>
            Saved but not running yet: restart Subhound to apply {doc.pendingRestart.map((k) => k).join(", ")}
            .
          </span>
          <span class="card-actions">
            <RestartButton label="Restart now" primary />
          </span>
        </div>
      )}
      <Section slug={slug} form={form} doc={doc} />
      <SaveBar form={form} doc={doc} />
    </>
  );
}

/** How Subhound is configured: every setting of config.toml, validated and applied on save. */
export default function SettingsPage({ params }: { params: { section?: string } }) {
  const settings = useSettings();
  const slug = (SECTIONS.find((s) => s.slug === params.section)?.slug ?? "general") as Slug;
  return (
    <div class="page settings-page">
      <div class="page-header">
        <div>
          <h1>Settings</h1>
          <p class="muted">
            {settings.data ? (
              <>
                Saved to <code>{settings.data.configFile}</code>
                {settings.data.fileExists
                  ? " (the previous version is kept as config.toml.bak)"
                  : " on first save"}
              </>
            ) : (
              "Loading settings…"
            )}
          </p>
        </div>
      </div>
      <nav class="tabs" aria-label="Settings sections">
        {SECTIONS.map((s) => (
          <Link key={s.slug} href={`/settings/${s.slug}`} aria-current={s.slug === slug ? "page" : undefined}>
            {s.title}
          </Link>
        ))}
      </nav>
      {settings.data ? (
        <SettingsBody doc={settings.data} slug={slug} />
      ) : (
        <section class="card" aria-busy="true">
          <Skeleton width="40%" />
          <p>
            <Skeleton />
          </p>
        </section>
      )}
    </div>
  );
}
