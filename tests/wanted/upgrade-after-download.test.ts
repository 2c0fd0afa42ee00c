import { expect, test } from "bun:test";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { silentLogger } from "../../src/log.ts";
import type { SubtitleProvider } from "../../src/providers/types.ts";
import { createAfterDownload } from "../../src/sync/after-download.ts";
import { createSubtitleTools } from "../../src/wanted/subtitle-tools.ts";
import { createUpgrader } from "../../src/wanted/upgrade.ts";
import { candidate } from "../providers/fixtures.ts";
import { searchHarness, srt } from "./search-harness.ts";

const { clock, library, media } = searchHarness();

test("an upgrade gets the profile's fixes and sync, as the download it replaces did", async () => {
  const RELEASE = "Breaking.Bad.S01E01.720p-GRP";
  const offers = [candidate("opensubtitles", "low", { language: "de" })];
  const provider: SubtitleProvider = {
    name: "opensubtitles",
    rateLimit: { requests: 1000, perMs: 1000 },
    search: async () => offers,
    download: async (c) => ({
      fileName: `${c.id}.srt`,
      bytes: new TextEncoder().encode(srt(`<font color="#ff0">Hallo ${c.id}</font>`)),
    }),
    healthCheck: async () => ({ healthy: true, message: "ok" }),
  };
  // A fix keeps the unfixed bytes in the data dir: a temp one, not the test config's.
  const rt = await library(1, provider, {
    dataDir: join(media(), ".subhound-data"),
    profile: { fixes: ["removeTags"], syncAfterDownload: true },
  });
  const syncs: number[] = [];
  const afterDownload = createAfterDownload({
    db: rt.deps.db.db,
    clock,
    log: silentLogger,
    dataDir: rt.deps.config.dataDir,
    sync: {
      start: async (historyId: number) => {
        syncs.push(historyId);
        return { ok: false, status: 409, detail: "no sync in this test" } as never;
      },
    },
  });
  // The first download, by the searcher (which has the profile's after-download work).
  const upgrader = createUpgrader({
    db: rt.deps.db,
    clock,
    log: silentLogger,
    config: rt.deps.config,
    registry: rt.deps.providers,
    tools: createSubtitleTools({ mediaServers: null, translation: null, whisper: null }),
    afterDownload,
  });
  await rt.deps.searcher.start({ trigger: "api" }).done;
  const folder = join(media(), "Breaking Bad", "Season 01");
  const subtitle = join(folder, readdirSync(folder).find((f) => f.endsWith(".de.srt"))!);
  expect(readFileSync(subtitle, "utf8")).not.toContain("<font");

  offers.push(candidate("opensubtitles", "good", { language: "de", releaseNames: [RELEASE] }));
  const before = syncs.length;
  const result = await upgrader.run(new AbortController().signal);
  expect(result.upgraded).toBe(1);
  const text = readFileSync(subtitle, "utf8");
  expect(text).toContain("Hallo good");
  expect(text).not.toContain("<font");
  // The sync is asked for the upgraded file's own history entry.
  expect(syncs.slice(before)).toEqual([result.upgrades[0]!.to.historyId]);
});
