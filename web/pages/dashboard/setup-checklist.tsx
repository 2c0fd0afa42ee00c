import { useProviders, useSystemStatus } from "../../api/dashboard.ts";
import { EmptyState } from "../../components/empty-state.tsx";

interface ConfigView {
  sonarr?: unknown[];
  radarr?: unknown[];
  standalone?: { roots?: unknown[] };
}

/** Until a library source and a provider exist there is nothing to show: say which keys to set. */
export function SetupChecklist() {
  const system = useSystemStatus();
  const providers = useProviders();
  if (!system.data || !providers.data) return null;
  const config = system.data.config as ConfigView;
  const noLibrary =
    (config.sonarr?.length ?? 0) === 0 &&
    (config.radarr?.length ?? 0) === 0 &&
    (config.standalone?.roots?.length ?? 0) === 0;
  const noProvider = !providers.data.some((p) => p.enabled);
  if (!noLibrary && !noProvider) return null;
  return (
    <section class="card" aria-labelledby="setup-title">
      <EmptyState title={noLibrary && noProvider ? "Subhound is not set up yet" : "One more step"}>
        <ul>
          {noLibrary && (
            <li>
              <strong>No library source.</strong> Add a Sonarr or Radarr instance (<code>[[sonarr]]</code>{" "}
              with <code>url</code> and <code>apiKey</code>, or <code>SUBHOUND_SONARR__0__URL</code> and{" "}
              <code>SUBHOUND_SONARR__0__API_KEY</code>; the same for <code>radarr</code>), or folders to scan
              without them in <code>standalone.roots</code>.
            </li>
          )}
          {noProvider && (
            <li>
              <strong>No subtitle provider enabled.</strong> Set{" "}
              <code>providers.&lt;name&gt;.enabled = true</code> for at least one provider, e.g.{" "}
              <code>SUBHOUND_PROVIDERS__PODNAPISI__ENABLED=true</code> (some need an <code>apiKey</code>).
            </li>
          )}
        </ul>
        <p>
          Edit <code>config.toml</code> in the data folder (<code>{system.data.dataDir}</code>), then restart
          Subhound. Every key is listed in the README's configuration reference.
        </p>
      </EmptyState>
    </section>
  );
}
