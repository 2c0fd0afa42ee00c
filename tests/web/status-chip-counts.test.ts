import { expect, test } from "bun:test";
import { countable, statusCounts } from "../../web/pages/wanted/chip-counts.ts";

const summary = {
  byStatus: { wanted: 6, ignored: 1 },
  byLanguageStatus: { de: { wanted: 3 }, "pt-BR": { wanted: 3, ignored: 1 } },
  byInstanceStatus: { main: { wanted: 6, ignored: 1 } },
};

test("status chips count under one language or one instance filter, and under nothing the summary cannot split", () => {
  expect(statusCounts(summary, {})).toEqual(summary.byStatus);
  expect(statusCounts(summary, { status: "wanted" })).toEqual(summary.byStatus);
  expect(statusCounts(summary, { language: "de" })).toEqual({ wanted: 3 });
  expect(statusCounts(summary, { language: "fr" })).toEqual({});
  expect(statusCounts(summary, { instance: "main", status: "ignored" })).toEqual(
    summary.byInstanceStatus.main,
  );
  // Both split at once, or a filter the summary has no split for: no number rather than a wrong one.
  expect(statusCounts(summary, { language: "de", instance: "main" })).toBeUndefined();
  for (const other of [{ q: "dark" }, { variant: "forced" }, { title: "Dark" }, { seriesId: "4" }])
    expect(statusCounts(summary, { language: "de", ...other })).toBeUndefined();
});

test("language and instance chips count only beside status filters and their own", () => {
  expect(countable({ status: "wanted", language: "de" }, ["language"])).toBe(true);
  expect(countable({ language: "de", instance: "main" }, ["language"])).toBe(false);
  expect(countable({ q: "dark" }, ["instance"])).toBe(false);
});
