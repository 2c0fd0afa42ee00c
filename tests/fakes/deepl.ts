import { empty, type FakeService, json, startFakeService } from "./fake-service.ts";

/**
 * DeepL API v2 as DeepLcom/deepl-mock behaves (external-apis.md §9): key in
 * `Authorization: DeepL-Auth-Key`, 403/429 with empty bodies, 456 JSON when the quota is spent.
 * Translations are `<TARGET>:<text>`.
 */

export interface FakeDeepL extends FakeService {
  apiKey: string;
  characterCount: number;
  characterLimit: number;
  /** The next `count` requests answer `status` with DeepL's body for it. */
  failNext(status: number, count?: number): void;
}

const TARGETS = new Set([
  "DE",
  "FR",
  "ES",
  "IT",
  "NL",
  "PL",
  "JA",
  "EN-US",
  "EN-GB",
  "PT-PT",
  "PT-BR",
  "ZH-HANS",
  "ZH-HANT",
  "NB",
]);

function deeplError(status: number): Response {
  if (status === 403 || status === 429) return empty(status);
  if (status === 456) return json({ message: "Quota for this billing period has been exceeded." }, 456);
  return json({ message: "Internal server error" }, status);
}

function texts(body: unknown): string[] | null {
  if (!body || typeof body !== "object" || !("text" in body)) return null;
  const text = (body as { text: unknown }).text;
  if (typeof text === "string") return [text];
  return Array.isArray(text) && text.every((t) => typeof t === "string") ? text : null;
}

export async function startFakeDeepL(apiKey = "0f3c5e2a-1b2c-4d5e-8f90-123456789abc:fx"): Promise<FakeDeepL> {
  const service = startFakeService({
    route: ({ req, url, body }) => {
      if (!req.headers.get("user-agent")) return json({ message: "User-Agent header missing." }, 400);
      if (req.headers.get("authorization") !== `DeepL-Auth-Key ${fake.apiKey}`) return empty(403);
      if (url.pathname === "/v2/usage") {
        return json({ character_count: fake.characterCount, character_limit: fake.characterLimit });
      }
      if (req.method === "POST" && url.pathname === "/v2/translate") {
        const list = texts(body);
        const target = (body as { target_lang?: unknown } | undefined)?.target_lang;
        if (!list) return json({ message: "Parameter 'text' not specified." }, 400);
        if (typeof target !== "string")
          return json({ message: "Parameter 'target_lang' not specified." }, 400);
        if (!TARGETS.has(target)) return json({ message: "Value for 'target_lang' not supported." }, 400);
        if (list.length > 50) return json({ message: "Too many texts in request." }, 413);
        const chars = list.reduce((n, t) => n + t.length, 0);
        if (fake.characterCount + chars > fake.characterLimit) return deeplError(456);
        fake.characterCount += chars;
        const source = (body as { source_lang?: string }).source_lang ?? "EN";
        return json({
          translations: list.map((t) => ({ detected_source_language: source, text: `${target}:${t}` })),
        });
      }
      return json({ message: "Not found" }, 404);
    },
  });
  const fake: FakeDeepL = {
    ...service,
    apiKey,
    characterCount: 0,
    characterLimit: 500_000,
    failNext: (status, count = 1) => service.injectFailures(count, () => deeplError(status)),
  };
  return fake;
}
