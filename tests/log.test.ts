import { expect, test } from "bun:test";
import { createLogger } from "../src/log.ts";

test("JSON lines with level filtering and secrets scrubbed", () => {
  const lines: string[] = [];
  const log = createLogger({
    level: "info",
    format: "json",
    secrets: ["sonarr-secret-abc"],
    write: (l) => lines.push(l),
    now: () => new Date("2026-01-01T00:00:00Z"),
  });
  log.debug("hidden");
  log.info("calling http://sonarr/api?apikey=sonarr-secret-abc", { header: "X-Api-Key: sonarr-secret-abc" });
  log.child({ component: "scan" }).error("boom", { error: new Error("failed with sonarr-secret-abc") });
  expect(lines).toHaveLength(2);
  for (const l of lines) expect(l).not.toContain("sonarr-secret-abc");
  const first = JSON.parse(lines[0]!);
  expect(first).toMatchObject({ time: "2026-01-01T00:00:00.000Z", level: "info", header: "X-Api-Key: ***" });
  expect(JSON.parse(lines[1]!)).toMatchObject({
    level: "error",
    component: "scan",
    error: { name: "Error", message: "failed with ***" },
  });
});

test("pretty format is one readable line", () => {
  const lines: string[] = [];
  createLogger({
    format: "pretty",
    write: (l) => lines.push(l),
    now: () => new Date("2026-01-01T12:34:56Z"),
  }).warn("slow", { ms: 5 });
  expect(lines).toEqual(['12:34:56 WARN  slow {"ms":5}']);
});
