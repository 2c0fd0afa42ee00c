import { expect, test } from "bun:test";
import { HEALTH_CHECK_NAMES } from "../../src/health/checks.ts";
import { SUBSYSTEM_TITLES, subsystemTitle } from "../../web/pages/health/subsystem-names.ts";

test("every health check the server reports has a title in the UI", () => {
  expect(HEALTH_CHECK_NAMES.filter((name) => !(name in SUBSYSTEM_TITLES))).toEqual([]);
});

test("a subsystem the UI does not know yet still reads as a title", () => {
  expect(subsystemTitle("subtitle_sync")).toBe("Subtitle sync");
  expect(subsystemTitle("new_thing")).toBe("New thing");
});
