import { z } from "zod";
import type { Config } from "../config/schema.ts";
import { parseLanguageTag } from "../media/languages.ts";
import { BODY_CAPS } from "../net/capped-body.ts";
import { bodyDetail, exchange, parseJson, type RemoteDeps, resolveDeps, scrubber } from "../net/remote.ts";
import { type Attempt, transportFailure, withRetries } from "./retry.ts";
import { type TranslationBackend, TranslationError } from "./types.ts";

export interface DeepLOptions {
  timeoutMs?: number;
  healthTimeoutMs?: number;
  /** Extra attempts after 429, 5xx, 529 and network errors. */
  retries?: number;
}

const MAX_TEXTS = 50;
// The documented request limit is 128 KiB; stay below it with room for the JSON around the texts.
const MAX_BATCH_BYTES = 100_000;

const translateSchema = z.object({ translations: z.array(z.object({ text: z.string() })) });
const usageSchema = z.object({ character_count: z.number(), character_limit: z.number() });

/** Keys ending in `:fx` belong to the free plan, which has its own host. */
export function deeplBaseUrl(apiKey: string, override?: string): string {
  if (override) return override.replace(/\/+$/, "");
  return apiKey.endsWith(":fx") ? "https://api-free.deepl.com" : "https://api.deepl.com";
}

/** Chinese regions written in Traditional characters (zh-TW subtitles are Traditional ones). */
const TRADITIONAL_REGIONS = new Set(["TW", "HK", "MO"]);

/**
 * DeepL wants upper-case codes; plain `EN`/`PT` targets are deprecated in favour of a variant.
 * Chinese goes by script (DeepL has no `ZH-TW`), Norwegian as Bokmål, the only one DeepL writes.
 */
export function deeplTargetLanguage(code: string): string {
  const upper = code.toUpperCase();
  if (upper === "EN") return "EN-US";
  if (upper === "PT") return "PT-PT";
  if (upper === "NO") return "NB";
  const tag = parseLanguageTag(code);
  if (tag?.language === "zh") {
    const traditional =
      tag.script?.toLowerCase() === "hant" ||
      (tag.script === null && TRADITIONAL_REGIONS.has(tag.region?.toUpperCase() ?? ""));
    return traditional ? "ZH-HANT" : "ZH-HANS";
  }
  return upper;
}

export function deeplSourceLanguage(code: string): string {
  return (code.split("-")[0] ?? code).toUpperCase();
}

/** Splits texts into requests of at most 50 entries and about 100 kB. */
export function deeplBatches(lines: readonly string[]): string[][] {
  const batches: string[][] = [];
  let current: string[] = [];
  let bytes = 0;
  for (const line of lines) {
    const size = new TextEncoder().encode(JSON.stringify(line)).length + 1;
    if (current.length > 0 && (current.length >= MAX_TEXTS || bytes + size > MAX_BATCH_BYTES)) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(line);
    bytes += size;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

/** DeepL API v2 (external-apis.md §9). */
export function createDeepLBackend(
  config: Config["translation"]["deepl"],
  deps: RemoteDeps = {},
  options: DeepLOptions = {},
): TranslationBackend {
  const d = resolveDeps(deps);
  const apiKey = config.apiKey;
  const base = deeplBaseUrl(apiKey ?? "", config.url);
  const timeoutMs = options.timeoutMs ?? 30_000;
  const retries = options.retries ?? 3;
  const scrub = scrubber(apiKey);
  const headers = (key: string): Record<string, string> => ({
    Authorization: `DeepL-Auth-Key ${key}`,
    "User-Agent": d.userAgent,
    Accept: "application/json",
  });

  async function translateOnce(
    key: string,
    texts: string[],
    from: string,
    to: string,
    signal?: AbortSignal,
  ): Promise<Attempt<string[]>> {
    const body = {
      text: texts,
      source_lang: deeplSourceLanguage(from),
      target_lang: deeplTargetLanguage(to),
      preserve_formatting: true,
      split_sentences: "nonewlines",
    };
    const result = await exchange(
      d,
      `${base}/v2/translate`,
      {
        method: "POST",
        headers: { ...headers(key), "Content-Type": "application/json" },
        body: JSON.stringify(body),
      },
      { timeoutMs, signal, maxBytes: BODY_CAPS.translation },
    );
    if (!result.ok) return transportFailure("deepl", result);
    const { status, text } = result;
    const fail = (kind: TranslationError["kind"], message: string, retry: boolean) => ({
      ok: false as const,
      error: new TranslationError(kind, "deepl", scrub(`deepl: ${message}`), { status }),
      retry,
    });
    if (status === 200) {
      const parsed = parseJson(text);
      const reply = parsed.ok ? translateSchema.safeParse(parsed.value) : null;
      if (!reply?.success) return fail("invalid-response", "not a translation reply (HTTP 200)", false);
      if (reply.data.translations.length !== texts.length) {
        const got = reply.data.translations.length;
        return fail("invalid-response", `sent ${texts.length} texts, got ${got} translations`, false);
      }
      return { ok: true, value: reply.data.translations.map((t) => t.text) };
    }
    const detail = bodyDetail(text);
    if (status === 403) return fail("auth", "the API key was rejected (HTTP 403)", false);
    if (status === 456)
      return fail("quota", `quota exceeded (HTTP 456)${detail ? `: ${detail}` : ""}`, false);
    if (status === 429 || status === 529)
      return fail("rate-limited", `too many requests (HTTP ${status})`, true);
    if (status >= 500)
      return fail("http", `server error (HTTP ${status})${detail ? `: ${detail}` : ""}`, true);
    return fail("bad-request", `request rejected (HTTP ${status})${detail ? `: ${detail}` : ""}`, false);
  }

  return {
    name: "deepl",
    async healthCheck(signal) {
      if (!apiKey) return { healthy: false, message: "DeepL: no API key configured" };
      const plan = apiKey.endsWith(":fx") ? "free" : "pro";
      const result = await exchange(
        d,
        `${base}/v2/usage`,
        { method: "GET", headers: headers(apiKey) },
        { timeoutMs: options.healthTimeoutMs ?? 10_000, signal, maxBytes: BODY_CAPS.translation },
      );
      if (!result.ok) return { healthy: false, message: scrub(`DeepL at ${base}: ${result.reason}`) };
      if (result.status === 403) return { healthy: false, message: "DeepL rejected the API key (HTTP 403)" };
      if (result.status !== 200)
        return { healthy: false, message: `DeepL /v2/usage answered HTTP ${result.status}` };
      const parsed = parseJson(result.text);
      const usage = parsed.ok ? usageSchema.safeParse(parsed.value) : null;
      if (!usage?.success)
        return { healthy: false, message: `${base} does not look like DeepL (bad /v2/usage)` };
      const { character_count: used, character_limit: limit } = usage.data;
      const details = { plan, characterCount: used, characterLimit: limit };
      if (limit > 0 && used >= limit) {
        return { healthy: false, message: `DeepL quota exhausted (${used}/${limit} characters)`, details };
      }
      return { healthy: true, message: `DeepL ${plan}: ${used}/${limit} characters used`, details };
    },
    async translate(lines, from, to, signal) {
      if (lines.length === 0) return [];
      if (!apiKey) throw new TranslationError("not-configured", "deepl", "deepl: no API key configured");
      const out: string[] = [];
      for (const texts of deeplBatches(lines)) {
        out.push(
          ...(await withRetries(d, retries, signal, () => translateOnce(apiKey, texts, from, to, signal))),
        );
      }
      return out;
    },
  };
}
