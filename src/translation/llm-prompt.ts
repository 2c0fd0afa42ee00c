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

function extractJson(text: string): unknown {
  const body = stripFences(text);
  const candidates = [body];
  const start = body.search(/[[{]/);
  const end = Math.max(body.lastIndexOf("}"), body.lastIndexOf("]"));
  if (start >= 0 && end > start) candidates.push(body.slice(start, end + 1));
  for (const candidate of candidates) {
    try {
      return JSON.parse(candidate);
    } catch {
      // try the next candidate
    }
  }
  return undefined;
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
