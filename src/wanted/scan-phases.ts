/**
 * Where a scan's time goes, per phase, with how many things each phase handled:
 * - list: requests to the arr apps (the series/movie listing and each series' files), in groups;
 * - inspect: files whose sidecars and streams were gathered (probe time included);
 * - probe: files whose streams the inspector read, natively, by ffprobe or from its cache;
 * - decide: files whose wanted items were worked out;
 * - store: files written (new, changed, or rewritten by a full scan); its time is every database
 *   read and write of the scan, the transactions of its writer thread (scan-writer.ts) included.
 * Times are summed over concurrent work (several groups and files are in flight at once), so a
 * phase can add up to more than the scan's wall time.
 */
export const SCAN_PHASES = ["list", "inspect", "probe", "decide", "store"] as const;
export type ScanPhase = (typeof SCAN_PHASES)[number];
export type PhaseTimes = Record<ScanPhase, { ms: number; count: number }>;

export function createPhaseTimes() {
  const phases = Object.fromEntries(SCAN_PHASES.map((p) => [p, { ms: 0, count: 0 }])) as PhaseTimes;
  const add = (phase: ScanPhase, since: number, count: number) => {
    phases[phase].ms += performance.now() - since;
    phases[phase].count += count;
  };
  return {
    /** Times `work` under `phase`, counting `count` things handled (0: only time). */
    async time<T>(phase: ScanPhase, work: () => Promise<T>, count = 1): Promise<T> {
      const since = performance.now();
      try {
        return await work();
      } finally {
        add(phase, since, count);
      }
    },
    timeSync<T>(phase: ScanPhase, work: () => T, count = 1): T {
      const since = performance.now();
      try {
        return work();
      } finally {
        add(phase, since, count);
      }
    },
    /** Adds the time since `since` (a `performance.now()`) to `phase`. */
    record(phase: ScanPhase, since: number, count = 1) {
      add(phase, since, count);
    },
    /** Adds time measured elsewhere (the scan's writer thread times its own transactions). */
    addMs(phase: ScanPhase, ms: number, count = 0) {
      phases[phase].ms += ms;
      phases[phase].count += count;
    },
    /** Counts without timing (what the store wrote is known only after its transaction). */
    count(phase: ScanPhase, n: number) {
      phases[phase].count += n;
    },
    /** The figures, milliseconds to a tenth. */
    snapshot(): PhaseTimes {
      return Object.fromEntries(
        SCAN_PHASES.map((p) => [p, { ms: Math.round(phases[p].ms * 10) / 10, count: phases[p].count }]),
      ) as PhaseTimes;
    },
  };
}
