import { afterEach, describe, expect, test } from "bun:test";
import { configSchema } from "../../src/config/schema.ts";
import { createLibrarySources } from "../../src/library/index.ts";
import { type FakeRadarr, startFakeRadarr } from "../fakes/radarr.ts";
import { type FakeSonarr, startFakeSonarr } from "../fakes/sonarr.ts";
import { recordingDeps } from "../support/recording-deps.ts";

const fakes: (FakeSonarr | FakeRadarr)[] = [];
afterEach(async () => {
  for (const f of fakes.splice(0)) await f.stop();
});

describe("createLibrarySources", () => {
  test("one client per enabled instance; one instance down does not hide the others", async () => {
    const tv = await startFakeSonarr();
    const anime = await startFakeSonarr({ version: "v3" });
    const movies = await startFakeRadarr();
    fakes.push(tv, anime, movies);
    tv.generateLibrary({ seriesCount: 2, episodes: 6 });
    anime.generateLibrary({ seriesCount: 1, episodes: 3 });
    movies.generateLibrary({ count: 4 });
    await anime.setMode("down");
    const config = configSchema.parse({
      sonarr: [
        { name: "tv", url: tv.url, apiKey: tv.apiKey, pathMappings: [{ from: "/tv", to: "/local/tv" }] },
        { name: "anime", url: anime.url, apiKey: anime.apiKey, retries: 1 },
        { name: "off", url: "http://127.0.0.1:1", apiKey: "x", enabled: false },
      ],
      radarr: [{ url: movies.url, apiKey: movies.apiKey }],
      pathMappings: [{ from: "/movies", to: "/local/movies" }],
      standalone: { roots: ["/nonexistent-subhound-root"] },
    });
    const sources = createLibrarySources(config, recordingDeps());
    expect(sources.map((s) => `${s.kind}:${s.instance}`)).toEqual([
      "sonarr:tv",
      "sonarr:anime",
      "radarr:radarr",
      "standalone:standalone",
    ]);
    const results = await Promise.all(sources.map((s) => s.listAllFiles()));
    expect(results[0]?.ok && results[0].items.length).toBe(6);
    expect(results[0]?.ok && results[0].items[0]?.path.startsWith("/local/tv/")).toBe(true);
    expect(results[1]?.ok).toBe(false);
    expect(results[2]?.ok && results[2].items[0]?.path.startsWith("/local/movies/")).toBe(true);
    expect(results[3]?.ok).toBe(false);
  });
});
