import { afterEach, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { type FakeJellyfin, startFakeJellyfin } from "../fakes/jellyfin.ts";
import { type FakePlex, startFakePlex } from "../fakes/plex.ts";
import { TEST_API_KEY } from "../support/runtime.ts";
import { createHarness, type Harness, itemsOf, scanRuns, scriptedProvider } from "./harness.ts";

let harness: Harness | null = null;
let plex: FakePlex | null = null;
let jellyfin: FakeJellyfin | null = null;
let library: string | null = null;
afterEach(async () => {
  await harness?.close();
  await plex?.stop();
  await jellyfin?.stop();
  if (library) rmSync(library, { recursive: true, force: true });
  harness = plex = jellyfin = library = null;
});

/** A standalone library under the harness's temp dir, which Plex and Jellyfin see under /data. */
async function setup() {
  plex = await startFakePlex();
  jellyfin = await startFakeJellyfin();
  const queries: string[] = [];
  library = mkdtempSync(join(tmpdir(), "subhound-media-webhooks-"));
  harness = createHarness(
    {
      standalone: { roots: [library] },
      mediaServers: [
        { type: "plex", url: plex.url, apiKey: plex.token, pathMappings: [{ from: "/data", to: library }] },
        {
          type: "jellyfin",
          url: jellyfin.url,
          apiKey: jellyfin.apiKey,
          pathMappings: [{ from: "/data", to: library }],
        },
      ],
      webhooks: { searchDelaySeconds: 0 },
    },
    { provider: scriptedProvider(queries) },
  );
  const video = (relative: string) => {
    const path = join(library!, relative);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, "video");
    return path;
  };
  return { h: harness, video, queries };
}

function postPlex(h: Harness, payload: unknown, query = `apikey=${TEST_API_KEY}`) {
  const form = new FormData();
  form.set("payload", typeof payload === "string" ? payload : JSON.stringify(payload));
  form.set("thumb", new Blob([new Uint8Array([0xff, 0xd8, 0xff])], { type: "image/jpeg" }), "thumb.jpg");
  return h.app.fetch(
    new Request(`http://subhound.test/api/v1/webhooks/plex?${query}`, { method: "POST", body: form }),
  );
}

function postJellyfin(h: Harness, body: unknown, query = `apikey=${TEST_API_KEY}`) {
  return h.app.fetch(
    new Request(`http://subhound.test/api/v1/webhooks/jellyfin?${query}`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
    }),
  );
}

test("Plex library.new: the item's file is asked of Plex, scanned alone and searched", async () => {
  const { h, video, queries } = await setup();
  video("Other Show/S01E01.mkv");
  const path = video("Frieren/Season 01/Frieren - S01E01.mkv");
  plex!.items["501"] = {
    type: "episode",
    title: "Pilot",
    files: ["/data/Frieren/Season 01/Frieren - S01E01.mkv"],
  };

  const res = await postPlex(h, {
    event: "library.new",
    user: true,
    owner: true,
    Server: { title: "plex", uuid: "a1b2c3" },
    Metadata: { ratingKey: "501", type: "episode", title: "Pilot", grandparentTitle: "Frieren" },
  });
  expect(res.status).toBe(202);
  expect(await res.json()).toEqual({
    accepted: true,
    event: "library.new",
    action: "scan-item",
    server: "plex",
  });
  await h.runtime.deps.mediaServerWebhooks.whenIdle();

  expect(scanRuns(h.runtime)).toMatchObject([{ trigger: "webhook", scope: { path } }]);
  // Only the new file was scanned; it was searched and a German subtitle found and saved.
  expect(itemsOf(h.runtime).map((i) => [i.path, i.status])).toEqual([[path, "found"]]);
  expect(queries).toHaveLength(1);
  expect(plex!.requests.some((r) => r.path === "/library/metadata/501")).toBe(true);
});

test("Jellyfin ItemAdded: the item's path is asked of Jellyfin; other events are acknowledged and ignored", async () => {
  const { h, video } = await setup();
  const path = video("Movie (2020)/Movie (2020).mkv");
  jellyfin!.items.m1 = { Name: "Movie", Type: "Movie", Path: "/data/Movie (2020)/Movie (2020).mkv" };

  const played = await postJellyfin(h, { NotificationType: "PlaybackStart", ItemId: "m1" });
  expect(await played.json()).toMatchObject({ action: "ignore", server: "jellyfin" });
  await h.runtime.deps.mediaServerWebhooks.whenIdle();
  expect(scanRuns(h.runtime)).toEqual([]);

  const res = await postJellyfin(h, {
    NotificationType: "ItemAdded",
    ItemId: "m1",
    ItemType: "Movie",
    Name: "Movie",
    ServerName: "jf",
  });
  expect(res.status).toBe(202);
  expect(await res.json()).toEqual({
    accepted: true,
    event: "ItemAdded",
    action: "scan-item",
    server: "jellyfin",
  });
  await h.runtime.deps.mediaServerWebhooks.whenIdle();
  expect(scanRuns(h.runtime)).toMatchObject([{ trigger: "webhook", scope: { path } }]);
  expect(itemsOf(h.runtime).map((i) => i.path)).toEqual([path]);
});

test("refused: no key, a payload that is not JSON; an item the server does not know scans nothing", async () => {
  const { h } = await setup();
  expect((await postPlex(h, { event: "library.new" }, "")).status).toBe(401);
  expect((await postJellyfin(h, { NotificationType: "ItemAdded" }, "apikey=wrong")).status).toBe(401);
  const garbage = await postPlex(h, "{not json");
  expect(garbage.status).toBe(400);
  expect(garbage.headers.get("content-type")).toContain("application/problem+json");

  const unknown = await postPlex(h, { event: "library.new", Metadata: { ratingKey: 999 } });
  expect(unknown.status).toBe(202);
  await h.runtime.deps.mediaServerWebhooks.whenIdle();
  expect(scanRuns(h.runtime)).toEqual([]);
  expect(h.logs.some((l) => l.includes("media server could not say where the new item is"))).toBe(true);
  expect(h.logs.join("\n")).not.toContain(plex!.token);
});
