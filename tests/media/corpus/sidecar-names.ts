import { readFileSync } from "node:fs";
import { join } from "node:path";

/** One row of tests/fixtures/corpus/sidecar-names.tsv (its header says where each convention comes from). */
export interface SidecarCase {
  video: string;
  subtitle: string;
  others?: string[];
  /** Null: the file must NOT be counted as a subtitle of `video`. */
  expected: { language: string | null; forced?: boolean; hi?: boolean } | null;
  source: string;
}

const FILE = join(import.meta.dir, "../../fixtures/corpus/sidecar-names.tsv");

function parseExpected(text: string): SidecarCase["expected"] {
  if (text === "not-its") return null;
  const [language = "?", ...flags] = text.split(" ");
  return {
    language: language === "?" ? null : language,
    forced: flags.includes("+forced"),
    hi: flags.includes("+hi"),
  };
}

export const SIDECAR_CASES: SidecarCase[] = readFileSync(FILE, "utf8")
  .split("\n")
  .filter((line) => line !== "" && !line.startsWith("#"))
  .map((line) => {
    const [video = "", subtitle = "", others = "-", expected = "", source = ""] = line.split("\t");
    return {
      video,
      subtitle,
      ...(others === "-" ? {} : { others: others.split("|") }),
      expected: parseExpected(expected),
      source,
    };
  });
