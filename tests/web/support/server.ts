import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { stringify } from "smol-toml";
import { loadConfig } from "../../../src/config/load.ts";
import type { ConfigInput } from "../../../src/config/schema.ts";
import { startServer } from "../../../src/listen.ts";
import { silentLogger } from "../../../src/log.ts";
import type { StreamInspection, StreamInspector } from "../../../src/media/inspector.ts";
import { createRuntime, type Runtime, type RuntimeOptions } from "../../../src/server.ts";
import { startFakeGestdown } from "../../fakes/gestdown.ts";
import { startFakePodnapisi } from "../../fakes/podnapisi.ts";
import { type FakeSonarr, startFakeSonarr } from "../../fakes/sonarr.ts";
import { type Json, TEST_API_KEY, testConfig } from "../../support/runtime.ts";

export interface UiServer {
  /** Where the UI is, including urlBase, without a trailing slash. */
  url: string;
  origin: string;
  runtime: Runtime;
  sonarr: FakeSonarr;
  /** The local media folder `/tv` maps to (the fake Sonarr's files are under it). */
  media: string;
  /** Holds every stream inspection until `release()`, so a scan stays visibly running. */
  gate: ScanGate;
  apiKey: string;
  stop(): Promise<void>;
}

export interface ScanGate extends StreamInspector {
  /** Lets every waiting and later inspection finish. */
  release(): void;
}

/** An inspector that reports no embedded streams once released. */
export function createScanGate(): ScanGate {
  let open: () => void = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return {
    async inspect(): Promise<StreamInspection> {
      await opened;
      return { ok: true, streams: [], cached: false, mtimeMs: null };
    },
    release: () => open(),
  };
}

export interface UiServerOptions {
  config?: ConfigInput;
  runtime?: Partial<RuntimeOptions>;
  /** Episodes of the fake Sonarr library (one series each), with real files in a temp media dir. */
  episodes?: number;
  /** Enable two providers (fake Podnapisi and Gestdown); false shows the "no provider" empty state. */
  providers?: boolean;
  /**
   * Start as `serve` does, from a config.toml in the data dir (what the Settings page edits), with
   * these SUBHOUND_* variables as the whole environment; the API key comes from SUBHOUND_API_KEY.
   */
  configFile?: { env?: Record<string, string> };
}

/**
 * A real Subhound on 127.0.0.1 (port 0) with a temp data dir and a fake Sonarr; the UI is bundled
 * from `web/` like `npm start` does. Everything it talks to is on loopback.
 */
export async function startUiServer(options: UiServerOptions = {}): Promise<UiServer> {
  const dataDir = mkdtempSync(join(tmpdir(), "subhound-ui-data-"));
  const media = mkdtempSync(join(tmpdir(), "subhound-ui-media-"));
  const sonarr = await startFakeSonarr({ apiKey: "sonarr-key" });
  for (let i = 1; i <= (options.episodes ?? 2); i++) {
    const show = sonarr.addSeries({ title: `Show ${i}`, path: `/tv/Show ${i}`, year: 2020 });
    const file = sonarr.addEpisodeFile(show.id, { season: 1, episodes: [1] });
    const video = join(media, `Show ${i}`, file.relativePath);
    mkdirSync(dirname(video), { recursive: true });
    writeFileSync(video, "video");
  }
  const gate = createScanGate();
  const fakes = options.providers === false ? [] : [await startFakePodnapisi(), await startFakeGestdown()];
  const [podnapisi, gestdown] = fakes;
  const input: ConfigInput = {
    languages: ["pt-BR", "de"],
    sonarr: [{ name: "main", url: sonarr.url, apiKey: "sonarr-key", retries: 0 }],
    pathMappings: [{ from: "/tv", to: media }],
    ...(podnapisi && gestdown
      ? {
          providers: {
            podnapisi: { enabled: true, baseUrl: podnapisi.url },
            gestdown: { enabled: true, baseUrl: gestdown.url, priority: 50 },
          },
        }
      : {}),
    ...options.config,
    server: { ...options.config?.server, host: "127.0.0.1", port: 0 },
  };
  let config = testConfig({ dataDir, ...input });
  // The settings API reads the temp data dir, never the environment or folder the tests run in.
  const env = { SUBHOUND_DATA_DIR: dataDir, SUBHOUND_API_KEY: TEST_API_KEY, ...options.configFile?.env };
  if (options.configFile) {
    writeFileSync(join(dataDir, "config.toml"), stringify(input));
    config = loadConfig({ env, cwd: dataDir }).config;
  }
  const runtime = createRuntime(config, {
    log: silentLogger,
    inspector: gate,
    env,
    cwd: dataDir,
    ...options.runtime,
  });
  const server = startServer(runtime);
  const origin = `http://127.0.0.1:${server.port}`;
  return {
    url: `${origin}${config.server.urlBase}`,
    origin,
    runtime,
    sonarr,
    media,
    gate,
    apiKey: TEST_API_KEY,
    async stop() {
      gate.release();
      await server.shutdown("test over");
      await sonarr.stop();
      for (const fake of fakes) await fake.stop();
      rmSync(dataDir, { recursive: true, force: true });
      rmSync(media, { recursive: true, force: true });
    },
  };
}

/** Subtitles "saved" over the last weeks, so the chart and the recent list have something to show. */
export function seedHistory(runtime: Runtime, now = new Date()): void {
  const insert = runtime.deps.db.sqlite.query(
    `INSERT INTO subtitle_history (instance, title, season, episodes_json, language, variant, provider, candidate_id, score, format, path, sha256, action, created_at)
     VALUES ('main', ?, ?, ?, ?, ?, ?, ?, ?, 'srt', ?, 'ab', ?, ?)`,
  );
  // As a save records them: the series' title, and which episode.
  const shows: [string, number, number][] = [
    ["Show 1", 1, 1],
    ["Show 2", 1, 1],
    ["The Expanse", 2, 3],
    ["Dark", 1, 4],
    ["Severance", 1, 2],
  ];
  let n = 0;
  for (let day = 27; day >= 0; day--) {
    const count = (day * 7) % 5;
    for (let i = 0; i < count; i++) {
      n++;
      const at = new Date(now.getTime() - day * 86_400_000 - i * 3_600_000 - 600_000);
      const [title, season, episode] = shows[n % shows.length]!;
      const action = n % 9 === 0 ? "translated" : "downloaded";
      insert.run(
        title,
        season,
        JSON.stringify([episode]),
        n % 3 === 0 ? "de" : "pt-BR",
        n % 7 === 0 ? "forced" : "full",
        n % 2 ? "podnapisi" : "gestdown",
        `c${n}`,
        300 + (n % 60),
        `/media/${title} S0${season}E0${episode}.srt`,
        action,
        at.toISOString(),
      );
    }
  }
}

/** A call to the server's API with its key, as a test sets up or checks what the page did: JSON, or null for 204. */
export async function callApi(
  server: Pick<UiServer, "url" | "apiKey">,
  path: string,
  init: RequestInit = {},
): Promise<Json> {
  const res = await fetch(`${server.url}/api/v1${path}`, {
    ...init,
    headers: { "X-Api-Key": server.apiKey, "Content-Type": "application/json", ...init.headers },
  });
  if (res.status >= 400) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return res.status === 204 ? null : res.json();
}
