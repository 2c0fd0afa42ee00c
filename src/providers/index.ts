import type { Config } from "../config/schema.ts";
import { createAnimeToshoProvider } from "./animetosho.ts";
import { createGestdownProvider } from "./gestdown.ts";
import { createJimakuProvider } from "./jimaku.ts";
import { createOpenSubtitlesProvider } from "./opensubtitles.ts";
import { createPodnapisiProvider } from "./podnapisi.ts";
import { createSubdlProvider } from "./subdl.ts";
import type { ProviderName, SubtitleProvider } from "./types.ts";

const factories: Record<ProviderName, (config: Config["providers"]) => SubtitleProvider> = {
  opensubtitles: (c) => createOpenSubtitlesProvider(c.opensubtitles),
  subdl: (c) => createSubdlProvider(c.subdl),
  jimaku: (c) => createJimakuProvider(c.jimaku),
  animetosho: (c) => createAnimeToshoProvider(c.animetosho),
  podnapisi: (c) => createPodnapisiProvider(c.podnapisi),
  gestdown: (c) => createGestdownProvider(c.gestdown),
};

/** The enabled providers with their priorities (lower is asked first and wins ties). */
export function buildProviders(
  config: Config["providers"],
): { provider: SubtitleProvider; priority: number }[] {
  return (Object.keys(factories) as ProviderName[])
    .filter((name) => config[name].enabled)
    .map((name) => ({ provider: factories[name](config), priority: config[name].priority }));
}
