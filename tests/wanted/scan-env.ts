import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { manualClock } from "../../src/clock.ts";
import { configSchema } from "../../src/config/schema.ts";
import { type DbHandle, openDatabase } from "../../src/db/client.ts";
import { migrate } from "../../src/db/migrate.ts";
import type { LibrarySource } from "../../src/library/index.ts";
import { createRadarrClient } from "../../src/library/radarr.ts";
import { createSonarrClient } from "../../src/library/sonarr.ts";
import { createStandaloneSource } from "../../src/library/standalone.ts";
import { silentLogger } from "../../src/log.ts";
import type { StreamInspector } from "../../src/media/inspector.ts";
import { createScanner, type ScannerDeps, type ScanRequest } from "../../src/wanted/scanner.ts";
import { type FakeRadarr, startFakeRadarr } from "../fakes/radarr.ts";
import { type FakeSonarr, startFakeSonarr } from "../fakes/sonarr.ts";

/** A fake Sonarr and Radarr, an in-memory database and a temp media tree, for scanner tests. */
export interface ScanEnv {
  sonarr: FakeSonarr;
  radarr: FakeRadarr;
  db: DbHandle;
  media: string;
  clock: ReturnType<typeof manualClock>;
  close(): Promise<void>;
}

/** `file`: the database is a file in the temp tree (a scan's writer thread needs one). */
export async function startScanEnv(options: { file?: boolean } = {}): Promise<ScanEnv> {
  const media = mkdtempSync(join(tmpdir(), "subhound-scan-env-"));
  const db = openDatabase({ path: options.file ? join(media, "data", "subhound.db") : ":memory:" });
  migrate(db.sqlite);
  const sonarr = await startFakeSonarr({ apiKey: "sonarr-key" });
  const radarr = await startFakeRadarr({ apiKey: "radarr-key" });
  return {
    sonarr,
    radarr,
    db,
    media,
    clock: manualClock("2026-11-24T10:00:00Z"),
    async close() {
      await sonarr.stop();
      await radarr.stop();
      db.close();
      rmSync(media, { recursive: true, force: true });
    },
  };
}

/** Every path answers at once with no streams, and is counted. */
export function fakeInspector() {
  const calls: string[] = [];
  const inspector: StreamInspector = {
    async inspect(path) {
      calls.push(path);
      return { ok: true, streams: [], cached: false, mtimeMs: null };
    },
  };
  return { inspector, calls };
}

export function makeScanner(
  env: ScanEnv,
  options: {
    sources?: ("sonarr" | "radarr")[];
    standaloneRoots?: string[];
    /** The standalone walk's directory read (a test denies a folder: root reads every one). */
    standaloneReadDirectory?: (path: string) => Promise<import("node:fs").Dirent[]>;
    inspector?: StreamInspector;
    scan?: object;
    /** More config keys (profile, profiles, profileTags…). */
    config?: Record<string, unknown>;
    writes?: ScannerDeps["writes"];
    createWriter?: ScannerDeps["createWriter"];
    onProgress?: ScannerDeps["onProgress"];
    mounts?: ScannerDeps["mounts"];
    createFinder?: ScannerDeps["createFinder"];
  } = {},
) {
  const config = configSchema.parse({
    languages: ["en"],
    ...options.config,
    scan: options.scan ?? {},
    sonarr: [{ name: "main", url: env.sonarr.url, apiKey: "sonarr-key", retries: 0, timeoutMs: 2000 }],
    radarr: [{ name: "movies", url: env.radarr.url, apiKey: "radarr-key", retries: 0, timeoutMs: 2000 }],
    pathMappings: [
      { from: "/tv", to: join(env.media, "tv") },
      { from: "/movies", to: join(env.media, "movies") },
    ],
  });
  const kinds = options.sources ?? (options.standaloneRoots ? [] : ["sonarr"]);
  const sources: LibrarySource[] = [];
  if (kinds.includes("sonarr"))
    sources.push(
      createSonarrClient({ instance: config.sonarr[0]!, globalPathMappings: config.pathMappings }),
    );
  if (kinds.includes("radarr"))
    sources.push(
      createRadarrClient({ instance: config.radarr[0]!, globalPathMappings: config.pathMappings }),
    );
  if (options.standaloneRoots)
    sources.push(
      createStandaloneSource({
        roots: options.standaloneRoots,
        ...(options.standaloneReadDirectory ? { readDirectory: options.standaloneReadDirectory } : {}),
      }),
    );
  return createScanner({
    db: env.db,
    clock: env.clock,
    log: silentLogger,
    config,
    sources,
    inspector: options.inspector ?? fakeInspector().inspector,
    ...(options.writes ? { writes: options.writes } : {}),
    ...(options.createWriter ? { createWriter: options.createWriter } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...(options.mounts ? { mounts: options.mounts } : {}),
    ...(options.createFinder ? { createFinder: options.createFinder } : {}),
  });
}

/** The wanted rows (any status) as `title S01E02 lang/variant`, sorted; movies without the episode part. */
export function wantedSlots(env: ScanEnv): string[] {
  return env.db.sqlite
    .query<{ title: string; season: number | null; episodes: string; language: string; variant: string }, []>(
      `SELECT f.title, f.season, f.episodes_json AS episodes, w.language, w.variant
       FROM wanted_items w JOIN media_files f ON f.id = w.media_file_id`,
    )
    .all()
    .map((r) => {
      const episode =
        r.season === null
          ? ""
          : ` S${String(r.season).padStart(2, "0")}${(JSON.parse(r.episodes) as number[]).map((e) => `E${String(e).padStart(2, "0")}`).join("")}`;
      return `${r.title}${episode} ${r.language}/${r.variant}`;
    })
    .sort();
}

export type TestScanner = ReturnType<typeof makeScanner>;

export async function scan(scanner: TestScanner, request: Partial<ScanRequest> = {}) {
  const started = scanner.start({ mode: "full", trigger: "api", ...request });
  if (!started.ok) throw new Error(`scan ${started.runningScanId} already running`);
  return started.done;
}

export interface ItemState {
  id: number;
  status: string;
  path: string;
  missingSince: string | null;
}

export function items(env: ScanEnv): ItemState[] {
  return env.db.sqlite
    .query<ItemState, []>(
      `SELECT w.id, w.status, f.path, f.missing_since AS missingSince
       FROM wanted_items w JOIN media_files f ON f.id = w.media_file_id ORDER BY f.path, w.id`,
    )
    .all();
}

export function ignore(env: ScanEnv, itemId: number) {
  env.db.sqlite.run("UPDATE wanted_items SET status = 'ignored' WHERE id = ?", [itemId]);
}

export function touch(path: string, content = "") {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
}
