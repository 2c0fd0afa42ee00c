/**
 * Gotify (https://gotify.net/api-docs#/message/createMessage): POST /message with the application
 * token as `X-Gotify-Key` (or `?token=`, or Bearer); JSON `{title, message, priority, extras}`.
 * Errors are `{"error","errorCode","errorDescription"}`.
 */
import { type FakeService, json, startFakeService } from "./fake-service.ts";

export interface FakeGotify extends FakeService {
  messages: { id: number; title: string; message: string; priority: number }[];
}

function gotifyError(status: number, error: string, description: string): Response {
  return json({ error, errorCode: status, errorDescription: description }, status);
}

export function startFakeGotify(options: { appToken: string }): FakeGotify {
  const messages: FakeGotify["messages"] = [];
  const service = startFakeService({
    headers: ["x-gotify-key"],
    gate: ({ req, url }) => {
      const token =
        req.headers.get("x-gotify-key") ??
        url.searchParams.get("token") ??
        req.headers.get("authorization")?.replace(/^Bearer /, "");
      return token === options.appToken
        ? null
        : gotifyError(
            401,
            "Unauthorized",
            "you need to provide a valid access token or user credentials to access this api",
          );
    },
    route: ({ req, url, body }) => {
      if (req.method !== "POST" || url.pathname !== "/message")
        return gotifyError(404, "Not Found", "page not found");
      const b = body as Record<string, unknown> | undefined;
      if (!b || typeof b !== "object") return gotifyError(400, "Bad Request", "invalid JSON");
      if (typeof b.message !== "string" || b.message === "")
        return gotifyError(400, "Bad Request", "Field 'message' is required");
      if (b.priority !== undefined && !Number.isInteger(b.priority))
        return gotifyError(400, "Bad Request", "Field 'priority' must be an integer");
      const message = {
        id: messages.length + 1,
        title: typeof b.title === "string" ? b.title : "subhound-app",
        message: b.message,
        priority: (b.priority as number | undefined) ?? 0,
      };
      messages.push(message);
      return json({ ...message, appid: 1, date: new Date().toISOString() });
    },
  });
  return Object.assign(service, { messages });
}
