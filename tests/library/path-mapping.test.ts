import { describe, expect, test } from "bun:test";
import { mapPath } from "../../src/library/path-mapping.ts";

describe("mapPath", () => {
  const m = (from: string, to: string) => ({ from, to });

  test("maps at path-segment boundaries only", () => {
    const maps = [m("/data/tv", "/mnt/tv")];
    expect(mapPath("/data/tv/Show/ep.mkv", maps)).toBe("/mnt/tv/Show/ep.mkv");
    expect(mapPath("/data/tv", maps)).toBe("/mnt/tv");
    expect(mapPath("/data/tv2/Show/ep.mkv", maps)).toBe("/data/tv2/Show/ep.mkv");
  });

  test("longest matching prefix wins", () => {
    const maps = [m("/data", "/a"), m("/data/tv/anime", "/c"), m("/data/tv", "/b")];
    expect(mapPath("/data/tv/anime/x.mkv", maps)).toBe("/c/x.mkv");
    expect(mapPath("/data/tv/x.mkv", maps)).toBe("/b/x.mkv");
    expect(mapPath("/data/movies/x.mkv", maps)).toBe("/a/movies/x.mkv");
  });

  test("instance mappings before global ones, even if a global one is longer", () => {
    expect(mapPath("/data/tv/x.mkv", [m("/data", "/inst")], [m("/data/tv", "/global")])).toBe(
      "/inst/tv/x.mkv",
    );
    expect(mapPath("/other/x.mkv", [m("/data", "/inst")], [m("/other", "/global")])).toBe("/global/x.mkv");
  });

  test("trailing slashes tolerated on both sides", () => {
    expect(mapPath("/data/tv/x.mkv", [m("/data/tv/", "/mnt/tv/")])).toBe("/mnt/tv/x.mkv");
    expect(mapPath("/data/tv2/x.mkv", [m("/data/tv/", "/mnt/tv/")])).toBe("/data/tv2/x.mkv");
  });

  test("root mappings", () => {
    expect(mapPath("/x/y.mkv", [m("/", "/mnt")])).toBe("/mnt/x/y.mkv");
    expect(mapPath("/data/y.mkv", [m("/data", "/")])).toBe("/y.mkv");
  });

  test("Windows remote paths become POSIX", () => {
    const local = "/mnt/tv";
    expect(mapPath("D:\\TV\\Show\\ep.mkv", [m("D:\\TV", local)])).toBe("/mnt/tv/Show/ep.mkv");
    expect(mapPath("D:\\TV\\Show\\ep.mkv", [m("D:/TV", local)])).toBe("/mnt/tv/Show/ep.mkv");
    expect(mapPath("d:\\TV\\Show\\ep.mkv", [m("D:\\TV\\", local)])).toBe("/mnt/tv/Show/ep.mkv");
    expect(mapPath("D:\\TV2\\Show\\ep.mkv", [m("D:\\TV", local)])).toBe("D:\\TV2\\Show\\ep.mkv");
    expect(mapPath("D:\\", [m("D:\\", "/mnt/d")])).toBe("/mnt/d");
    expect(mapPath("\\\\nas\\media\\tv\\x.mkv", [m("\\\\nas\\media", "/mnt/media")])).toBe(
      "/mnt/media/tv/x.mkv",
    );
  });

  test("unmapped paths returned unchanged", () => {
    expect(mapPath("/somewhere/else.mkv", [m("/data", "/mnt")], [m("/x", "/y")])).toBe("/somewhere/else.mkv");
    expect(mapPath("/a.mkv", [])).toBe("/a.mkv");
  });
});
