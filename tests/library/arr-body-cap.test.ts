import { afterEach, expect, test } from "bun:test";
import { createSonarrClient } from "../../src/library/sonarr.ts";
import { type FakeSonarr, startFakeSonarr } from "../fakes/sonarr.ts";
import { recordingDeps } from "../support/recording-deps.ts";
import { instanceConfig } from "./helpers.ts";

let fake: FakeSonarr | null = null;
afterEach(async () => {
  await fake?.stop();
  fake = null;
});

test("an arr reply over the body cap fails the listing instead of emptying it", async () => {
  fake = await startFakeSonarr();
  fake.generateLibrary({ seriesCount: 2, episodes: 200 });
  const sonarr = createSonarrClient({
    instance: { ...instanceConfig(fake.url, fake.apiKey, { retries: 2 }), pathMappings: [] },
    globalPathMappings: [],
    deps: recordingDeps({ maxBodyBytes: 16 * 1024 }),
  });
  const listing = await sonarr.listAllFiles();
  expect(listing.ok).toBe(false);
  if (!listing.ok) {
    expect(listing.error).toContain("failed: the response is larger than the 16 KiB cap");
    expect(listing.error).not.toContain("attempts");
  }
});
