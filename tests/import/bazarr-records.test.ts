import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openBazarrDb } from "../../src/import/bazarr-db.ts";
import { readBazarrSubtitles } from "../../src/import/bazarr-history.ts";
import { bazarrLanguage } from "../../src/import/bazarr-language.ts";
import { profileNameFrom, readBazarrProfiles } from "../../src/import/bazarr-profiles.ts";
import { subhoundCandidate } from "../../src/import/bazarr-providers.ts";
import { parseBazarrTime, parseBazarrTimezone } from "../../src/import/bazarr-time.ts";
import { bazarrTimestamp, createBazarrDb } from "../fixtures/bazarr/bazarr-db.ts";

const dir = mkdtempSync(join(tmpdir(), "subhound-bazarr-records-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("reading Bazarr's records", () => {
  test("timestamps: SQLAlchemy text in the zone given, Unix seconds of older Bazarrs as they are", () => {
    const utc = parseBazarrTimezone("UTC")!;
    expect(parseBazarrTime("2026-11-20 08:00:00.250000", utc)?.toISOString()).toBe(
      "2026-11-20T08:00:00.250Z",
    );
    expect(parseBazarrTime("2026-11-20 08:00:00", parseBazarrTimezone("+02:00")!)?.toISOString()).toBe(
      "2026-11-20T06:00:00.000Z",
    );
    expect(parseBazarrTime("2026-11-20 08:00:00", parseBazarrTimezone("-0530")!)?.toISOString()).toBe(
      "2026-11-20T13:30:00.000Z",
    );
    expect(parseBazarrTime(1_795_680_000, utc)?.toISOString()).toBe("2026-11-26T08:00:00.000Z");
    expect(parseBazarrTime("1795680000", utc)?.toISOString()).toBe("2026-11-26T08:00:00.000Z");
    expect(parseBazarrTime("yesterday", utc)).toBeNull();
    expect(parseBazarrTimezone("Europe/Berlin")).toBeNull();
    expect(bazarrTimestamp(new Date("2026-11-20T08:00:00.250Z"))).toBe("2026-11-20 08:00:00.250000");
  });

  test("languages: Bazarr's own codes for regional variants, and its :hi / :forced suffixes", () => {
    expect(["pb", "pb:forced", "zt", "ea", "en:hi", "de", "xx"].map(bazarrLanguage)).toEqual([
      "pt-BR",
      "pt-BR",
      "zh-Hant",
      "es-419",
      "en",
      "de",
      null,
    ]);
  });

  test("profile names become config keys; ids become Subhound's where both providers name a subtitle alike", () => {
    expect(profileNameFrom("Français & Deutsch", 1)).toBe("Francais-Deutsch");
    expect(profileNameFrom("日本語", 3)).toBe("bazarr-3");
    expect(subhoundCandidate("opensubtitlescom", "12345")).toEqual({
      provider: "opensubtitles",
      candidateId: "12345",
    });
    expect(
      subhoundCandidate("animetosho", "https://animetosho.org/storage/attach/0009a2f3/631539.xz"),
    ).toEqual({
      provider: "animetosho",
      candidateId: "631539",
    });
    expect(subhoundCandidate("animetosho", "https://elsewhere/x")).toBeNull();
    expect(subhoundCandidate("subdl", "SUBDL::x.zip")).toBeNull();
    expect(subhoundCandidate("toString", "1")).toBeNull();
  });

  test("the newest row of a path decides; a sync keeps who made the file, a deletion forgets it", () => {
    const path = join(dir, "history.db");
    const b = createBazarrDb(path);
    const row = (
      subtitlesPath: string,
      action: number,
      minute: number,
      provider: string | null = "podnapisi",
    ) =>
      b.addHistory({
        kind: "episode",
        action,
        arrId: 7,
        videoPath: "/tv/S/e.mkv",
        subtitlesPath,
        provider,
        subsId: `${subtitlesPath}-${minute}`,
        at: new Date(Date.UTC(2026, 10, 20, 8, minute)),
      });
    row("/tv/S/synced.en.srt", 1, 0);
    row("/tv/S/synced.en.srt", 5, 1, null);
    row("/tv/S/only-synced.en.srt", 5, 2, null);
    row("/tv/S/again.en.srt", 1, 3);
    row("/tv/S/again.en.srt", 0, 4, null);
    row("/tv/S/again.en.srt", 2, 5, "gestdown");
    b.close();
    const db = openBazarrDb(path);
    try {
      const { records, rows, skipped } = readBazarrSubtitles(db);
      expect({ rows, skipped }).toEqual({ rows: 6, skipped: [] });
      const by = Object.fromEntries(records.map((r) => [r.subtitlePath.split("/").pop(), r]));
      expect(by["synced.en.srt"]).toMatchObject({
        lastAction: 5,
        lastTimestamp: "2026-11-20 08:01:00.000000",
        maker: { action: 1, provider: "podnapisi", subsId: "/tv/S/synced.en.srt-0" },
      });
      expect(by["only-synced.en.srt"]?.maker).toBeNull();
      expect(by["again.en.srt"]).toMatchObject({ lastAction: 2, maker: { action: 2, provider: "gestdown" } });
    } finally {
      db.close();
    }
  });

  test("a profile's cutoff: 65535 is any language, an item id that item's language", () => {
    const path = join(dir, "profiles.db");
    const b = createBazarrDb(path);
    const items = [
      { id: 1, language: "en" },
      { id: 2, language: "pb", forced: "True" as const },
      { id: 3, language: "xx" },
    ];
    b.addProfile({ profileId: 1, name: "Any", items, cutoff: 65535 });
    b.addProfile({ profileId: 2, name: "English", items, cutoff: 1 });
    b.addProfile({ profileId: 3, name: "Forced", items, cutoff: 2 });
    b.addProfile({ profileId: 4, name: "Unknown", items, cutoff: 3 });
    b.addProfile({ profileId: 5, name: "None", items });
    b.close();
    const db = openBazarrDb(path);
    try {
      const drafts = readBazarrProfiles(db).drafts.map((d) => ({
        name: d.name,
        cutoff: d.cutoff,
        notes: d.notes.filter((n) => n.includes("cutoff")),
      }));
      expect(drafts).toEqual([
        { name: "Any", cutoff: "any", notes: [] },
        { name: "English", cutoff: "en", notes: [] },
        {
          name: "Forced",
          cutoff: "pt-BR",
          notes: ["Bazarr's cutoff was the forced pt-BR subtitle; Subhound's is pt-BR as a whole"],
        },
        {
          name: "Unknown",
          cutoff: undefined,
          notes: ["Bazarr's cutoff names item 3, which is not a language Subhound knows: no cutoff set"],
        },
        { name: "None", cutoff: undefined, notes: [] },
      ]);
    } finally {
      db.close();
    }
  });
});
