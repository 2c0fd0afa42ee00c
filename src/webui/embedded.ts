import type { WebFile } from "./bundle.ts";

/**
 * The UI built at compile time: `scripts/compile.ts` replaces this module's body with the files.
 * Null when running from source, where the UI is bundled on first request instead.
 */
export const embeddedWebFiles: WebFile[] | null = null;
