/**
 * Worker entry: copies one SQLite database per message (VACUUM INTO on a connection of its own),
 * so a copy of a large database never holds the server's event loop. Listed as a build entrypoint
 * in scripts/compile.ts so that the compiled binary carries it.
 */
import { Database } from "bun:sqlite";
import { deleteSettings } from "../db/app-settings.ts";
import { openDatabase } from "../db/client.ts";
import type { CopyJob, CopyReply } from "./backup-copy.ts";

declare const self: Worker;

function copy({ from, to, withoutSettings }: CopyJob): void {
  // A read transaction of its own: a consistent snapshot while the server goes on writing (WAL).
  const source = new Database(from, { readonly: true, strict: true });
  try {
    source.run("PRAGMA busy_timeout = 5000");
    source.run("VACUUM INTO ?", [to]);
  } finally {
    source.close();
  }
  if (withoutSettings.length === 0) return;
  const target = openDatabase({ path: to, wal: false });
  try {
    // Overwrites the deleted values with zeros instead of only unlinking them from the page.
    target.sqlite.run("PRAGMA secure_delete = ON");
    deleteSettings(target, withoutSettings);
  } finally {
    target.close();
  }
}

self.onmessage = (event: MessageEvent<CopyJob>) => {
  let reply: CopyReply;
  try {
    copy(event.data);
    reply = { ok: true };
  } catch (error) {
    reply = { ok: false, error: (error as Error)?.message ?? String(error) };
  }
  self.postMessage(reply);
};
