import { z } from "zod";
import type { Config } from "../config/schema.ts";
import { BODY_CAPS } from "../net/capped-body.ts";
import { bodyDetail, exchange, parseJson, type RemoteDeps, resolveDeps, scrubber } from "../net/remote.ts";
import {
  type LibreLanguage,
  libreLanguagesSchema,
  pickLibreLanguage,
  readLibreLanguages,
} from "./libre-languages.ts";
import { type Attempt, retryAfterMs, transportFailure, withRetries } from "./retry.ts";
import { type TranslationBackend, TranslationError } from "./types.ts";

export interface LibreTranslateOptions {
  timeoutMs?: number;
  healthTimeoutMs?: number;
  retries?: number;
  /** Texts per request; servers started with `--batch-limit` reject larger batches. */
  batchSize?: number;
}

const translateSchema = z.object({ translatedText: z.array(z.string()) });
const healthSchema = z.object({ status: z.string() });

/** LibreTranslate (external-apis.md §10): `POST /translate` with `q` as an array. */
export function createLibreTranslateBackend(
  config: Config["translation"]["libretranslate"],
  deps: RemoteDeps = {},
  options: LibreTranslateOptions = {},
): TranslationBackend {
  const d = resolveDeps(deps);
  const base = config.url.replace(/\/+$/, "");
  const timeoutMs = options.timeoutMs ?? 60_000;
  const retries = options.retries ?? 3;
  const batchSize = Math.max(1, options.batchSize ?? 50);
  const scrub = scrubber(config.apiKey);
  const headers = { Accept: "application/json", "User-Agent": d.userAgent };
  /** The server's own language list, read once: codes differ between releases (`pb`, `zt`, `zh-Hant`). */
  let languages: Promise<LibreLanguage[]> | null = null;

  async function fetchLanguages(signal?: AbortSignal): Promise<LibreLanguage[]> {
    const result = await probe("/languages", signal);
    if (!result.ok)
      throw new TranslationError(result.kind, "libretranslate", `libretranslate: ${result.reason}`);
    const fail = (message: string) =>
      new TranslationError("invalid-response", "libretranslate", `libretranslate: ${message}`, {
        status: result.status,
      });
    if (result.status !== 200) throw fail(`GET /languages answered HTTP ${result.status}`);
    const parsed = parseJson(result.text);
    const list = parsed.ok ? libreLanguagesSchema.safeParse(parsed.value) : null;
    if (!list?.success) throw fail("GET /languages is not a language list");
    return readLibreLanguages(list.data);
  }

  /** A failed read is not kept: the next translation asks again. */
  function serverLanguages(signal?: AbortSignal): Promise<LibreLanguage[]> {
    languages ??= fetchLanguages(signal).catch((e: unknown) => {
      languages = null;
      throw e;
    });
    return languages;
  }

  /** The server's codes for a pair, or a clear refusal naming what it offers. */
  async function codesFor(from: string, to: string, signal?: AbortSignal) {
    const available = await serverLanguages(signal);
    const source = pickLibreLanguage(from, available, "source");
    const target = pickLibreLanguage(to, available, "target");
    const offered = available.map((l) => l.code).join(", ");
    const refuse = (message: string) =>
      new TranslationError("bad-request", "libretranslate", `libretranslate: ${message}`);
    if (source === null) throw refuse(`the server does not translate from ${from} (it offers ${offered})`);
    if (target === null) throw refuse(`the server does not translate into ${to} (it offers ${offered})`);
    if (source.targets !== null && !source.targets.includes(target.code))
      throw refuse(`the server does not translate ${source.code} into ${target.code}`);
    return { source: source.code, target: target.code };
  }

  async function translateOnce(
    texts: string[],
    codes: { source: string; target: string },
    signal?: AbortSignal,
  ): Promise<Attempt<string[]>> {
    const body = {
      q: texts,
      source: codes.source,
      target: codes.target,
      format: "text",
      ...(config.apiKey ? { api_key: config.apiKey } : {}),
    };
    const result = await exchange(
      d,
      `${base}/translate`,
      {
        method: "POST",
        headers: { ...headers, "Content-Type": "application/json" },
        body: JSON.stringify(body),
      },
      { timeoutMs, signal, maxBytes: BODY_CAPS.translation },
    );
    if (!result.ok) return transportFailure("libretranslate", result);
    const { status, text } = result;
    const fail = (
      kind: TranslationError["kind"],
      message: string,
      retry: boolean,
      waitMs?: number | null,
    ) => ({
      ok: false as const,
      error: new TranslationError(kind, "libretranslate", scrub(`libretranslate: ${message}`), { status }),
      retry,
      waitMs,
    });
    if (status === 200) {
      const parsed = parseJson(text);
      const reply = parsed.ok ? translateSchema.safeParse(parsed.value) : null;
      if (!reply?.success) return fail("invalid-response", "not a batch translation reply (HTTP 200)", false);
      if (reply.data.translatedText.length !== texts.length) {
        const got = reply.data.translatedText.length;
        return fail("invalid-response", `sent ${texts.length} texts, got ${got} translations`, false);
      }
      return { ok: true, value: reply.data.translatedText };
    }
    const detail = bodyDetail(text);
    const suffix = detail ? `: ${detail}` : "";
    if (status === 403) return fail("auth", `access denied (HTTP 403)${suffix}`, false);
    if (status === 429)
      return fail("rate-limited", `rate limited (HTTP 429)${suffix}`, true, retryAfterMs(d, result.headers));
    if (status >= 500) return fail("http", `server error (HTTP ${status})${suffix}`, true);
    return fail("bad-request", `request rejected (HTTP ${status})${suffix}`, false);
  }

  async function probe(path: string, signal?: AbortSignal) {
    return exchange(
      d,
      `${base}${path}`,
      { method: "GET", headers },
      { timeoutMs: options.healthTimeoutMs ?? 10_000, signal, maxBytes: BODY_CAPS.translation },
    );
  }

  return {
    name: "libretranslate",
    async healthCheck(signal) {
      const health = await probe("/health", signal);
      if (!health.ok) return { healthy: false, message: `LibreTranslate at ${base}: ${health.reason}` };
      if (health.status === 200) {
        const parsed = parseJson(health.text);
        const body = parsed.ok ? healthSchema.safeParse(parsed.value) : null;
        if (body?.success && body.data.status === "ok")
          return { healthy: true, message: "LibreTranslate is up" };
        return { healthy: false, message: `${base}/health did not report ok` };
      }
      if (health.status !== 404)
        return { healthy: false, message: `LibreTranslate /health answered HTTP ${health.status}` };
      // Older releases have no /health; /languages is the next cheapest call.
      const languages = await probe("/languages", signal);
      if (!languages.ok) return { healthy: false, message: `LibreTranslate at ${base}: ${languages.reason}` };
      if (languages.status !== 200) {
        return { healthy: false, message: `LibreTranslate /languages answered HTTP ${languages.status}` };
      }
      const parsed = parseJson(languages.text);
      const list = parsed.ok ? libreLanguagesSchema.safeParse(parsed.value) : null;
      if (!list?.success) return { healthy: false, message: `${base} does not look like LibreTranslate` };
      return { healthy: true, message: `LibreTranslate is up (${list.data.length} languages)` };
    },
    async translate(lines, from, to, signal) {
      const codes = await codesFor(from, to, signal);
      const out: string[] = [];
      for (let i = 0; i < lines.length; i += batchSize) {
        const texts = lines.slice(i, i + batchSize);
        out.push(...(await withRetries(d, retries, signal, () => translateOnce(texts, codes, signal))));
      }
      return out;
    },
  };
}
