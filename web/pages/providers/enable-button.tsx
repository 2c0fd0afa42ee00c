import type { ProviderStatus } from "../../api/dashboard.ts";
import { useSaveSettings, useSettings } from "../../api/settings.ts";
import { showToast } from "../../components/toast.tsx";
import { problemText } from "../dashboard/first-run-steps.tsx";

type Providers = Record<string, Record<string, unknown>>;

/** The environment variable that switches a provider on or off; the page cannot change it then. */
export function useEnabledByEnv(name: string): string | undefined {
  return useSettings().data?.env[`providers.${name}.enabled`];
}

/**
 * Whether the card can switch it: not when the environment decides, nor to enable one that lacks a
 * key it needs (Settings → Providers has the field for it).
 */
export function canSwitch(provider: ProviderStatus, envSwitch: string | undefined): boolean {
  return !envSwitch && (provider.enabled || provider.credentials.every((c) => !c.required || c.set));
}

/** Turns a provider on or off as Settings → Providers would: saved to config.toml and applied at once. */
export function EnableButton({ provider }: { provider: ProviderStatus }) {
  const settings = useSettings();
  const save = useSaveSettings();
  const doc = settings.data;
  const enable = !provider.enabled;
  const toggle = () => {
    if (!doc) return;
    const providers = (doc.values.providers ?? {}) as Providers;
    save.mutate(
      {
        revision: doc.revision,
        values: {
          providers: { ...providers, [provider.name]: { ...providers[provider.name], enabled: enable } },
        },
      },
      {
        onSuccess: () =>
          showToast({ kind: "success", title: `${provider.title} ${enable ? "enabled" : "disabled"}` }),
        onError: (error) => {
          // The file changed meanwhile: the next click saves onto what it holds now.
          void settings.refetch();
          showToast({
            kind: "error",
            title: `${provider.title} not ${enable ? "enabled" : "disabled"}`,
            detail: problemText(error),
          });
        },
      },
    );
  };
  return (
    <button
      type="button"
      class={enable ? "button primary" : "button"}
      aria-label={`${enable ? "Enable" : "Disable"} ${provider.title}`}
      disabled={!doc || save.isPending}
      onClick={toggle}
    >
      {enable ? "Enable" : "Disable"}
    </button>
  );
}
