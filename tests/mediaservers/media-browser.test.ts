import { afterEach, describe, expect, test } from "bun:test";
import { createEmbyClient } from "../../src/mediaservers/emby.ts";
import { createJellyfinClient } from "../../src/mediaservers/jellyfin.ts";
import { createServerPathMapper, parentFolder } from "../../src/mediaservers/server-path.ts";
import { type FakeEmby, startFakeEmby } from "../fakes/emby.ts";
import { type FakeJellyfin, startFakeJellyfin } from "../fakes/jellyfin.ts";

let jellyfin: FakeJellyfin | null = null;
let emby: FakeEmby | null = null;
afterEach(async () => {
  await jellyfin?.stop();
  await emby?.stop();
  jellyfin = emby = null;
});

const mappings = [{ from: "/media/tv", to: "/mnt/storage/tv" }];

describe("server paths", () => {
  test("local paths map to the server's view with the existing mapping rules", () => {
    const toServer = createServerPathMapper(mappings);
    expect(toServer("/mnt/storage/tv/Show/S01/ep.en.srt")).toBe("/media/tv/Show/S01/ep.en.srt");
    expect(toServer("/mnt/storage/tvshows/x.srt")).toBe("/mnt/storage/tvshows/x.srt");
    const windows = createServerPathMapper([{ from: "D:\\TV", to: "/mnt/tv" }]);
    expect(windows("/mnt/tv/Show/ep.srt")).toBe("D:\\TV\\Show\\ep.srt");
  });

  test("a Windows server prefix written with a trailing backslash, as a drive root or with slashes gives one clean path", () => {
    const map = (from: string, local: string) => createServerPathMapper([{ from, to: "/mnt/tv" }])(local);
    expect(map("D:\\TV\\", "/mnt/tv/Show/Season 01/ep.srt")).toBe("D:\\TV\\Show\\Season 01\\ep.srt");
    expect(map("D:\\", "/mnt/tv/Show/ep.srt")).toBe("D:\\Show\\ep.srt");
    expect(map("D:\\", "/mnt/tv")).toBe("D:\\");
    expect(map("D:/TV", "/mnt/tv/Show/ep.srt")).toBe("D:\\TV\\Show\\ep.srt");
    expect(map("\\\\nas\\media\\tv\\", "/mnt/tv/Show/ep.srt")).toBe("\\\\nas\\media\\tv\\Show\\ep.srt");
    expect(map("\\\\nas\\media\\tv", "/mnt/tv")).toBe("\\\\nas\\media\\tv");
  });

  test("parent folders for both slash styles", () => {
    expect(parentFolder("/data/tv/Show/ep.mkv")).toBe("/data/tv/Show");
    expect(parentFolder("D:\\TV\\Show\\ep.mkv")).toBe("D:\\TV\\Show");
    expect(parentFolder("D:\\ep.mkv")).toBe("D:\\");
  });
});

describe("jellyfin", () => {
  async function setup(apiKey?: string) {
    jellyfin = await startFakeJellyfin();
    const client = createJellyfinClient({
      url: jellyfin.url,
      apiKey: apiKey ?? jellyfin.apiKey,
      pathMappings: mappings,
    });
    return { fake: jellyfin, client };
  }

  test("refresh posts the server-side path with MediaBrowser auth and accepts 204", async () => {
    const { fake, client } = await setup();
    const result = await client.refresh("/mnt/storage/tv/Breaking Bad/Season 01/x.en.srt");
    expect(result).toEqual({
      ok: true,
      server: "jellyfin",
      serverPath: "/media/tv/Breaking Bad/Season 01/x.en.srt",
    });
    expect(fake.updates).toEqual([
      { Path: "/media/tv/Breaking Bad/Season 01/x.en.srt", UpdateType: "Modified" },
    ]);
    const request = fake.requests.at(-1);
    expect(request?.headers.authorization).toBe(`MediaBrowser Token="${fake.apiKey}"`);
    expect(request?.body).toEqual({
      Updates: [{ Path: "/media/tv/Breaking Bad/Season 01/x.en.srt", UpdateType: "Modified" }],
    });
  });

  test("health calls the authenticated /System/Info", async () => {
    const { fake, client } = await setup();
    expect(await client.healthCheck()).toMatchObject({ healthy: true, message: "jf 10.10.7" });
    expect(fake.requests.map((r) => r.path)).toEqual(["/System/Info"]);
  });

  test("a bad token (401, empty body) is reported without the token", async () => {
    const { client } = await setup("bad-jellyfin-token-777");
    const health = await client.healthCheck();
    expect(health.healthy).toBe(false);
    expect(health.message).toContain("API key rejected (HTTP 401)");
    const result = await client.refresh("/mnt/storage/tv/x.srt");
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toMatchObject({ kind: "auth", status: 401, server: "jellyfin" });
    expect(result.error.message).not.toContain("bad-jellyfin-token-777");
  });

  test("down, slow and garbage", async () => {
    const { fake, client } = await setup();
    await fake.setMode("garbage");
    expect((await client.healthCheck()).message).toContain("not a jellyfin answer");
    await fake.setMode("slow");
    const slow = await client.refresh("/mnt/storage/tv/x.srt", AbortSignal.timeout(50));
    expect(slow.ok ? null : slow.error.kind).toBe("aborted");
    await fake.setMode("down");
    const down = await client.healthCheck();
    expect(down.healthy).toBe(false);
    expect(down.message).toContain("cannot reach the server");
  });
});

describe("emby", () => {
  test("uses X-Emby-Token and accepts 200 or 204 on refresh", async () => {
    emby = await startFakeEmby();
    const client = createEmbyClient({ url: emby.url, apiKey: emby.apiKey, pathMappings: [] });
    expect(await client.healthCheck()).toMatchObject({ healthy: true, details: { version: "4.8.10.0" } });
    expect((await client.refresh("/data/movies/M (2020)/M.de.srt")).ok).toBe(true);
    emby.updatedStatus = 204;
    expect((await client.refresh("/data/movies/M (2020)/M.fr.srt")).ok).toBe(true);
    expect(emby.updates.map((u) => u.Path)).toEqual([
      "/data/movies/M (2020)/M.de.srt",
      "/data/movies/M (2020)/M.fr.srt",
    ]);
    expect(emby.requests.at(-1)?.headers["x-emby-token"]).toBe(emby.apiKey);
  });

  test("a wrong key is an auth error", async () => {
    emby = await startFakeEmby();
    const client = createEmbyClient({
      name: "living room",
      url: emby.url,
      apiKey: "nope-emby-key",
      pathMappings: [],
    });
    const result = await client.refresh("/x.srt");
    expect(result.ok ? null : result.error.kind).toBe("auth");
    expect(result.ok ? "" : result.error.message).toStartWith('emby "living room"');
  });
});

describe("jellyfin item paths", () => {
  test("an item's path is asked for by id and mapped to Subhound's view; a virtual season uses its series", async () => {
    jellyfin = await startFakeJellyfin();
    const client = createJellyfinClient({
      url: jellyfin.url,
      apiKey: jellyfin.apiKey,
      pathMappings: mappings,
    });
    jellyfin.items.ep1 = { Name: "Pilot", Type: "Episode", Path: "/media/tv/Show/Season 01/S01E01.mkv" };
    jellyfin.items.series1 = { Name: "Show", Type: "Series", Path: "/media/tv/Show" };
    jellyfin.items.season1 = { Name: "Season 1", Type: "Season", SeriesId: "series1" };
    expect(await client.itemPath("ep1")).toEqual({
      ok: true,
      server: "jellyfin",
      serverPath: "/media/tv/Show/Season 01/S01E01.mkv",
      localPath: "/mnt/storage/tv/Show/Season 01/S01E01.mkv",
    });
    expect(await client.itemPath("season1")).toMatchObject({ ok: true, localPath: "/mnt/storage/tv/Show" });
    expect(jellyfin.requests.at(-1)?.headers.authorization).toContain(jellyfin.apiKey);
  });

  test("an unknown id and a rejected key are clear failures without the key", async () => {
    jellyfin = await startFakeJellyfin();
    const client = createJellyfinClient({
      url: jellyfin.url,
      apiKey: jellyfin.apiKey,
      pathMappings: mappings,
    });
    const unknown = await client.itemPath("nope");
    expect(unknown).toMatchObject({ ok: false, error: { kind: "invalid-response" } });
    expect(unknown.ok ? "" : unknown.error.message).toContain("no item with id nope");
    const wrong = createJellyfinClient({ url: jellyfin.url, apiKey: "0".repeat(32), pathMappings: mappings });
    const denied = await wrong.itemPath("ep1");
    expect(denied).toMatchObject({ ok: false, error: { kind: "auth", status: 401 } });
    expect(JSON.stringify(denied)).not.toContain("0".repeat(32));
  });
});
