// Replaced at compile time by scripts/compile.ts through `define`; from source they read as "dev".
declare const SUBHOUND_VERSION: string | undefined;
declare const SUBHOUND_COMMIT: string | undefined;
declare const SUBHOUND_BUILD_DATE: string | undefined;

import pkg from "../package.json" with { type: "json" };

export interface BuildInfo {
  version: string;
  commit: string;
  buildDate: string;
  compiled: boolean;
}

export const buildInfo: BuildInfo = {
  version: typeof SUBHOUND_VERSION === "string" ? SUBHOUND_VERSION : `${pkg.version}-dev`,
  commit: typeof SUBHOUND_COMMIT === "string" ? SUBHOUND_COMMIT : "dev",
  buildDate: typeof SUBHOUND_BUILD_DATE === "string" ? SUBHOUND_BUILD_DATE : "dev",
  compiled: typeof SUBHOUND_VERSION === "string",
};
