import { integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";

/** Small key/value settings the service owns (e.g. the generated API key). */
export const appSettings = sqliteTable("app_settings", {
  key: text().primaryKey(),
  value: text().notNull(),
  updatedAt: text().notNull(),
});

/**
 * What a probe found in a file, keyed by everything that would make the answer stale:
 * the file's size and mtime, and the prober's version (bumped whenever its output changes).
 */
export const probeCache = sqliteTable(
  "probe_cache",
  {
    path: text().notNull(),
    size: integer().notNull(),
    mtimeMs: integer().notNull(),
    probeVersion: integer().notNull(),
    engine: text().notNull(),
    streamsJson: text().notNull(),
    probedAt: text().notNull(),
  },
  (t) => [primaryKey({ columns: [t.path] })],
);
