/**
 * The prompt format LLM backends share. Lines travel as a JSON object keyed by line number so
 * that a reply which merges, splits or drops a line is detected instead of shifting every later
 * line by one.
 */

export interface ChatMessage {
  role: "system" | "user" | "assistant";
  content: string;
}

export interface LlmBatchRequest {
  /** Preceding lines, already handled, shown for context only. */
  context: string[];
  lines: Record<string, string>;
}

function languageName(code: string): string {
  try {
    const name = new Intl.DisplayNames(["en"], { type: "language" }).of(code);
    return name && name !== code ? `${name} (${code})` : code;
  } catch {
    return code;
  }
}

export function buildMessages(
  lines: readonly string[],
  context: readonly string[],
  from: string,
  to: string,
) {
  const request: LlmBatchRequest = {
    context: [...context],
    lines: Object.fromEntries(lines.map((line, i) => [String(i + 1), line])),
  };
  const system = [
    `You translate film and TV subtitles from ${languageName(from)} to ${languageName(to)}.`,
    'The user sends a JSON object: "lines" maps line numbers to subtitle text; "context" holds the lines',
    "just before them, for reference only. Reply with only a JSON object that maps every line number in",
    '"lines" to its translation: exactly the same keys, no others, one translation per key, even for',
    "lines that are a fragment of a sentence. Keep line breaks (\\n), formatting tags such as <i> or",
    "{\\i1}, and names as they are.",
  ].join(" ");
  const messages: ChatMessage[] = [
    { role: "system", content: system },
    { role: "user", content: JSON.stringify(request) },
  ];
  return messages;
}

export function correction(expected: number, got: number | null): ChatMessage {
  const what = got === null ? "not a JSON object of line numbers" : `${got} lines`;
  return {
    role: "user",
    content: `Your reply was ${what}. Reply again with only a JSON object with exactly the ${expected} keys 1 to ${expected}.`,
  };
}

export type ParsedReply = { ok: true; lines: string[] } | { ok: false; got: number | null };

function stripFences(text: string): string {
  const fenced = /```(?:json)?\s*([\s\S]*?)```/i.exec(text);
  return (fenced?.[1] ?? text).trim();
}

/** Reasoning models (DeepSeek-R1, Qwen3 …) served without a reasoning parser put their thoughts first. */
const stripThinking = (text: string) => text.replace(/<(think|thinking|reasoning)>[\s\S]*?<\/\1>/gi, "");

/**
 * The JSON object or array that opens at `start`, up to its matching bracket, with raw line breaks
 * and tabs inside its strings escaped (models write them; JSON forbids them); null when it never closes.
 */
function balancedJson(text: string, start: number): string | null {
  const closing: string[] = [];
  let out = "";
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i]!;
    if (inString) {
      if (c === "\\") {
        out += c + (text[i + 1] ?? "");
        i++;
        continue;
      }
      if (c === '"') inString = false;
      out += c === "\n" ? "\\n" : c === "\r" ? "\\r" : c === "\t" ? "\\t" : c;
      continue;
    }
    out += c;
    if (c === '"') inString = true;
    else if (c === "{") closing.push("}");
    else if (c === "[") closing.push("]");
    else if (c === "}" || c === "]") {
      if (closing.pop() !== c) return null;
      if (closing.length === 0) return out;
    }
  }
  return null;
}

/**
 * The reply as JSON: the whole of it, else the first complete JSON object (or, lacking one, array) in
 * it, so that fences, thinking and remarks around it (brackets and all) do not cost a retry.
 */
function extractJson(text: string): unknown {
  const body = stripFences(stripThinking(text));
  try {
    return JSON.parse(body);
  } catch {
    // look for the JSON inside the prose
  }
  let array: unknown;
  // A bounded number of tries: each scans to its closing bracket, and prose is not worth more.
  for (let at = body.search(/[[{]/), tries = 0; at >= 0 && tries < 32; tries++) {
    const candidate = balancedJson(body, at);
    if (candidate !== null) {
      try {
        const value: unknown = JSON.parse(candidate);
        if (!Array.isArray(value)) return value;
        array ??= value;
      } catch {
        // not JSON after all: try the next opening bracket
      }
    }
    const next = body.slice(at + 1).search(/[[{]/);
    at = next < 0 ? -1 : at + 1 + next;
  }
  return array;
}

function asText(value: unknown): string | null {
  if (typeof value === "string") return value;
  if (typeof value === "number") return String(value);
  return null;
}

/** Reads a reply as exactly `expected` lines keyed 1…expected (or an array of that length). */
export function parseReply(content: string, expected: number): ParsedReply {
  let value = extractJson(content);
  if (value && typeof value === "object" && !Array.isArray(value)) {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record);
    const wrapped = keys.length === 1 && ["lines", "translations"].includes(keys[0] ?? "");
    if (wrapped) value = record[keys[0] ?? ""];
  }
  if (Array.isArray(value)) {
    const lines = value.map(asText);
    if (lines.length !== expected || lines.some((l) => l === null)) return { ok: false, got: lines.length };
    return { ok: true, lines: lines as string[] };
  }
  if (!value || typeof value !== "object") return { ok: false, got: null };
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  const lines: string[] = [];
  for (let i = 1; i <= expected; i++) {
    const text = asText(record[String(i)]);
    if (text === null) return { ok: false, got: keys.length };
    lines.push(text);
  }
  if (keys.length !== expected) return { ok: false, got: keys.length };
  return { ok: true, lines };
}
