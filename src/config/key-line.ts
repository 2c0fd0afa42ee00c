/** A bare or quoted key part, then `.`-joined parts: `a`, `"b c"`, `a."b".c`. */
const KEY_PART = String.raw`(?:[A-Za-z0-9_-]+|"(?:[^"\\]|\\.)*"|'[^']*')`;
const DOTTED_KEY = String.raw`${KEY_PART}(?:\s*\.\s*${KEY_PART})*`;
const ARRAY_TABLE = new RegExp(String.raw`^\[\[\s*(${DOTTED_KEY})\s*\]\]`);
const TABLE = new RegExp(String.raw`^\[\s*(${DOTTED_KEY})\s*\]`);
const KEY_VALUE = new RegExp(String.raw`^(${DOTTED_KEY})\s*=\s*(.*)$`);

function keyParts(dotted: string): string[] {
  return [...dotted.matchAll(new RegExp(KEY_PART, "g"))].map(([part]) =>
    part.startsWith('"') ? (JSON.parse(part) as string) : part.startsWith("'") ? part.slice(1, -1) : part,
  );
}

/**
 * The line of a config file where a dotted key (`sonarr.1.url`, list entries by index) is set, or,
 * when the file does not set it, where its nearest table or entry starts; undefined when neither is
 * there. A reading of the lines, not a parse: it serves error messages for a file that parsed.
 */
export function lineOfKey(text: string, key: string): number | undefined {
  const target = key.split(".");
  // Entries of each [[array]] seen so far, by the array's path with its parents' indexes.
  const entries = new Map<string, number>();
  let table: string[] = [];
  let best: { depth: number; line: number } | undefined;
  let multiline: string | null = null;

  const offer = (path: string[], line: number) => {
    if (path.length > target.length || !path.every((part, i) => part === target[i])) return;
    if (!best || path.length > best.depth) best = { depth: path.length, line };
  };
  // `[a.b]` inside `[[a]]` entry 2 is `a.2.b`: each prefix that is an array takes its current index.
  const resolve = (parts: string[]): string[] => {
    const out: string[] = [];
    for (const part of parts) {
      out.push(part);
      const count = entries.get(out.join("."));
      if (count !== undefined) out.push(String(count - 1));
    }
    return out;
  };

  const lines = text.replace(/^\uFEFF/, "").split(/\r\n|\n|\r/);
  for (const [index, raw] of lines.entries()) {
    const line = raw.trim();
    if (multiline) {
      if (line.includes(multiline)) multiline = null;
      continue;
    }
    let match = ARRAY_TABLE.exec(line);
    if (match) {
      const parts = keyParts(match[1]!);
      const array = resolve(parts.slice(0, -1)).concat(parts.at(-1)!).join(".");
      entries.set(array, (entries.get(array) ?? 0) + 1);
      table = [...array.split("."), String(entries.get(array)! - 1)];
      offer(table, index + 1);
      continue;
    }
    match = TABLE.exec(line);
    if (match) {
      table = resolve(keyParts(match[1]!));
      offer(table, index + 1);
      continue;
    }
    match = KEY_VALUE.exec(line);
    if (!match) continue;
    offer([...table, ...keyParts(match[1]!)], index + 1);
    const value = match[2]!;
    for (const quotes of ['"""', "'''"])
      if (value.startsWith(quotes) && !value.slice(3).includes(quotes)) multiline = quotes;
  }
  return best?.line;
}
