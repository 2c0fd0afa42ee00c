import { describe, expect, test } from "bun:test";
import { expectedOf, readCase } from "./corpus/read-sidecar-case.ts";
import { SIDECAR_CASES } from "./corpus/sidecar-names.ts";

describe("sidecar names seen in real libraries", () => {
  test.each(
    SIDECAR_CASES.map((row) => [`${row.source}: ${row.subtitle} (video ${row.video})`, row] as const),
  )("%s", (_, row) => {
    expect(readCase(row)).toEqual(expectedOf(row));
  });
});
