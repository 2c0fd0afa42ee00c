import { ensureApiKey } from "../auth/api-key.ts";
import { createAutoExtractor } from "../browse/auto-extract.ts";
import type { Extractor } from "../browse/extract-embedded.ts";
import { type Clock, systemClock } from "../clock.ts";
import type { Config } from "../config/schema.ts";
import { type DbHandle, databasePath, openDatabase } from "../db/client.ts";
import { migrate } from "../db/migrate.ts";
import { createScanGcPacer } from "../gc-pacer.ts";
import { createLibrarySources } from "../library/index.ts";
import type { Logger } from "../log.ts";
import { createStreamInspector } from "../media/inspector.ts";
import { createProbeCache } from "../media/probe/cache.ts";
import { proberFor } from "../media/probe/probe.ts";
import { limitPerHost } from "../net/host-limit.ts";
import { proxied } from "../net/proxy.ts";
import type { FetchLike } from "../net/retry-timing.ts";
import { createPostProcessor } from "../postprocess/post-processor.ts";
import { createProcessOwner } from "../runs/process-owner.ts";
import { createScanner, type Scanner, type ScanProgress } from "../wanted/scanner.ts";

export interface ScanRuntime {
  scanner: Scanner;
  /** The `extractEmbedded` pass over what scan `scanId` saw, as the server runs it after each scan that ends well. */
  extractAfter(scanId: number): Promise<void>;
  /** Stops the scan and the extraction pass (Ctrl-C); what ran so far is kept. */
  cancel(): void;
  /** Cancels the scan and the extraction pass, waits for them, closes the database. */
  close(): Promise<void>;
}

/**
 * What `subhound scan` needs of the server's runtime (server.ts `createRuntime`), built the same
 * way: the database, the library sources behind the per-host limit, the prober and its cache, the
 * scanner, and the embedded-stream extraction after a scan. The HTTP app, jobs, providers and
 * notifications stay unloaded: a scan from the terminal starts in a fraction of the time and memory.
 */
export function createScanRuntime(
  config: Config,
  options: { log: Logger; onScanProgress?: (progress: ScanProgress) => void },
): ScanRuntime {
  const { log } = options;
  const clock = systemClock;
  // One pass over the library: a page cache the size of the server's would mostly hold pages read once.
  const db = openDatabase({ path: databasePath(config), wal: config.database.wal, cacheKiB: 2000 });
  try {
    const { applied, schemaVersion } = migrate(db.sqlite);
    if (applied.length) log.info("database migrated", { applied, schemaVersion, path: db.path });
    ensureApiKey(config, db, clock);
    const prober = proberFor(config.scan);
    const fetchPerHost = limitPerHost(proxied(config), config.network.maxConnectionsPerHost);
    const owner = createProcessOwner();
    const paceGc = createScanGcPacer({ everyMs: 250, full: true });
    const scanner = createScanner({
      owner,
      db,
      clock,
      log: log.child({ component: "scan" }),
      config,
      sources: createLibrarySources(config, { fetch: fetchPerHost }),
      inspector: createStreamInspector(prober, createProbeCache(db.sqlite, { now: () => clock.now() })),
      onProgress: (progress) => {
        paceGc(progress.mode === "full");
        options.onScanProgress?.(progress);
      },
    });
    // Loaded and built on the first extraction only: most scans extract nothing, and its modules (the
    // library editor, the media servers: 16 of the 72 a local scan loaded) cost every start ~5–10 ms.
    let extractor: Promise<Extractor> | null = null;
    const extract: Extractor = async (request) => {
      extractor ??= createExtractor(config, { db, clock, owner, log, fetch: fetchPerHost });
      return (await extractor)(request);
    };
    // What the extraction pass saves runs postProcessing.command too, as in the server.
    const postProcessing = createPostProcessor({
      db,
      config: () => config.postProcessing,
      log: log.child({ component: "post-processing" }),
    });
    const autoExtract = createAutoExtractor({
      db,
      config,
      log: log.child({ component: "extract" }),
      extract,
    });
    return {
      scanner,
      // A pass that fails has logged why; the scan's result stands.
      extractAfter: (scanId) =>
        autoExtract.afterScan(scanId).then(
          () => {},
          () => {},
        ),
      cancel: () => {
        scanner.cancel();
        void autoExtract.stop();
        void postProcessing.stop();
      },
      close: async () => {
        scanner.cancel();
        await scanner.whenIdle();
        await autoExtract.stop();
        // A scan from the terminal waits for the commands of what it extracted, then ends.
        await postProcessing.whenIdle();
        await postProcessing.stop();
        db.close();
      },
    };
  } catch (e) {
    db.close();
    throw e;
  }
}

/** The library editor's extraction, announcing what it writes to the media servers, as the server does. */
async function createExtractor(
  config: Config,
  deps: { db: DbHandle; clock: Clock; owner: string; log: Logger; fetch: FetchLike },
): Promise<Extractor> {
  const [{ createLibraryEditor }, { createMediaServerManager }, { locateFfmpeg }, { createSubtitleTools }] =
    await Promise.all([
      import("../browse/library-editor.ts"),
      import("../mediaservers/manager.ts"),
      import("../sync/ffmpeg.ts"),
      import("../wanted/subtitle-tools.ts"),
    ]);
  const { db, clock, owner, log } = deps;
  return createLibraryEditor({
    db,
    clock,
    config,
    owner,
    ffmpeg: () => locateFfmpeg(config.sync.ffmpegPath),
    tools: createSubtitleTools({
      mediaServers: createMediaServerManager(config.mediaServers, {
        fetch: deps.fetch,
        log: log.child({ component: "mediaservers" }),
      }),
      translation: null,
      whisper: null,
      naming: () => config.naming,
    }),
  }).extract;
}
