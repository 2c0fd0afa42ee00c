/**
 * Comments written between a table's last key and the next `[table]` header belong to that next
 * table. toml-patch 3.3.0 keeps them in the table above: removing that table (a `[[sonarr]]` entry)
 * removed the next one's comment with it, and a key added to it was written below that comment.
 * While it patches, such a run rides on its header line as one comment, and is put back after.
 */

const MARK = "#~subhound-comments-above~";
const TABLE_HEADER = /^[ \t]*\[.*\][ \t]*(#.*)?$/;
const COMMENT = /^[ \t]*#/;
const BLANK = /^[ \t]*$/;

/** Lines with their own line ending (a file may mix them). */
const linesOf = (text: string) => text.split(/(?<=\n)/);
const ending = (line: string) => /\r?\n$/.exec(line)?.[0] ?? "";
const withoutEnding = (line: string) => line.slice(0, line.length - ending(line).length);

/** Moves the comments above each header onto it; undone by `detachTableComments`. */
export function attachTableComments(text: string): string {
  if (text.includes(MARK)) throw new Error("the file holds the mark its table comments would get");
  const out: string[] = [];
  for (const line of linesOf(text)) {
    const body = withoutEnding(line);
    if (!TABLE_HEADER.test(body)) {
      out.push(line);
      continue;
    }
    let start = out.length;
    while (start > 0 && (COMMENT.test(out[start - 1]!) || BLANK.test(withoutEnding(out[start - 1]!))))
      start--;
    // Above the first header only the run touching it is its own; the rest is about the whole file.
    if (start === 0) {
      start = out.length;
      while (start > 0 && COMMENT.test(out[start - 1]!)) start--;
    }
    // The blank lines right after the last key stay where they are: they separate the tables.
    while (start < out.length && BLANK.test(withoutEnding(out[start]!))) start++;
    const above = out.splice(start);
    out.push(above.length > 0 ? `${body} ${MARK}${JSON.stringify(above)}${ending(line)}` : line);
  }
  return out.join("");
}

/** Puts each header's comments back above it; throws when a header's mark was mangled. */
export function detachTableComments(text: string): string {
  const out: string[] = [];
  for (const line of linesOf(text)) {
    const at = line.indexOf(MARK);
    if (at < 0) {
      out.push(line);
      continue;
    }
    const above = JSON.parse(withoutEnding(line).slice(at + MARK.length)) as string[];
    const header = line.slice(0, at);
    out.push(...above, `${header.endsWith(" ") ? header.slice(0, -1) : header}${ending(line)}`);
  }
  const restored = out.join("");
  if (restored.includes(MARK)) throw new Error("a table's comments could not be put back");
  return restored;
}
