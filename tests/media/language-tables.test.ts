import { describe, expect, test } from "bun:test";
import { join } from "node:path";
import {
  canonicalCodeOf,
  commonLanguageTables,
  fullLanguageTables,
  isCommonLanguage,
} from "../../src/media/language-tables.ts";

const root = join(import.meta.dir, "..", "..");

describe("the common language table", () => {
  test("holds exactly the full table's common languages", () => {
    const full = [...fullLanguageTables().byCanonical.values()].filter(isCommonLanguage).map(canonicalCodeOf);
    const common = [...commonLanguageTables().byCanonical.keys()];
    expect(common.sort()).toEqual(full.sort());
    expect(common.length).toBeGreaterThan(400);
  });

  test("answers every code, canonical code and name it knows as the full table does", () => {
    const common = commonLanguageTables();
    const full = fullLanguageTables();
    const differing: string[] = [];
    for (const [table, map] of [
      ["byCode", common.byCode],
      ["byCanonical", common.byCanonical],
      ["byName", common.byName],
    ] as const) {
      for (const [key, language] of map) {
        const answer = full[table].get(key);
        if (answer === undefined || canonicalCodeOf(answer) !== canonicalCodeOf(language)) {
          differing.push(
            `${table} ${key}: ${canonicalCodeOf(language)} vs ${answer && canonicalCodeOf(answer)}`,
          );
        }
      }
    }
    expect(differing).toEqual([]);
  });

  test("start-up spellings never read the full table; a rare code does", () => {
    // A fresh process: other tests in this one may have loaded the full table already.
    const script = `
      const { canonicalLanguage, languageName } = await import(${JSON.stringify(join(root, "src/media/languages.ts"))});
      const { fullLanguageTablesLoaded } = await import(${JSON.stringify(join(root, "src/media/language-tables.ts"))});
      const answers = ["en", "eng", "ger", "de-AT", "pt-BR", "German", "Brazilian Portuguese", "zh-Hant", "cmn"].map((t) => canonicalLanguage(t));
      answers.push(languageName("fr"));
      const before = fullLanguageTablesLoaded();
      answers.push(canonicalLanguage("aaa"), languageName("haw"));
      console.log(JSON.stringify({ answers, before, after: fullLanguageTablesLoaded() }));
    `;
    const run = Bun.spawnSync([process.execPath, "-e", script], { cwd: root });
    expect(run.stderr.toString()).toBe("");
    expect(JSON.parse(run.stdout.toString())).toEqual({
      answers: [
        "en",
        "en",
        "de",
        "de-AT",
        "pt-BR",
        "de",
        "pt-BR",
        "zh-Hant",
        "cmn",
        "French",
        "aaa",
        "Hawaiian",
      ],
      before: false,
      after: true,
    });
  });
});
