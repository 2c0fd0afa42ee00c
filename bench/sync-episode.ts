/**
 * One sync of a long episode in a process of its own, for bench/sync.ts: prints wall time, this
 * process's CPU time, its ffmpeg children's CPU time and its peak RSS (VmHWM; ffmpeg's memory is
 * its own) as JSON.
 *   bun bench/sync-episode.ts <video> <subtitle.srt> <ffmpeg>
 */
import { readFileSync } from "node:fs";
import { syncSubtitle } from "../src/sync/sync-subtitle.ts";

const [video, subtitle, ffmpeg] = process.argv.slice(2) as [string, string, string];
const text = readFileSync(subtitle, "utf8");
const started = performance.now();
const outcome = await syncSubtitle(
  { videoPath: video, text, format: "srt", reference: { kind: "audio" } },
  { ffmpeg: { available: true, path: ffmpeg }, decodeTimeoutMs: 300_000, alignTimeoutMs: 300_000 },
);
const ms = performance.now() - started;
const usage = process.resourceUsage();
const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync("/proc/self/status", "utf8"));
// cutime and cstime (fields 16 and 17, clock ticks of 1/100 s): the CPU of the ffmpeg processes it waited for.
const stat = readFileSync("/proc/self/stat", "utf8").split(") ")[1]!.split(" ");
const childCpuMs = (Number(stat[13]) + Number(stat[14])) * 10;
const alignment = outcome.status === "failed" ? null : outcome.alignment;
console.log(
  JSON.stringify({
    ms,
    cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000,
    childCpuMs,
    peakRssMiB: hwm ? Number(hwm[1]) / 1024 : usage.maxRSS / 1024,
    status: outcome.status === "unchanged" ? `unchanged (${outcome.reason})` : outcome.status,
    ratio: outcome.status === "synced" ? alignment!.ratio : 1,
    offsetMs: outcome.status === "synced" ? alignment!.offsetMs : 0,
  }),
);
