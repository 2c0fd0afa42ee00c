import { expect, test } from "bun:test";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import type { ProviderCandidate, SubtitleProvider } from "../../src/providers/types.ts";
import type { Runtime } from "../../src/server.ts";
import { candidate } from "../providers/fixtures.ts";
import { jsonOf, request } from "../support/runtime.ts";
import { searchHarness, srt } from "./search-harness.ts";

/** Under a cutoff, the search never downloads a second language once the first is saved. */

const { library, media } = searchHarness();

/** Answers every query with one subtitle in the language asked for; counts searches and downloads. */
function everyLanguage() {
  const searched: string[] = [];
  const downloaded: string[] = [];
  const provider: SubtitleProvider = {
    name: "opensubtitles",
    rateLimit: { requests: 1000, perMs: 1000 },
    search: async (q) => {
      const language = q.languages[0]!;
      searched.push(language);
      return [
        candidate("opensubtitles", `${language}-E${q.episodes[0]}`, {
          language,
          season: q.season,
          episodes: q.episodes,
          releaseNames: [`Breaking.Bad.S01E0${q.episodes[0]}.720p-GRP`],
        }),
      ];
    },
    download: async (c: ProviderCandidate) => {
      downloaded.push(c.language);
      return { fileName: `${c.id}.srt`, bytes: new TextEncoder().encode(srt(`Hello ${c.id}`)) };
    },
    healthCheck: async () => ({ healthy: true, message: "ok" }),
  };
  return { provider, searched, downloaded };
}

const rows = (rt: Runtime) =>
  rt.deps.db.sqlite
    .query<{ language: string; status: string; last_error: string | null }, []>(
      "SELECT language, status, last_error FROM wanted_items ORDER BY language",
    )
    .all();

const subtitlesOnDisk = () =>
  readdirSync(join(media(), "Breaking Bad"), { recursive: true })
    .map(String)
    .filter((name) => name.endsWith(".srt"));

async function scanAgain(rt: Runtime) {
  const scan = rt.deps.scanner.start({ mode: "incremental", trigger: "api" });
  if (!scan.ok) throw new Error("scan busy");
  await scan.done;
}

test('cutoff "any": two languages searched in the same run, the sibling is not downloaded after the first save', async () => {
  const { provider, downloaded } = everyLanguage();
  const rt = await library(1, provider, { languages: ["en", "es"], profile: { cutoff: "any" } });
  expect(rows(rt).map((r) => r.status)).toEqual(["wanted", "wanted"]);
  const run = await rt.deps.searcher.start({ trigger: "api" }).done;
  expect(run).toMatchObject({ status: "succeeded", total: 2, found: 1 });
  expect(downloaded).toEqual(["en"]);
  expect(subtitlesOnDisk()).toHaveLength(1);
  const [en, es] = rows(rt);
  expect(en).toMatchObject({ language: "en", status: "found" });
  expect(es).toMatchObject({ language: "es", status: "wanted" });
  expect(es!.last_error).toMatch(/^not needed: the profile's cutoff is met by en \(.+\.en\.srt\)$/);
  // Until the next scan removes it, the Wanted list says why.
  const listed = rt.deps.db.sqlite
    .query<{ id: number }, []>("SELECT id FROM wanted_items WHERE language = 'es'")
    .get()!;
  const item = await jsonOf(request(rt, `/api/v1/wanted/${listed.id}`));
  expect(item.reason.code).toBe("cutoff");
  await scanAgain(rt);
  expect(rows(rt).map((r) => r.language)).toEqual(["en"]);
});

test("a later run does not download the sibling either: the save was stored with the file", async () => {
  const { provider, searched, downloaded } = everyLanguage();
  const rt = await library(1, provider, {
    languages: ["en", "es"],
    profile: { cutoff: "any" },
    search: { concurrency: 3, backoffBaseMinutes: 60, itemsPerRun: 1 },
  });
  expect(await rt.deps.searcher.start({ trigger: "api" }).done).toMatchObject({ total: 1, found: 1 });
  expect(await rt.deps.searcher.start({ trigger: "api" }).done).toMatchObject({ total: 1, found: 0 });
  expect(searched).toEqual(["en"]);
  expect(downloaded).toEqual(["en"]);
  expect(rows(rt)[1]).toMatchObject({ language: "es", status: "wanted" });
});
