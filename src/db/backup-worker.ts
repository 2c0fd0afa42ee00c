/**
 * Worker entry: copies one SQLite database per message (VACUUM INTO on a connection of its own),
 * so a copy of a large database never holds the server's event loop. Listed as a build entrypoint
 * in scripts/compile.ts so that the compiled binary carries it.
 */
import { Database } from "bun:sqlite";
import { drizzle } from "drizzle-orm/bun-sqlite";
import { deleteSettings } from "./app-settings.ts";
import type { CopyJob, CopyReply } from "./backup-copy.ts";
import * as schema from "./schema.ts";

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
  // Not openDatabase: its pragmas would add planner statistics the original does not have.
  const sqlite = new Database(to, { strict: true });
  try {
    // Overwrites the deleted values with zeros instead of only unlinking them from the page.
    sqlite.run("PRAGMA secure_delete = ON");
    const db = drizzle({ client: sqlite, schema, casing: "snake_case" });
    deleteSettings({ sqlite, db, path: to, close: () => sqlite.close() }, withoutSettings);
  } finally {
    sqlite.close();
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
