/**
 * Builds the synthetic sync corpus: clips of speech from espeak-ng placed at known times over
 * silence, hiss and music-like noise, encoded by ffmpeg to low-bitrate mono Opus in Matroska, each
 * with its true subtitle; then subtitles shifted by known offsets and framerate conversions, and
 * correctly timed copies, listed in cases.json. Deterministic (seeded); needs espeak-ng and ffmpeg.
 *   bun bench/sync-corpus/generate.ts              the bench corpus (bench/sync-corpus/)
 *   bun bench/sync-corpus/generate.ts --fixture    the short clip the tests use (tests/fixtures/sync/)
 */
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { type Cue, linearMap, retime, type TimedFormat } from "../../src/sync/cue-times.ts";

const RATE = 22_050; // espeak-ng's output rate

interface ClipSpec {
  name: string;
  seconds: number;
  voice: string;
  speed: number;
  /** Share of gaps filled with music-like noise, and of lines spoken over it. */
  music: number;
  seed: number;
}

const CLIPS: ClipSpec[] = [
  { name: "c01", seconds: 200, voice: "en-us", speed: 165, music: 0.3, seed: 1 },
  { name: "c02", seconds: 240, voice: "en-gb+f3", speed: 150, music: 0.5, seed: 2 },
  { name: "c03", seconds: 180, voice: "en-gb-scotland+m3", speed: 180, music: 0.2, seed: 3 },
  { name: "c04", seconds: 220, voice: "de+f2", speed: 160, music: 0.4, seed: 4 },
  { name: "c05", seconds: 260, voice: "fr+m4", speed: 140, music: 0.6, seed: 5 },
  { name: "c06", seconds: 200, voice: "en-029+f4", speed: 190, music: 0.3, seed: 6 },
  { name: "c07", seconds: 240, voice: "es+m2", speed: 155, music: 0.5, seed: 7 },
  { name: "c08", seconds: 210, voice: "en-us+f1", speed: 170, music: 0.7, seed: 8 },
];
const FIXTURE: ClipSpec = { name: "fixture", seconds: 60, voice: "en-us", speed: 165, music: 0.3, seed: 42 };

const WORDS = `time people year way day man thing woman life child world school state family student group
country problem hand part place case week company system program question work government number night
point home water room mother area money story fact month lot right study book eye job word business issue
side kind head house service friend father power hour game line end member law car city community name
president team minute idea kid body information back parent face others level office door health person
art war history party result change morning reason research girl guy moment air teacher force education`
  .split(/\s+/)
  .filter(Boolean);

function seeded(seed: number) {
  let s = (seed * 2654435761) >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

async function speak(text: string, voice: string, speed: number): Promise<Float32Array> {
  const proc = Bun.spawn(["espeak-ng", "-v", voice, "-s", String(speed), "--stdout", text], {
    stdout: "pipe",
    stderr: "pipe",
  });
  const [wav, stderr, code] = await Promise.all([
    new Response(proc.stdout).arrayBuffer(),
    new Response(proc.stderr).text(),
    proc.exited,
  ]);
  if (code !== 0) throw new Error(`espeak-ng failed: ${stderr}`);
  // The header's sizes are unknown when espeak-ng writes to a pipe: take everything after "data".
  const bytes = new Uint8Array(wav);
  let at = 12;
  while (at + 8 <= bytes.length && new TextDecoder().decode(bytes.subarray(at, at + 4)) !== "data") {
    at += 8 + new DataView(wav, at + 4, 4).getUint32(0, true);
  }
  const pcm = new Int16Array(wav.slice(at + 8, at + 8 + ((bytes.length - at - 8) & ~1)));
  return Float32Array.from(pcm, (x) => x / 32768);
}

/** Chords with a beat and noisy hits: steady enough to be background, loud enough to fool a naive detector. */
function addMusic(mix: Float32Array, from: number, to: number, level: number, next: () => number): void {
  const base = 110 * 2 ** (Math.floor(next() * 12) / 12);
  const notes = [1, 1.25, 1.5, 2].map((k) => base * k * (next() < 0.5 ? 1 : 2));
  const beat = 0.4 + next() * 0.3;
  for (let i = Math.max(0, from); i < Math.min(mix.length, to); i++) {
    const t = i / RATE;
    let v = 0;
    for (const f of notes) v += Math.sin(2 * Math.PI * f * t) / notes.length;
    const phase = (t % beat) / beat;
    const hit = phase < 0.08 ? (next() * 2 - 1) * (1 - phase / 0.08) : 0;
    mix[i] = mix[i]! + level * (0.7 * v * (0.8 + 0.2 * Math.sin(2 * Math.PI * 3 * t)) + 0.5 * hit);
  }
}

async function buildClip(spec: ClipSpec, dir: string): Promise<Cue[]> {
  const next = seeded(spec.seed);
  const mix = new Float32Array(spec.seconds * RATE);
  for (let i = 0; i < mix.length; i++) mix[i] = (next() * 2 - 1) * 0.002;
  const cues: Cue[] = [];
  let t = 1 + next() * 4;
  while (t < spec.seconds - 8) {
    const words = Array.from(
      { length: 2 + Math.floor(next() * 9) },
      () => WORDS[Math.floor(next() * WORDS.length)],
    );
    const speech = await speak(`${words.join(" ")}.`, spec.voice, spec.speed);
    const gain = 0.5 + next() * 0.4;
    const at = Math.round(t * RATE);
    // espeak-ng pads with a little silence: the cue covers the audible part.
    let first = 0;
    let last = speech.length - 1;
    while (first < speech.length && Math.abs(speech[first]!) < 0.01) first++;
    while (last > first && Math.abs(speech[last]!) < 0.01) last--;
    for (let i = 0; i < speech.length && at + i < mix.length; i++)
      mix[at + i] = mix[at + i]! + gain * speech[i]!;
    if (next() < spec.music * 0.4) addMusic(mix, at, at + speech.length, 0.08, next);
    const startMs = Math.round(((at + first) / RATE) * 1000);
    const endMs = Math.round(((at + last) / RATE) * 1000);
    if (endMs > startMs) cues.push({ startMs, endMs });
    const gap = next() < 0.15 ? 6 + next() * 14 : 0.3 + next() * 3;
    const gapStart = at + speech.length;
    if (next() < spec.music)
      addMusic(mix, gapStart, gapStart + Math.round(gap * RATE), 0.15 + next() * 0.2, next);
    t = gapStart / RATE + gap;
  }
  const pcm = Int16Array.from(mix, (x) => Math.max(-32768, Math.min(32767, Math.round(x * 32767))));
  const encode = Bun.spawn(
    ["ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-f", "s16le", "-ar", String(RATE), "-ac", "1"]
      .concat(["-i", "pipe:0", "-c:a", "libopus", "-b:a", "16k", "-application", "voip"])
      .concat(["-metadata", `title=Subhound sync corpus ${spec.name}`, join(dir, `${spec.name}.mka`)]),
    { stdin: "pipe", stderr: "inherit" },
  );
  encode.stdin.write(new Uint8Array(pcm.buffer));
  await encode.stdin.end();
  if ((await encode.exited) !== 0) throw new Error(`ffmpeg could not encode ${spec.name}`);
  return cues;
}

function clock(ms: number, sep: string): string {
  const p = (v: number, n = 2) => String(v).padStart(n, "0");
  return `${p(Math.floor(ms / 3_600_000))}:${p(Math.floor(ms / 60_000) % 60)}:${p(Math.floor(ms / 1000) % 60)}${sep}${p(ms % 1000, 3)}`;
}

/** The cues as a subtitle file; the text only needs to be there. */
export function writeSubtitle(cues: readonly Cue[], format: TimedFormat): string {
  if (format === "srt")
    return cues
      .map((c, i) => `${i + 1}\n${clock(c.startMs, ",")} --> ${clock(c.endMs, ",")}\nLine ${i + 1}\n`)
      .join("\n");
  if (format === "vtt")
    return `WEBVTT\n\n${cues.map((c, i) => `${clock(c.startMs, ".")} --> ${clock(c.endMs, ".")}\nLine ${i + 1}\n`).join("\n")}`;
  const ass = (ms: number) => clock(Math.round(ms / 10) * 10, ".").slice(1, -1);
  return [
    "[Script Info]",
    "ScriptType: v4.00+",
    "",
    "[V4+ Styles]",
    "Format: Name, Fontname, Fontsize, PrimaryColour, Bold, Italic, Alignment, MarginL, MarginR, MarginV",
    "Style: Default,Arial,20,&H00FFFFFF,0,0,2,10,10,10",
    "",
    "[Events]",
    "Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text",
    ...cues.map((c, i) => `Dialogue: 0,${ass(c.startMs)},${ass(c.endMs)},Default,,0,0,0,,Line ${i + 1}`),
    "",
  ].join("\n");
}

export interface SyncCase {
  clip: string;
  /** The subtitle file, relative to the corpus folder. */
  file: string;
  format: TimedFormat;
  /** The file's times are the truth × ratio + offsetMs; a correct file has 1 and 0. */
  ratio: number;
  offsetMs: number;
}

const OFFSETS = [300, -500, 1200, -2500, 4000, -8000, 15000, -30000, 30000, -700, 2000, -12000];
const RATIOS = [
  25 / (24_000 / 1001),
  24_000 / 1001 / 25,
  24 / 25,
  25 / 24,
  30_000 / 1001 / 25,
  24_000 / 1001 / 24,
];
const FORMATS: TimedFormat[] = ["srt", "ass", "vtt"];

async function main(): Promise<void> {
  const fixture = process.argv.includes("--fixture");
  const root = fixture ? join(import.meta.dir, "../../tests/fixtures/sync") : import.meta.dir;
  const clips = fixture ? [FIXTURE] : CLIPS;
  mkdirSync(join(root, "clips"), { recursive: true });
  if (!fixture) {
    rmSync(join(root, "subs"), { recursive: true, force: true });
    mkdirSync(join(root, "subs"), { recursive: true });
  }
  const cases: SyncCase[] = [];
  const write = async (c: SyncCase, text: string) => {
    await Bun.write(join(root, c.file), text);
    cases.push(c);
  };
  for (const [index, spec] of clips.entries()) {
    const cues = await buildClip(spec, join(root, "clips"));
    const truth = writeSubtitle(cues, "srt");
    await Bun.write(join(root, "clips", `${spec.name}.truth.srt`), truth);
    console.log(`${spec.name}: ${cues.length} cues over ${spec.seconds} s`);
    if (fixture) continue;
    const format = FORMATS[index % 3]!;
    const file = (tag: string, f: TimedFormat) => `subs/${spec.name}.${tag}.${f}`;
    for (const f of FORMATS)
      await write(
        { clip: spec.name, file: file("correct", f), format: f, ratio: 1, offsetMs: 0 },
        writeSubtitle(cues, f),
      );
    for (const [k, offsetMs] of OFFSETS.entries()) {
      if ((k + index) % 2 === 1) continue;
      const f = FORMATS[(k + index) % 3]!;
      await write(
        { clip: spec.name, file: file(`shift${offsetMs}`, f), format: f, ratio: 1, offsetMs },
        retime(writeSubtitle(cues, f), f, linearMap(1, offsetMs)),
      );
    }
    for (const [k, ratio] of RATIOS.entries()) {
      if ((k + index) % 3 !== 0) continue;
      const offsetMs = k % 2 === 0 ? 0 : 1500;
      await write(
        {
          clip: spec.name,
          file: file(`ratio${ratio.toFixed(4)}${offsetMs ? `+${offsetMs}` : ""}`, format),
          format,
          ratio,
          offsetMs,
        },
        retime(writeSubtitle(cues, format), format, linearMap(ratio, offsetMs)),
      );
    }
  }
  if (!fixture) await Bun.write(join(root, "cases.json"), `${JSON.stringify(cases, null, 2)}\n`);
}

if (import.meta.main) await main();
