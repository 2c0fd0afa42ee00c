import { expect, test } from "bun:test";
import type { SubtitleUpgraded } from "../../src/events/bus.ts";
import { EVENTS, message } from "./support.ts";

/** An upgrade notification says what it replaced: a provider's subtitle, or what a fallback made. */

const upgradedFrom = (previous: SubtitleUpgraded["previous"]) =>
  message({ type: "subtitle.upgraded", data: { ...EVENTS.upgraded.data, previous } }).body;

test("a provider's subtitle is named with its score; a translation or transcript by what made it", () => {
  expect(upgradedFrom({ provider: "opensubtitles", score: 60 })).toStartWith(
    "German subtitle from jimaku (score 95). It replaces the one from opensubtitles (score 60).\n",
  );
  // The translation records its source's provider and score: neither is what it replaces.
  expect(upgradedFrom({ provider: "podnapisi", score: 388, machine: "translated" })).toStartWith(
    "German subtitle from jimaku (score 95). It replaces the machine translation Subhound made when no subtitle existed.\n",
  );
  expect(upgradedFrom({ provider: "whisper", score: 0, machine: "transcribed" })).toContain(
    "It replaces the Whisper transcript Subhound made when no subtitle existed.",
  );
});
