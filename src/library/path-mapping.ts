import type { PathMapping } from "../config/schema.ts";

interface CompiledMapping {
  /** Normalized remote prefix: forward slashes, no trailing slash (except a bare root). */
  from: string;
  to: string;
  windows: boolean;
}

const WINDOWS_PATH = /^(?:[A-Za-z]:[\\/]|[A-Za-z]:$|\\\\)/;

function isWindowsPath(p: string): boolean {
  return WINDOWS_PATH.test(p) || p.includes("\\");
}

function normalize(p: string): string {
  const slashed = p.replace(/\\/g, "/");
  if (slashed === "/" || /^[A-Za-z]:\/?$/.test(slashed))
    return slashed.endsWith("/") ? slashed : `${slashed}/`;
  return slashed.replace(/\/+$/, "");
}

function compile(mappings: readonly PathMapping[]): CompiledMapping[] {
  return mappings
    .map((m) => ({ from: normalize(m.from), to: m.to.replace(/\/+$/, ""), windows: isWindowsPath(m.from) }))
    .sort((a, b) => b.from.length - a.from.length);
}

function matches(remote: string, from: string, caseInsensitive: boolean): boolean {
  const r = caseInsensitive ? remote.toLowerCase() : remote;
  const f = caseInsensitive ? from.toLowerCase() : from;
  if (f.endsWith("/")) return r.startsWith(f) || r === f.slice(0, -1);
  return r === f || r.startsWith(`${f}/`);
}

function apply(remote: string, mapping: CompiledMapping): string {
  const rest = remote.slice(mapping.from.length).replace(/^\/+/, "");
  if (rest === "") return mapping.to === "" ? "/" : mapping.to;
  return `${mapping.to}/${rest}`;
}

function firstMatch(remote: string, windows: boolean, list: CompiledMapping[]): CompiledMapping | undefined {
  // Windows paths are case-insensitive on their own filesystem, so `d:\tv` and `D:\TV` name one folder.
  return list.find((m) => matches(remote, m.from, windows || m.windows));
}

/**
 * Turns a path as an arr app sees it into the local path. Instance mappings are tried before
 * global ones; within each list the longest matching prefix wins; prefixes match whole path
 * segments only. Windows remote paths come back with forward slashes once mapped.
 *
 * @example mapper("/data/tv/Show/ep.mkv") // "/mnt/tv/Show/ep.mkv" with { from: "/data/tv", to: "/mnt/tv" }
 */
export function createPathMapper(
  instanceMappings: readonly PathMapping[],
  globalMappings: readonly PathMapping[] = [],
): (remotePath: string) => string {
  const own = compile(instanceMappings);
  const global = compile(globalMappings);
  if (own.length === 0 && global.length === 0) return (p) => p;
  return (remotePath) => {
    const windows = isWindowsPath(remotePath);
    const remote = windows ? remotePath.replace(/\\/g, "/") : remotePath;
    const mapping = firstMatch(remote, windows, own) ?? firstMatch(remote, windows, global);
    return mapping ? apply(remote, mapping) : remotePath;
  };
}

/** One-off form of {@link createPathMapper}; unmapped paths are returned unchanged. */
export function mapPath(
  remotePath: string,
  instanceMappings: readonly PathMapping[],
  globalMappings: readonly PathMapping[] = [],
): string {
  return createPathMapper(instanceMappings, globalMappings)(remotePath);
}
