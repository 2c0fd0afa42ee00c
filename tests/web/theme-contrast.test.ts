import { expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";

/** The custom properties of each theme block of web/styles/theme.css, by selector. */
function themes(): Map<string, Record<string, string>> {
  const css = readFileSync(join(import.meta.dir, "../../web/styles/theme.css"), "utf8");
  const out = new Map<string, Record<string, string>>();
  for (const [, selector, body] of css.matchAll(/([^{}]+)\{([^{}]*)\}/g)) {
    const vars = Object.fromEntries(
      [...body!.matchAll(/(--[\w-]+):\s*(#[0-9a-f]{6})\b/gi)].map(([, name, value]) => [name!, value!]),
    );
    if (Object.keys(vars).length > 0) out.set(selector!.trim(), vars);
  }
  return out;
}

const luminance = (hex: string) => {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = Number.parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
};
const contrast = (a: string, b: string) => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
};

// Text and the backgrounds it sits on (WCAG AA for normal text: 4.5:1).
const PAIRS: [string, string][] = [
  ["--text", "--bg"],
  ["--text", "--surface"],
  ["--text-muted", "--bg"],
  ["--text-muted", "--surface"],
  ["--accent", "--bg"],
  ["--accent", "--surface"],
  ["--accent", "--accent-soft"],
  ["--accent-text", "--accent"],
  ["--ok", "--ok-bg"],
  ["--warn", "--warn-bg"],
  ["--danger", "--danger-bg"],
  ["--info", "--info-bg"],
  ["--sidebar-text", "--sidebar-bg"],
];

test("every theme's text colours reach 4.5:1 on the backgrounds they are used on", () => {
  const found = themes();
  expect(found.size).toBeGreaterThanOrEqual(2);
  const light = found.get(":root")!;
  const failures: string[] = [];
  for (const [selector, own] of found) {
    const vars = { ...light, ...own };
    for (const [fg, bg] of PAIRS) {
      const ratio = contrast(vars[fg]!, vars[bg]!);
      if (ratio < 4.5) failures.push(`${selector}: ${fg} on ${bg} is ${ratio.toFixed(2)}:1`);
    }
  }
  expect(failures).toEqual([]);
});
