/**
 * Backup benchmark: `GET /api/v1/system/backup` on a ~100 MB database, and how long the server's
 * event loop is held meanwhile, against the same copy made inline (`VACUUM INTO` on the server's
 * own connection, as a naive route would).
 *
 * One process: the runtime answers in-process (`app.fetch`) and the body is read to the end, as a
 * browser would save it. A 5 ms interval timer measures the loop: its longest late firing is how
 * long no request could have been answered. On a shared machine the figures move with the load.
 *
 *   bun bench/backup.ts [--mb 100]
 */
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { configSchema } from "../src/config/schema.ts";
import { silentLogger } from "../src/log.ts";
import { createRuntime } from "../src/server.ts";

const API_KEY = "bench-backup-key-0123456789abcdef";
const TICK_MS = 5;

/** The longest delay of a TICK_MS timer beyond its due time, while `work` runs. */
async function maxLoopStall<T>(work: () => Promise<T>): Promise<{ result: T; stallMs: number; ms: number }> {
  let last = performance.now();
  let stallMs = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    stallMs = Math.max(stallMs, now - last - TICK_MS);
    last = now;
  }, TICK_MS);
  const started = performance.now();
  const result = await work();
  const ms = performance.now() - started;
  clearInterval(timer);
  stallMs = Math.max(stallMs, performance.now() - last - TICK_MS);
  return { result, stallMs, ms };
}

export async function runBackupBench(targetMb = 100) {
  const dataDir = mkdtempSync(join(tmpdir(), "subhound-bench-backup-"));
  const config = configSchema.parse({ dataDir, auth: { apiKey: API_KEY } });
  const runtime = createRuntime(config, { log: silentLogger });
  try {
    const { sqlite } = runtime.deps.db;
    const insert = sqlite.query(
      `INSERT INTO subtitle_history (instance, title, language, variant, provider, candidate_id, score, format, path, sha256, action, created_at)
       VALUES ('main', ?, 'de', 'full', 'podnapisi', ?, 300, 'srt', ?, ?, 'downloaded', '2026-11-24T00:00:00Z')`,
    );
    const pad = "x".repeat(300);
    let rows = 0;
    while (statSync(runtime.deps.db.path).size < targetMb * 1024 * 1024) {
      sqlite.transaction(() => {
        for (let i = 0; i < 20_000; i++, rows++)
          insert.run(
            `Show ${rows} S01E01`,
            `c${rows}`,
            `/media/${rows}/${pad}.srt`,
            `${rows}`.padStart(64, "0"),
          );
      })();
      sqlite.run("PRAGMA wal_checkpoint(TRUNCATE)");
    }
    const sizeMb = statSync(runtime.deps.db.path).size / 1024 / 1024;

    const viaApi = await maxLoopStall(async () => {
      const res = await runtime.app.fetch(
        new Request("http://bench/api/v1/system/backup", { headers: { "X-Api-Key": API_KEY } }),
      );
      if (res.status !== 200) throw new Error(`backup answered ${res.status}: ${await res.text()}`);
      let bytes = 0;
      for await (const chunk of res.body!) bytes += chunk.length;
      return bytes;
    });
    // The same timer with nothing to do for as long: what the machine's load alone costs.
    const idle = await maxLoopStall(() => Bun.sleep(viaApi.ms));
    const inlinePath = join(dataDir, "inline.db");
    const inline = await maxLoopStall(async () => {
      sqlite.run("VACUUM INTO ?", [inlinePath]);
      return statSync(inlinePath).size;
    });
    return {
      sizeMb,
      rows,
      api: { ms: viaApi.ms, stallMs: viaApi.stallMs, bytes: viaApi.result },
      idleStallMs: idle.stallMs,
      inline: { ms: inline.ms, stallMs: inline.stallMs },
    };
  } finally {
    await runtime.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.main) {
  const { values } = parseArgs({ options: { mb: { type: "string", default: "100" } } });
  const r = await runBackupBench(Number(values.mb));
  const mb = (b: number) => `${(b / 1024 / 1024).toFixed(1)} MiB`;
  console.log(`database: ${r.sizeMb.toFixed(1)} MiB (${r.rows} history rows)`);
  console.log(
    `GET /system/backup (worker): ${(r.api.ms / 1000).toFixed(2)} s for ${mb(r.api.bytes)}, longest event-loop stall ${r.api.stallMs.toFixed(1)} ms`,
  );
  console.log(`idle, as long (the machine's noise): longest stall ${r.idleStallMs.toFixed(1)} ms`);
  console.log(
    `inline VACUUM INTO (for comparison): ${(r.inline.ms / 1000).toFixed(2)} s, longest event-loop stall ${r.inline.stallMs.toFixed(0)} ms`,
  );
  // A closed runtime still leaves handles open (the other benches are run by bench/run.ts, which exits).
  process.exit(0);
}
