/**
 * ntfy (https://docs.ntfy.sh/publish/): the JSON publish form (POST / with `topic` in the body) and
 * the plain form (POST /<topic>, message as body, Title/Priority/Tags headers). Access tokens as
 * Bearer, or basic auth. Errors are ntfy's `{"code","http","error","link"}`.
 */
import { type FakeService, json, startFakeService } from "./fake-service.ts";

export interface FakeNtfy extends FakeService {
  /** Messages as ntfy stored them. */
  messages: { topic: string; title?: string; message: string; priority: number; tags: string[] }[];
}

const PRIORITIES: Record<string, number> = { min: 1, low: 2, default: 3, high: 4, max: 5, urgent: 5 };

function ntfyError(code: number, error: string, link?: string): Response {
  return json(
    { code, http: Math.floor(code / 100), error, ...(link ? { link } : {}) },
    Math.floor(code / 100),
  );
}

export function startFakeNtfy(
  options: { token?: string; user?: { name: string; password: string } } = {},
): FakeNtfy {
  const messages: FakeNtfy["messages"] = [];
  let nextId = 1;
  const authorized = (header: string | null) => {
    if (!options.token && !options.user) return true;
    if (options.token && header === `Bearer ${options.token}`) return true;
    if (options.user) {
      const basic = `Basic ${Buffer.from(`${options.user.name}:${options.user.password}`).toString("base64")}`;
      if (header === basic) return true;
    }
    return false;
  };
  const service = startFakeService({
    headers: ["title", "priority", "tags", "x-title", "x-priority", "x-tags"],
    gate: ({ req }) =>
      authorized(req.headers.get("authorization"))
        ? null
        : ntfyError(40101, "unauthorized", "https://ntfy.sh/docs/publish/#authentication"),
    route: ({ req, url, body }) => {
      if (req.method !== "POST" && req.method !== "PUT") return ntfyError(40401, "page not found");
      let entry: FakeNtfy["messages"][number];
      if (url.pathname === "/") {
        const b = body as Record<string, unknown> | undefined;
        if (!b || typeof b !== "object" || typeof b.topic !== "string")
          return ntfyError(40024, "invalid request: request body must be message JSON");
        const priority = b.priority === undefined ? 3 : b.priority;
        if (typeof priority !== "number" || priority < 1 || priority > 5)
          return ntfyError(40007, "invalid priority");
        if (b.tags !== undefined && (!Array.isArray(b.tags) || b.tags.some((t) => typeof t !== "string")))
          return ntfyError(40024, "invalid request: request body must be message JSON");
        entry = {
          topic: b.topic,
          ...(typeof b.title === "string" ? { title: b.title } : {}),
          message: typeof b.message === "string" ? b.message : "triggered",
          priority,
          tags: (b.tags as string[] | undefined) ?? [],
        };
      } else {
        const topic = url.pathname.slice(1);
        const header = (name: string) => req.headers.get(`x-${name}`) ?? req.headers.get(name);
        const p = header("priority") ?? "3";
        const priority = PRIORITIES[p] ?? Number(p);
        if (!(priority >= 1 && priority <= 5)) return ntfyError(40007, "invalid priority");
        entry = {
          topic,
          ...(header("title") ? { title: header("title")! } : {}),
          message: typeof body === "string" ? body : "triggered",
          priority,
          tags: (header("tags") ?? "").split(",").filter(Boolean),
        };
      }
      if (!/^[-_A-Za-z0-9]{1,64}$/.test(entry.topic)) return ntfyError(40009, "invalid topic");
      messages.push(entry);
      const time = Math.floor(Date.now() / 1000);
      return json({ id: `msg${nextId++}`, time, expires: time + 43_200, event: "message", ...entry });
    },
  });
  return Object.assign(service, { messages });
}
