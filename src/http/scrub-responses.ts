import type { Context, MiddlewareHandler } from "hono";

/**
 * The last guard on what the API sends: a JSON answer that carries a secret (a provider's error
 * quoting a URL with its password, a remote echoing a key) gets it replaced by `***`. Sources
 * redact too; this catches what one of them misses. Streams (SSE) scrub per event instead.
 *
 * A handler's `c.json` is scrubbed as it is serialized (reading a 40 KB page back out of its
 * Response and building another cost about a tenth of a wanted page); any other JSON answer
 * (an error's problem+json, a Response built by hand) is read back and scrubbed after the handler.
 */
/** JSON already serialized elsewhere (a worker's page): `c.json(new JsonText(text))` sends it as is, scrubbed. */
export class JsonText {
  constructor(readonly text: string) {}
  /** Outside the scrubbing middleware it serializes to what it holds, only slower. */
  toJSON(): unknown {
    return JSON.parse(this.text);
  }
}

/**
 * Answers some `c.json` here scrubbed as it serialized them: an app in front of another (app.ts's
 * lazily built API) passes them through instead of reading them back.
 */
const scrubbedAnswers = new WeakSet<Response>();

export function scrubJsonResponses(scrubberOf: (c: Context) => (text: string) => string): MiddlewareHandler {
  return async (c, next) => {
    c.json = ((object: unknown, arg?: never, headers?: Record<string, string>) => {
      const text = object instanceof JsonText ? object.text : JSON.stringify(object);
      const answer: Response = c.body(scrubberOf(c)(text), arg, {
        "Content-Type": "application/json",
        ...headers,
      });
      scrubbedAnswers.add(answer);
      return answer;
    }) as typeof c.json;
    await next();
    const ownResponse = c.res;
    if (scrubbedAnswers.has(ownResponse)) return;
    const type = ownResponse.headers.get("content-type") ?? "";
    if (!/^application\/(problem\+)?json/.test(type) || ownResponse.body === null) return;
    const text = await ownResponse.text();
    const scrubbed = scrubberOf(c)(text);
    c.res = new Response(scrubbed, { status: ownResponse.status, headers: ownResponse.headers });
    if (scrubbed !== text) c.res.headers.delete("content-length");
  };
}
