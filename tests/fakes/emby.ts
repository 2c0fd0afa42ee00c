import { empty, type FakeService, json, startFakeService } from "./fake-service.ts";
import { type MediaUpdate, readUpdates } from "./jellyfin.ts";

/**
 * Emby (external-apis.md §6): Jellyfin's routes, also under `/emby/`, authenticated by
 * `X-Emby-Token` or `?api_key=`; `POST /Library/Media/Updated` answers 200 with an empty body.
 */

export interface FakeEmby extends FakeService {
  apiKey: string;
  updates: MediaUpdate[];
  /** Status of a successful `/Library/Media/Updated` (200 as documented, 204 on some versions). */
  updatedStatus: number;
}

export async function startFakeEmby(apiKey = "9c8b7a6f5e4d3c2b1a0f9e8d7c6b5a4f"): Promise<FakeEmby> {
  const publicInfo = {
    LocalAddress: "http://172.18.0.6:8096",
    ServerName: "emby",
    Version: "4.8.10.0",
    Id: "0a1b2c3d4e5f",
  };
  const service = startFakeService({
    headers: ["x-emby-token"],
    route: ({ req, url, body }) => {
      const path = url.pathname.replace(/^\/emby(?=\/)/i, "");
      if (path === "/System/Ping")
        return new Response("Emby Server", { headers: { "Content-Type": "text/plain" } });
      if (path === "/System/Info/Public") return json(publicInfo);
      const presented = req.headers.get("x-emby-token") ?? url.searchParams.get("api_key");
      if (presented !== fake.apiKey) {
        return new Response("Access token is invalid or expired.", {
          status: 401,
          headers: { "Content-Type": "text/html" },
        });
      }
      if (req.method === "GET" && path === "/System/Info") {
        return json({ ...publicInfo, OperatingSystem: "Linux", HasPendingRestart: false });
      }
      if (req.method === "POST" && path === "/Library/Media/Updated") {
        const updates = readUpdates(body);
        if (!updates) return new Response("Value cannot be null. (Parameter 'path')", { status: 400 });
        fake.updates.push(...updates);
        return fake.updatedStatus === 204 ? empty(204) : new Response("", { status: fake.updatedStatus });
      }
      return empty(404);
    },
  });
  const fake: FakeEmby = { ...service, apiKey, updates: [], updatedStatus: 200 };
  return fake;
}
