/** Whether ffmpeg can be used at all; health shows this once instead of an error per sync. */
export type FfmpegStatus = { available: true; path: string } | { available: false; reason: string };

/** Found like ffprobe: the configured binary (a path or a name on PATH), else `ffmpeg` on PATH. */
export function locateFfmpeg(
  configured?: string,
  which: (name: string) => string | null = Bun.which,
): FfmpegStatus {
  const path = which(configured ?? "ffmpeg");
  if (path) return { available: true, path };
  return {
    available: false,
    reason: configured
      ? `ffmpeg not found at sync.ffmpegPath "${configured}"; subtitle sync to audio and embedded streams is off`
      : "ffmpeg not found on PATH; install FFmpeg or set sync.ffmpegPath (subtitle sync to audio and embedded streams is off)",
  };
}
