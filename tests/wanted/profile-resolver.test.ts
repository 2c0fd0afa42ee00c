import { expect, test } from "bun:test";
import { openDatabase } from "../../src/db/client.ts";
import { migrate } from "../../src/db/migrate.ts";
import { defaultProfile } from "../../src/profiles/profile.ts";
import { createProfileResolver } from "../../src/wanted/profile-resolver.ts";
import { putOverride } from "../../src/wanted/profile-store.ts";
import { testConfig } from "../support/runtime.ts";

test("scan, search and API (a resolver each) resolve the same profile for the same file", () => {
  const db = openDatabase({ path: ":memory:" });
  migrate(db.sqlite);
  const base = defaultProfile(testConfig({ languages: ["en"] }));
  putOverride(
    db.db,
    { instance: "main", kind: "series", arrId: 7 },
    { languages: ["de", "pt-br"], hearingImpaired: "prefer" },
    "2026-11-24T10:00:00.000Z",
  );
  const show = { source: "sonarr", instance: "main", seriesId: 7, movieId: null } as const;
  const other = { source: "sonarr", instance: "main", seriesId: 8, movieId: null } as const;
  const loose = { source: "standalone", instance: "standalone", seriesId: null, movieId: null } as const;
  for (const resolve of [createProfileResolver(db.db, base), createProfileResolver(db.db, base)]) {
    expect(resolve(show)).toMatchObject({ languages: ["de", "pt-BR"], hearingImpaired: "prefer" });
    expect(resolve(other)).toBe(base);
    expect(resolve(loose)).toBe(base);
  }
  // The same series on another instance is another target.
  expect(createProfileResolver(db.db, base)({ ...show, instance: "4k" })).toBe(base);
  db.close();
});
