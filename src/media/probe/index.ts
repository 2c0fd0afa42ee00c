export { createProbeCache, PROBE_VERSION, type ProbeCache, type ProbeCacheKey } from "./cache.ts";
export { type FfprobeStatus, resolveFfprobePath } from "./ffprobe.ts";
export {
  createProber,
  type ProbeEngineChoice,
  type ProbeOutcome,
  type Prober,
  type ProberOptions,
} from "./probe.ts";
export type { ProbeError, ProbeErrorKind } from "./probe-error.ts";
