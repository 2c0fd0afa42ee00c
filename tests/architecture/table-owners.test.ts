import { describe, expect, test } from "bun:test";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { getTableName } from "drizzle-orm";
import { SQLiteTable } from "drizzle-orm/sqlite-core";
import * as schema from "../../src/db/schema.ts";

const SRC = join(import.meta.dir, "../../src");

/**
 * Per table, the only files of src/ that may name it (SQL text or the drizzle table symbol); an entry
 * ending in "/" admits a folder. The schema itself and the migration runner are not counted.
 * Cross-aggregate reads are allowed where they are, each with a comment in the file naming the table.
 */
const OWNERS: Record<string, readonly string[]> = {
  app_settings: ["db/app-settings.ts"],
  // probe_cache prunes the probes of files no library lists (a NOT IN over media_files.path).
  media_files: ["wanted/store/", "media/probe/cache.ts"],
  wanted_items: ["wanted/store/"],
  wanted_tallies: ["wanted/store/"],
  wanted_list_version: ["wanted/store/"],
  // What a scan saw of a series it found unchanged (migration 0017's triggers keep its count).
  series_scan_stamps: ["wanted/store/series-stamps.ts"],
  // The full-text index over titles and paths (a migration's virtual table), read by the list.
  media_search: ["wanted/store/"],
  // How far that index is built (migration 0018): files above it are indexed once a scan ended.
  media_search_cursor: ["wanted/store/search-index.ts"],
  probe_cache: ["media/probe/cache.ts"],
  scan_sources: ["wanted/scan-sources-store.ts"],
  scan_runs: ["runs/run-store.ts"],
  search_runs: ["runs/run-store.ts"],
  job_runs: ["runs/run-store.ts"],
  profile_overrides: ["wanted/profile-store.ts"],
  // The wanted store reads the latest action per item (list, detail) and which items have history (removal).
  subtitle_history: ["wanted/history-store.ts", "wanted/store/"],
  blacklist: ["wanted/history-store.ts"],
  provider_state: ["providers/provider-state-store.ts"],
  ui_sessions: ["auth/session-store.ts"],
  subtitle_syncs: ["sync/sync-store.ts"],
};

const NOT_COUNTED = new Set(["db/schema.ts", "db/migrate.ts"]);

/** Table name → its drizzle symbol, from the schema itself. */
function tableSymbols(): Map<string, string> {
  const out = new Map<string, string>();
  for (const [symbol, value] of Object.entries(schema)) {
    if (value instanceof SQLiteTable) out.set(getTableName(value), symbol);
  }
  return out;
}

const withoutComments = (text: string) => text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "");

/** Whether `text` names `table`: in SQL (a keyword before it) or by importing its drizzle symbol. */
export function namesTable(text: string, table: string, symbol: string | undefined): boolean {
  const code = withoutComments(text);
  const sql = new RegExp(`\\b(FROM|JOIN|INTO|UPDATE|TABLE|EXISTS)\\s+${table}\\b`);
  if (sql.test(code)) return true;
  if (!symbol) return false;
  const imports = code.matchAll(/import\s+(?:type\s+)?\{([^}]*)\}\s*from\s*"(?:[^"]*\/)?schema(?:\.ts)?"/g);
  for (const m of imports) {
    if (m[1]!.split(",").some((s) => s.trim().replace(/^type\s+/, "") === symbol)) return true;
  }
  return new RegExp(`\\bschema\\.${symbol}\\b`).test(code);
}

function sourceFiles(): { path: string; text: string }[] {
  return (readdirSync(SRC, { recursive: true }) as string[])
    .map((p) => p.split("\\").join("/"))
    .filter((p) => /\.tsx?$/.test(p) && !NOT_COUNTED.has(p))
    .sort()
    .map((path) => ({ path, text: readFileSync(join(SRC, path), "utf8") }));
}

const allowed = (path: string, owners: readonly string[]) =>
  owners.some((o) => (o.endsWith("/") ? path.startsWith(o) : path === o));

describe("table owners", () => {
  test("every table of the schema has its owners listed", () => {
    expect([...tableSymbols().keys()].filter((t) => !(t in OWNERS))).toEqual([]);
  });

  test("no file outside a table's store names the table", () => {
    const symbols = tableSymbols();
    const files = sourceFiles();
    const strays: string[] = [];
    for (const [table, owners] of Object.entries(OWNERS)) {
      for (const f of files) {
        if (namesTable(f.text, table, symbols.get(table)) && !allowed(f.path, owners))
          strays.push(`src/${f.path} names ${table}`);
      }
    }
    expect(strays).toEqual([]);
  });

  test("every listed owner names its table (the list stays true)", () => {
    const symbols = tableSymbols();
    const files = sourceFiles();
    const idle: string[] = [];
    for (const [table, owners] of Object.entries(OWNERS)) {
      for (const owner of owners) {
        const hit = files.some(
          (f) => allowed(f.path, [owner]) && namesTable(f.text, table, symbols.get(table)),
        );
        if (!hit) idle.push(`${owner} for ${table}`);
      }
    }
    expect(idle).toEqual([]);
  });

  test("the check sees SQL and drizzle symbols, and ignores comments and prose", () => {
    expect(
      namesTable("db.query(`SELECT id FROM wanted_items WHERE id = ?`)", "wanted_items", "wantedItems"),
    ).toBe(true);
    expect(namesTable("sql`UPDATE  blacklist SET x = 1`", "blacklist", "blacklist")).toBe(true);
    expect(
      namesTable(
        'import { and } from "drizzle-orm";\nimport { wantedItems } from "../db/schema.ts";',
        "wanted_items",
        "wantedItems",
      ),
    ).toBe(true);
    expect(
      namesTable('import { type mediaFiles, x } from "../../db/schema.ts";', "media_files", "mediaFiles"),
    ).toBe(true);
    expect(namesTable('import { appSettings } from "./schema.ts";', "app_settings", "appSettings")).toBe(
      true,
    );
    expect(namesTable("// SELECT * FROM wanted_items\nconst a = 1;", "wanted_items", "wantedItems")).toBe(
      false,
    );
    expect(namesTable('const path = "/blacklist"; // add to the blacklist', "blacklist", "blacklist")).toBe(
      false,
    );
  });
});
