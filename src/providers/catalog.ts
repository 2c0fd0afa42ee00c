import type { Config } from "../config/schema.ts";
import type { ProviderName, SubtitleProvider } from "./types.ts";

type CredentialField = "apiKey" | "username" | "password";

/** What the rest of Subhound (API, UI, config help) knows of a provider; its module does the work. */
export interface ProviderInfo {
  /** As people write it, e.g. "OpenSubtitles". */
  title: string;
  /** What it is good for, so a disabled provider's card says why one would turn it on. */
  goodFor: string;
  /** Secrets and account settings it reads; the API says whether each is set, never its value. */
  credentials: { field: CredentialField; required: boolean; purpose: string }[];
  /** Loads the module only when the provider is enabled (its parsers too): an idle server never needs them. */
  create: (config: Config["providers"]) => SubtitleProvider;
}

/**
 * Every provider in one place. Adding one is its module, its name in `PROVIDER_NAMES`, its entry
 * here and its config block (`config/providers.ts`); the API and the web UI read the rest from here.
 */
export const PROVIDER_CATALOG: Record<ProviderName, ProviderInfo> = {
  opensubtitles: {
    title: "OpenSubtitles",
    goodFor: "Movies and TV; matches by file hash",
    credentials: [
      { field: "apiKey", required: true, purpose: "API consumer key from opensubtitles.com" },
      { field: "username", required: true, purpose: "Account login: downloads need a user token" },
      { field: "password", required: true, purpose: "Account login: downloads need a user token" },
    ],
    create: (c) =>
      (require("./opensubtitles.ts") as typeof import("./opensubtitles.ts")).createOpenSubtitlesProvider(
        c.opensubtitles,
      ),
  },
  subdl: {
    title: "SubDL",
    goodFor: "Movies and TV",
    credentials: [{ field: "apiKey", required: true, purpose: "API key from subdl.com" }],
    create: (c) => (require("./subdl.ts") as typeof import("./subdl.ts")).createSubdlProvider(c.subdl),
  },
  jimaku: {
    title: "Jimaku",
    goodFor: "Anime, Japanese",
    credentials: [{ field: "apiKey", required: true, purpose: "API key from jimaku.cc" }],
    create: (c) => (require("./jimaku.ts") as typeof import("./jimaku.ts")).createJimakuProvider(c.jimaku),
  },
  animetosho: {
    title: "AnimeTosho",
    goodFor: "Anime; needs AniDB episode ids",
    credentials: [],
    create: (c) =>
      (require("./animetosho.ts") as typeof import("./animetosho.ts")).createAnimeToshoProvider(c.animetosho),
  },
  podnapisi: {
    title: "Podnapisi",
    goodFor: "Movies and TV, many languages; no account needed",
    credentials: [],
    create: (c) =>
      (require("./podnapisi.ts") as typeof import("./podnapisi.ts")).createPodnapisiProvider(c.podnapisi),
  },
  gestdown: {
    title: "Gestdown",
    goodFor: "TV (Addic7ed's subtitles); no account needed",
    credentials: [],
    create: (c) =>
      (require("./gestdown.ts") as typeof import("./gestdown.ts")).createGestdownProvider(c.gestdown),
  },
};
