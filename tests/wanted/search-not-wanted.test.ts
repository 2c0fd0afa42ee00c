import { expect, test } from "bun:test";
import { goodProvider, items, searchHarness } from "./search-harness.ts";

const { library } = searchHarness();

test("an item its profile no longer wants (here an audio rule) is released unsearched until the next scan removes it", async () => {
  const provider = goodProvider();
  let searched = 0;
  const original = provider.search;
  provider.search = async (q, ctx) => {
    searched++;
    return original(q, ctx);
  };
  // The fake Sonarr reports English audio; English subtitles are wanted until the rule is on.
  const rt = await library(1, provider, { languages: ["en"] });
  expect(items(rt).map((r) => r.status)).toEqual(["wanted"]);
  rt.deps.config.profile.audioRules = ["skip-audio-language"];
  const run = await rt.deps.searcher.start({ trigger: "api" }).done;
  expect(run).toMatchObject({ status: "succeeded", found: 0 });
  expect(searched).toBe(0);
  expect(items(rt)[0]).toMatchObject({
    status: "wanted",
    attempts: 0,
    lease_owner: null,
    last_error: "its profile no longer wants it for this file (monitored only, specials or an audio rule)",
  });
  const scan = rt.deps.scanner.start({ mode: "full", trigger: "api" });
  if (!scan.ok) throw new Error("scan busy");
  await scan.done;
  expect(items(rt)).toEqual([]);
});
