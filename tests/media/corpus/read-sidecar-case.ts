import { dirname, join } from "node:path";
import { createSidecarFinder, type DirectoryEntry } from "../../../src/media/sidecars.ts";
import type { SidecarCase } from "./sidecar-names.ts";

const ROOT = "/library";

/** An in-memory tree holding the case's files, read through the finder's injectable reader. */
function fakeTree(files: string[]): (path: string) => DirectoryEntry[] {
  const entries = new Map<string, Map<string, boolean>>();
  const add = (path: string, isDirectory: boolean) => {
    const parent = dirname(path);
    if (!entries.has(parent)) entries.set(parent, new Map());
    entries.get(parent)!.set(path.slice(parent.length + 1), isDirectory);
    if (parent !== ROOT) add(parent, true);
  };
  for (const file of files) add(join(ROOT, file), false);
  return (path) => {
    const listing = entries.get(path);
    if (!listing) throw Object.assign(new Error(`ENOENT: ${path}`), { code: "ENOENT" });
    return [...listing].map(([name, isDirectory]) => ({
      name,
      isFile: () => !isDirectory,
      isDirectory: () => isDirectory,
      isSymbolicLink: () => false,
    }));
  };
}

export function readCase(row: SidecarCase) {
  const finder = createSidecarFinder({
    readDirectory: fakeTree([row.video, row.subtitle, ...(row.others ?? [])]),
  });
  const found = finder.find(join(ROOT, row.video)).find((s) => s.path === join(ROOT, row.subtitle));
  return found === undefined
    ? null
    : { language: found.language, forced: found.forced, hi: found.hearingImpaired };
}

export function expectedOf(row: SidecarCase) {
  return row.expected === null
    ? null
    : { language: row.expected.language, forced: row.expected.forced ?? false, hi: row.expected.hi ?? false };
}
