import type { ProviderStatus } from "../../api/dashboard.ts";
import { useResumeProvider } from "../../api/providers.ts";
import { showToast } from "../../components/toast.tsx";

/** What keeps the provider from being asked that the user may lift: a quota pause, an open breaker. */
export function pausedBy(provider: ProviderStatus): string | null {
  const quota = provider.quota.pausedUntil !== null;
  const breaker = provider.breaker === "open";
  if (quota && breaker) return "the quota pause and the open breaker";
  if (quota) return "the quota pause";
  if (breaker) return "the open breaker";
  return null;
}

export const resumeHintId = (name: string) => `resume-hint-${name}`;

/** The card's line saying what Resume now does; shown only while the provider is paused. */
export function ResumeHint({ provider, cause }: { provider: ProviderStatus; cause: string }) {
  return (
    <>
      <dt>Paused</dt>
      <dd id={resumeHintId(provider.name)}>
        Searches skip it for now. Fixed the cause (a new account, the site back up)? Resume now lifts {cause}{" "}
        at once; its rate limit still applies.
      </dd>
    </>
  );
}

/** Resume now: the next search asks the provider again instead of waiting out the pause. */
export function ResumeButton({ provider }: { provider: ProviderStatus }) {
  const resume = useResumeProvider();
  return (
    <button
      type="button"
      class="button primary"
      aria-label={`Resume ${provider.title} now`}
      aria-describedby={resumeHintId(provider.name)}
      disabled={resume.isPending}
      onClick={() =>
        resume.mutate(provider.name, {
          onSuccess: () =>
            showToast({
              kind: "success",
              title: `${provider.title} resumed`,
              detail: "The next search asks it again.",
            }),
        })
      }
    >
      {resume.isPending ? "Resuming…" : "Resume now"}
    </button>
  );
}
