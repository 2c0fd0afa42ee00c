const SUBTITLE_EXTENSIONS = new Set(["srt", "ass", "ssa", "vtt", "sub", "smi", "sup", "idx"]);

/**
 * The member's path with `/` separators, or null when it must be skipped: directories, macOS
 * resource forks, hidden files, other extensions, and names that would escape a target folder
 * (zip-slip), even though members are never written to disk as they are.
 */
export function acceptedMemberName(rawName: string): string | null {
  const name = rawName.replaceAll("\\", "/");
  if (name === "" || name.endsWith("/")) return null;
  if (name.startsWith("/") || /^[a-z]:/i.test(name)) return null;
  const segments = name.split("/").filter((segment) => segment !== "" && segment !== ".");
  if (segments.some((segment) => segment === ".." || segment.startsWith("."))) return null;
  if (segments.includes("__MACOSX")) return null;
  const baseName = segments.at(-1) ?? "";
  const dot = baseName.lastIndexOf(".");
  if (dot <= 0 || !SUBTITLE_EXTENSIONS.has(baseName.slice(dot + 1).toLowerCase())) return null;
  return segments.join("/");
}
