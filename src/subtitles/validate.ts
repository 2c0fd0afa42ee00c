import subsrt from "subsrt-ts";
import type { SubtitleFormat } from "./types.ts";

export type SubtitleValidation =
  | { ok: true; format: SubtitleFormat; cues: number }
  | { ok: false; reason: string };

const SRT_TIMING = /^[ \t]*\d{1,2}:\d{2}:\d{2}[,.]\d{1,3}[ \t]*-->[ \t]*\d{1,2}:\d{2}:\d{2}[,.]\d{1,3}/gm;
const VTT_TIMING = /^[ \t]*(?:\d+:)?\d{2}:\d{2}\.\d{3}[ \t]+-->[ \t]+(?:\d+:)?\d{2}:\d{2}\.\d{3}/gm;
const MICRODVD_LINE = /^\{\d+\}\{\d*\}/m;
/**
 * The first line of an ASS/SSA script past `;` comment lines: one of its section headers. libass
 * takes the sections in any order and needs only [Events]; tools put `;` comments first.
 */
const ASS_HEAD = /^(?:;[^\n]*\n\s*)*\[(?:script info|v4\+? styles\+?|events)\][ \t]*(?:\r?\n|$)/i;

export function detectFormat(text: string): SubtitleFormat | null {
  const head = text.replace(/^\uFEFF/, "").trimStart();
  if (ASS_HEAD.test(head)) return assFlavour(head);
  if (/^WEBVTT(?:[ \t]|$)/m.test(head.slice(0, 16))) return "vtt";
  if (new RegExp(SRT_TIMING.source, "m").test(head)) return "srt";
  if (MICRODVD_LINE.test(head)) return "sub";
  return null;
}

function assFlavour(text: string): "ass" | "ssa" {
  const scriptType = /^ScriptType:[ \t]*v4\.00(\+?)/im.exec(text);
  if (scriptType) return scriptType[1] === "+" ? "ass" : "ssa";
  return /^\[v4 styles\]/im.test(text) ? "ssa" : "ass";
}

/**
 * Whether decoded text is a usable subtitle: error pages and bodies that providers serve with a
 * 200 are rejected, as is anything with no cue to show. With `expected`, another format fails.
 */
export function validateSubtitle(text: string, expected?: SubtitleFormat): SubtitleValidation {
  const body = text.replace(/^\uFEFF/, "");
  if (body.trim() === "") return { ok: false, reason: "empty" };
  if (looksBinary(body)) return { ok: false, reason: "binary content" };
  if (isHtmlPage(body)) return { ok: false, reason: "an HTML page, not a subtitle" };
  if (isJson(body)) return { ok: false, reason: "a JSON body, not a subtitle" };
  const format = detectFormat(body);
  if (format === null) return { ok: false, reason: "not a known subtitle format" };
  if (expected && expected !== format) return { ok: false, reason: `expected ${expected}, found ${format}` };
  const cues = countCues(body, format);
  if (cues === 0) return { ok: false, reason: `no cues in the ${format} file` };
  return { ok: true, format, cues };
}

/** NUL bytes or more than 5% control characters (C0 besides tab/newline, and C1). */
function looksBinary(text: string): boolean {
  let controls = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0) return true;
    if ((code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) || (code >= 0x7f && code <= 0x9f)) {
      controls++;
    }
  }
  return controls > text.length * 0.05;
}

const HTML_MARKUP = /<!doctype html|<(?:html|head|body)[\s>]/i;
/** Where a subtitle's own structure starts: a cue timing, a WEBVTT or ASS header. */
const SUBTITLE_STRUCTURE = new RegExp(
  `${SRT_TIMING.source}|^WEBVTT|^\\[(?:script info|v4\\+? styles\\+?|events)\\]`,
  "im",
);

/**
 * Page markup near the start, before any subtitle structure: a provider's error page, even one
 * quoting cue timings in a <pre>. A line of dialogue that mentions "<html>" is still a subtitle.
 */
function isHtmlPage(body: string): boolean {
  const head = body.trimStart().slice(0, 1024);
  const markup = head.search(HTML_MARKUP);
  if (markup < 0) return false;
  const structure = head.search(SUBTITLE_STRUCTURE);
  // TTML (XML subtitles, unsupported here) has a <head> and <body> of its own inside <tt>.
  const ttml = head.search(/<tt[\s>]/);
  return (structure < 0 || markup < structure) && (ttml < 0 || markup < ttml);
}

function isJson(text: string): boolean {
  const trimmed = text.trim();
  if (!/^[[{]/.test(trimmed)) return false;
  try {
    JSON.parse(trimmed);
    return true;
  } catch {
    return false;
  }
}

function countCues(text: string, format: SubtitleFormat): number {
  switch (format) {
    case "srt":
      return text.match(SRT_TIMING)?.length ?? 0;
    case "vtt":
      return text.match(VTT_TIMING)?.length ?? 0;
    case "ass":
    case "ssa":
      return dialogueLines(text);
    case "sub":
      return parsedCaptions(text, "sub");
  }
}

/** Dialogue lines of the [Events] section; Comment lines are not shown. */
function dialogueLines(text: string): number {
  const events = /^\[events\][ \t]*$/im.exec(text);
  if (!events) return 0;
  const section = text.slice(events.index + events[0].length);
  const end = section.search(/^\[[^\]]+\][ \t]*$/m);
  return (end < 0 ? section : section.slice(0, end)).match(/^Dialogue:/gim)?.length ?? 0;
}

function parsedCaptions(text: string, format: string): number {
  try {
    return subsrt.parse(text, { format }).filter((caption) => caption.type === "caption").length;
  } catch {
    return 0;
  }
}
