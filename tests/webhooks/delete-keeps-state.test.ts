import { afterEach, beforeEach, expect, test } from "bun:test";
import { type FakeSonarr, startFakeSonarr } from "../fakes/sonarr.ts";
import { jsonOf, request } from "../support/runtime.ts";
import { createHarness, episodeFileDelete, fullScan, type Harness, itemsOf } from "./harness.ts";

let sonarr: FakeSonarr;
let h: Harness | undefined;
beforeEach(async () => {
  sonarr = await startFakeSonarr({ apiKey: "k" });
});
afterEach(async () => {
  await h?.close();
  h = undefined;
  await sonarr.stop();
});

test("EpisodeFileDelete of an ignored episode keeps the ignore until the episode is back", async () => {
  const hh = createHarness({ sonarr: [{ name: "main", url: sonarr.url, apiKey: "k", retries: 0 }] });
  h = hh;
  const show = sonarr.addSeries({ title: "Breaking Bad", path: "/tv/Breaking Bad", year: 2008 });
  const [f1] = [1, 2].map((e) => sonarr.addEpisodeFile(show.id, { season: 1, episodes: [e] }));
  await fullScan(hh.runtime);
  const [ignored] = itemsOf(hh.runtime).filter((i) => i.arrFileId === f1!.id);
  const patched = await request(hh.runtime, `/api/v1/wanted/${ignored!.id}`, {
    method: "PATCH",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ ignored: true }),
  });
  expect(patched.status).toBe(200);

  sonarr.deleteFile(f1!.id);
  const payload = episodeFileDelete(show, f1!);
  expect((await jsonOf(hh.post("sonarr", payload))).action).toBe("delete-files");
  await hh.processor.whenIdle();
  const kept = await jsonOf(request(hh.runtime, `/api/v1/wanted/${ignored!.id}`));
  expect(kept).toMatchObject({ status: "ignored", fileMissingSince: "2026-11-24T10:00:00.000Z" });

  sonarr.addEpisodeFile(show.id, { season: 1, episodes: [1] });
  await fullScan(hh.runtime);
  const back = await jsonOf(request(hh.runtime, `/api/v1/wanted/${ignored!.id}`));
  expect(back).toMatchObject({ status: "ignored", fileMissingSince: null });
  expect(itemsOf(hh.runtime)).toHaveLength(2);
});
