import { afterAll } from "bun:test";

/**
 * Preloaded (bunfig.toml): what outlives one test file, such as the shared browser, is ended here,
 * once, after the last file of the run. `bun test` exits without an `exit` event, so nothing else
 * would close it (Chromium would quit on its own when its pipe closes, leaving its profile in /tmp).
 */
const ends: (() => Promise<void>)[] = [];

export function atRunEnd(end: () => Promise<void>): void {
  ends.push(end);
}

afterAll(async () => {
  for (const end of ends.splice(0)) await end();
});
