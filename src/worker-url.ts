/**
 * Where a Worker's script is. From source it sits beside the module that starts it. In the compiled
 * binary all of that module's code is one bundle named after the binary at the virtual root, and
 * the worker's own entry (listed in scripts/compile.ts) keeps its path below `src/`.
 *
 * @example workerUrl(import.meta.url, "subtitles/prepare-worker.ts")
 */
export function workerUrl(callerUrl: string, pathBelowSrc: string): URL {
  const here = new URL(callerUrl);
  const compiled = here.pathname.startsWith("/$bunfs/") || here.pathname.includes("/~BUN/");
  return new URL(compiled ? `./${pathBelowSrc}` : `./${pathBelowSrc.split("/").pop()}`, here);
}
