/** A secret table (a notifier's `headers`) as the page types it: one `Name: value` per line. */
export function parseHeaderLines(text: string):
  | { ok: true; table: Record<string, string> }
  | {
      ok: false;
      message: string;
    } {
  const table: Record<string, string> = {};
  const lines = text.split(/\r?\n/);
  for (const [i, line] of lines.entries()) {
    if (line.trim() === "") continue;
    const colon = line.indexOf(":");
    const name = colon > 0 ? line.slice(0, colon).trim() : "";
    // The line number, never the line: it holds the secret.
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name))
      return { ok: false, message: `line ${i + 1}: expected Name: value, e.g. Authorization: Bearer …` };
    if (Object.keys(table).some((k) => k.toLowerCase() === name.toLowerCase()))
      return { ok: false, message: `line ${i + 1}: ${name} is given twice` };
    table[name] = line.slice(colon + 1).trim();
  }
  if (Object.keys(table).length === 0)
    return { ok: false, message: "expected Name: value lines, or Remove to clear them" };
  return { ok: true, table };
}
