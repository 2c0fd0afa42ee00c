import { afterEach, describe, expect, test } from "bun:test";
import { createPlexClient } from "../../src/mediaservers/plex.ts";
import { sectionsForFolder } from "../../src/mediaservers/plex-sections.ts";
import { type FakePlex, startFakePlex } from "../fakes/plex.ts";

let fake: FakePlex | null = null;
afterEach(async () => {
  await fake?.stop();
  fake = null;
});

async function setup(token?: string) {
  fake = await startFakePlex();
  let now = Date.parse("2026-01-01T00:00:00Z");
  const clock = {
    advance: (ms: number) => {
      now += ms;
    },
  };
  const client = createPlexClient(
    { url: fake.url, apiKey: token ?? fake.token, pathMappings: [{ from: "/data", to: "/mnt/media" }] },
    { now: () => new Date(now) },
    { sectionCacheMs: 60_000 },
  );
  return { fake, client, clock };
}

describe("plex", () => {
  test("refreshes the folder through the section with the longest matching location", async () => {
    const { fake, client } = await setup();
    const result = await client.refresh("/mnt/media/tv/anime/Frieren/Season 01/e01.en.srt");
    expect(result).toMatchObject({ ok: true, serverPath: "/data/tv/anime/Frieren/Season 01/e01.en.srt" });
    expect(fake.refreshes).toEqual([{ key: "3", path: "/data/tv/anime/Frieren/Season 01" }]);
    const request = fake.requests.at(-1);
    expect(request?.path).toBe("/library/sections/3/refresh");
    expect(request?.headers["x-plex-token"]).toBe(fake.token);
    expect(request?.headers.accept).toBe("application/json");
  });

  test("the section list is cached briefly, and refetched when a folder matches no section", async () => {
    const { fake, client, clock } = await setup();
    await client.refresh("/mnt/media/tv/Show/e1.srt");
    await client.refresh("/mnt/media/movies/M/m.srt");
    const listings = () => fake.requests.filter((r) => r.path === "/library/sections").length;
    expect(listings()).toBe(1);
    expect(fake.refreshes.map((r) => r.key)).toEqual(["2", "1"]);
    clock.advance(61_000);
    await client.refresh("/mnt/media/tv/Show/e2.srt");
    expect(listings()).toBe(2);
    fake.sections.push({ key: "9", title: "Docs", type: "movie", locations: ["/data/docs"] });
    expect((await client.refresh("/mnt/media/docs/D/d.srt")).ok).toBe(true);
    expect(listings()).toBe(3);
  });

  test("a folder listed by two libraries is refreshed in both, as Sonarr does", async () => {
    const { fake, client } = await setup();
    fake.sections.push(
      { key: "4", title: "Kids", type: "movie", locations: ["/data/kids", "/data/movies"] },
      { key: "5", title: "Everything", type: "movie", locations: ["/data"] },
    );
    const result = await client.refresh("/mnt/media/movies/Heat (1995)/Heat.de.srt");
    expect(result).toMatchObject({ ok: true });
    expect(fake.refreshes).toEqual([
      { key: "1", path: "/data/movies/Heat (1995)" },
      { key: "4", path: "/data/movies/Heat (1995)" },
    ]);
  });

  test("a folder outside every section is a no-library error", async () => {
    const { client } = await setup();
    const result = await client.refresh("/elsewhere/x/y.srt");
    expect(result.ok ? null : result.error).toMatchObject({ kind: "no-library" });
  });

  test("longest prefix matches whole path segments only", () => {
    const sections = [
      { key: "1", title: "TV", type: "show", locations: ["/data/tv"] },
      { key: "2", title: "TV4K", type: "show", locations: ["/data/tv4k"] },
      { key: "3", title: "Win", type: "movie", locations: ["D:\\Movies"] },
    ];
    const keys = (folder: string) => sectionsForFolder(sections, folder).map((m) => m.section.key);
    expect(keys("/data/tv4k/Show")).toEqual(["2"]);
    expect(keys("/data/tv/Show")).toEqual(["1"]);
    expect(keys("d:\\movies\\M")).toEqual(["3"]);
    expect(keys("/data")).toEqual([]);
  });

  test("health: /identity anonymously, then the section list to prove the token", async () => {
    const { fake, client } = await setup();
    const health = await client.healthCheck();
    expect(health).toMatchObject({
      healthy: true,
      details: { version: "1.41.3.9314-a0bfb8370", sections: 3 },
    });
    expect(fake.requests.map((r) => r.path)).toEqual(["/identity", "/library/sections"]);
  });

  test("a bad token: /identity still answers, the 401 HTML page is reported by its title", async () => {
    const { client } = await setup("bad-plex-token-000");
    const health = await client.healthCheck();
    expect(health.healthy).toBe(false);
    expect(health.message).toContain("API key rejected (HTTP 401): Unauthorized");
    expect(health.message).not.toContain("bad-plex-token-000");
  });

  test("down, slow and garbage", async () => {
    const { fake, client } = await setup();
    await fake.setMode("garbage");
    expect((await client.healthCheck()).message).toContain("not a Plex answer");
    const garbage = await client.refresh("/mnt/media/tv/x/y.srt");
    expect(garbage.ok ? null : garbage.error.kind).toBe("invalid-response");
    await fake.setMode("slow");
    expect((await client.healthCheck(AbortSignal.timeout(50))).healthy).toBe(false);
    await fake.setMode("down");
    expect((await client.healthCheck()).healthy).toBe(false);
  });
});

describe("plex item paths", () => {
  test("an episode's file, a show's folder and a season through its show, in Subhound's view", async () => {
    const { fake, client } = await setup();
    fake.items["501"] = { type: "episode", title: "Pilot", files: ["/data/tv/Show/Season 01/S01E01.mkv"] };
    fake.items["400"] = { type: "show", title: "Show", locations: ["/data/tv/Show"] };
    fake.items["450"] = { type: "season", title: "Season 1", parentRatingKey: "400" };
    expect(await client.itemPath("501")).toEqual({
      ok: true,
      server: "plex",
      serverPath: "/data/tv/Show/Season 01/S01E01.mkv",
      localPath: "/mnt/media/tv/Show/Season 01/S01E01.mkv",
    });
    expect(await client.itemPath("400")).toMatchObject({ ok: true, localPath: "/mnt/media/tv/Show" });
    expect(await client.itemPath("450")).toMatchObject({ ok: true, localPath: "/mnt/media/tv/Show" });
    expect(fake.requests.at(-1)?.headers["x-plex-token"]).toBe(fake.token);
  });

  test("an unknown item, a wrong token and an item without a path are clear failures", async () => {
    const { fake, client } = await setup();
    expect(await client.itemPath("999")).toMatchObject({ ok: false, error: { kind: "http", status: 404 } });
    fake.items["7"] = { type: "season", title: "Orphan season" };
    const orphan = await client.itemPath("7");
    expect(orphan).toMatchObject({ ok: false, error: { kind: "invalid-response" } });
    expect(orphan.ok ? "" : orphan.error.message).toContain("has no file or folder");
    const wrong = createPlexClient({ url: fake.url, apiKey: "wrong-token-0000000000", pathMappings: [] });
    const denied = await wrong.itemPath("999");
    expect(denied).toMatchObject({ ok: false, error: { kind: "auth", status: 401 } });
    expect(JSON.stringify(denied)).not.toContain("wrong-token-0000000000");
  });
});
