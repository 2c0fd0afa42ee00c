import { type FakeService, json, startFakeService } from "./fake-service.ts";

/**
 * LibreTranslate as app.py behaves (external-apis.md §10): errors are always `{"error": …}`,
 * `q` may be a string or an array, `api_key` required only when the server has keys. Translations
 * are `<target>:<text>`. Language codes are the server's own (`pb`, `zt`), refused otherwise.
 */

export interface FakeLibreTranslate extends FakeService {
  /** null: the server runs without `--api-keys`. */
  apiKey: string | null;
  /** false: an older release without `GET /health` (404). */
  hasHealth: boolean;
  /** The server's `/languages`; only these codes are accepted by `/translate`. */
  languages: LibreLanguageEntry[];
  /** The next `count` requests answer `status` with LibreTranslate's body for it. */
  failNext(status: number, count?: number): void;
}

export interface LibreLanguageEntry {
  code: string;
  name: string;
}

/** What a local server lists today: Brazilian Portuguese is `pb`, Chinese `zh` and `zt`. */
export const LOCAL_LANGUAGES: LibreLanguageEntry[] = [
  { code: "en", name: "English" },
  { code: "de", name: "German" },
  { code: "es", name: "Spanish" },
  { code: "fr", name: "French" },
  { code: "ja", name: "Japanese" },
  { code: "pt", name: "Portuguese" },
  { code: "pb", name: "Portuguese (Brazil)" },
  { code: "zh", name: "Chinese" },
  { code: "zt", name: "Chinese (traditional)" },
];

function libreError(status: number): Response {
  if (status === 429) return json({ error: "Slowdown: 10 per 1 minute" }, 429);
  if (status === 403) return json({ error: "Invalid API key" }, 403);
  if (status >= 500) return json({ error: "Cannot translate text: model crashed" }, status);
  return json({ error: "Invalid request" }, status);
}

const flaskNotFound = () =>
  new Response("<!doctype html>\n<html lang=en>\n<title>404 Not Found</title>\n<h1>Not Found</h1>", {
    status: 404,
    headers: { "Content-Type": "text/html; charset=utf-8" },
  });

export async function startFakeLibreTranslate(apiKey: string | null = null): Promise<FakeLibreTranslate> {
  const service = startFakeService({
    route: ({ req, url, body }) => {
      if (req.method === "GET" && url.pathname === "/health") {
        return fake.hasHealth ? json({ status: "ok" }) : flaskNotFound();
      }
      if (req.method === "GET" && url.pathname === "/languages") {
        const codes = fake.languages.map((l) => l.code);
        return json(
          fake.languages.map(({ code, name }) => ({ code, name, targets: codes.filter((t) => t !== code) })),
        );
      }
      if (req.method === "POST" && url.pathname === "/translate") {
        const request = (body ?? {}) as {
          q?: unknown;
          source?: unknown;
          target?: unknown;
          api_key?: unknown;
        };
        if (fake.apiKey !== null && request.api_key !== fake.apiKey) {
          return json({ error: "Invalid API key" }, 403);
        }
        if (request.q === undefined) return json({ error: "Invalid request: missing q parameter" }, 400);
        if (typeof request.source !== "string")
          return json({ error: "Invalid request: missing source parameter" }, 400);
        if (typeof request.target !== "string")
          return json({ error: "Invalid request: missing target parameter" }, 400);
        for (const lang of [request.source, request.target]) {
          if (lang !== "auto" && !fake.languages.some((l) => l.code === lang))
            return json({ error: `${lang} is not supported` }, 400);
        }
        const target = request.target;
        if (Array.isArray(request.q)) return json({ translatedText: request.q.map((t) => `${target}:${t}`) });
        return json({ translatedText: `${target}:${String(request.q)}` });
      }
      return flaskNotFound();
    },
  });
  const fake: FakeLibreTranslate = {
    ...service,
    apiKey,
    hasHealth: true,
    languages: [...LOCAL_LANGUAGES],
    failNext: (status, count = 1) => service.injectFailures(count, () => libreError(status)),
  };
  return fake;
}
