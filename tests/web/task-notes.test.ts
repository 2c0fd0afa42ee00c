import { expect, test } from "bun:test";
import { summaryNotes } from "../../web/pages/tasks/task-text.ts";

/** The lines a subtitle-upgrade run lists on the Tasks page. */

test("an upgrade reads as a score gain; a translation or transcript replaced says so", () => {
  const to = { provider: "podnapisi", score: 35 };
  expect(
    summaryNotes({
      upgrades: [
        { title: "Show 1 S01E01 [de]", from: { score: 20, machine: null }, to },
        { title: "Show 1 S01E02 [de]", from: { score: 388, machine: "translated" }, to },
        { title: "Show 1 S01E03 [de]", from: { score: 0, machine: "transcribed" }, to },
      ],
    }),
  ).toEqual([
    "Upgraded Show 1 S01E01 [de]: score 20 → 35 (podnapisi)",
    "Replaced the machine translation of Show 1 S01E02 [de] with a real subtitle: score 35 (podnapisi)",
    "Replaced the Whisper transcript of Show 1 S01E03 [de] with a real subtitle: score 35 (podnapisi)",
  ]);
});
