import { afterEach, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig } from "../../src/config/load.ts";
import { profileSet } from "../../src/profiles/profile.ts";
import { configErrorOf } from "../support/config-files.ts";

/** `profile.cutoff` and `profiles.<name>.cutoff`: "any", "off" or one of that profile's languages. */

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function load(toml: string, env: Record<string, string> = {}) {
  const dir = mkdtempSync(join(tmpdir(), "subhound-cutoff-config-"));
  dirs.push(dir);
  writeFileSync(join(dir, "config.toml"), toml);
  return { dir, load: () => loadConfig({ env: { SUBHOUND_DATA_DIR: dir, ...env }, cwd: dir }) };
}

test("a cutoff of the profile's languages, or any, loads; the profiles resolve it", () => {
  const { load: run } = load(
    'languages = ["en", "es"]\n\n[profile]\ncutoff = "English"\n\n[profiles.anime]\nlanguages = ["ja", "en"]\ncutoff = "any"\n\n[profiles.kids]\nlanguages = ["de"]\n\n[profiles.all]\ncutoff = "off"\n',
  );
  const { config } = run();
  expect(config.profile.cutoff).toBe("English");
  const set = profileSet(config);
  expect(set.default.cutoff).toBe("en");
  expect(set.named.get("anime")?.cutoff).toBe("any");
  // Inherited by a profile without English: no cutoff there.
  expect(set.named.get("kids")?.cutoff).toBeNull();
  expect(set.named.get("all")?.cutoff).toBeNull();
});

test("unset: no cutoff", () => {
  const { load: run } = load('languages = ["en", "es"]\n');
  const { config } = run();
  expect(config.profile.cutoff).toBeUndefined();
  expect(profileSet(config).default.cutoff).toBeNull();
});

test("a cutoff language the profile lacks is an error naming the key and the file line", () => {
  const { dir, load: run } = load('languages = ["en", "es"]\n\n[profile]\ncutoff = "de"\n');
  expect(configErrorOf(run)).toBe(
    `profile.cutoff: "de" is not one of the profile's languages (en, es); expected "any", "off" or one of them (in ${join(dir, "config.toml")}, line 4)`,
  );
});

test("a named profile's cutoff is checked against its own languages, else the default's", () => {
  const own = load('languages = ["en"]\n\n[profiles.anime]\nlanguages = ["ja"]\ncutoff = "en"\n');
  expect(configErrorOf(own.load)).toBe(
    `profiles.anime.cutoff: "en" is not one of the profile's languages (ja); expected "any", "off" or one of them (in ${join(own.dir, "config.toml")}, line 5)`,
  );
  const inherited = load('languages = ["en", "es"]\n\n[profiles.spanish]\ncutoff = "ja"\n');
  expect(configErrorOf(inherited.load)).toContain(
    `profiles.spanish.cutoff: "ja" is not one of the profile's languages (en, es)`,
  );
});

test("from the environment, the variable is named", () => {
  const { load: run } = load('languages = ["en", "es"]\n', { SUBHOUND_PROFILE__CUTOFF: "fr" });
  expect(configErrorOf(run)).toBe(
    `profile.cutoff: "fr" is not one of the profile's languages (en, es); expected "any", "off" or one of them (from SUBHOUND_PROFILE__CUTOFF)`,
  );
  const fine = load('languages = ["en", "es"]\n', { SUBHOUND_PROFILE__CUTOFF: "any" });
  expect(profileSet(fine.load().config).default.cutoff).toBe("any");
});

test("something that is neither a keyword nor a language is refused as such", () => {
  const { load: run } = load('languages = ["en"]\n\n[profile]\ncutoff = "first"\n');
  expect(configErrorOf(run)).toContain(
    `profile.cutoff: expected "any", "off" or one of the profile's languages (en, pt-BR), got "first"`,
  );
});
