import { empty, type FakeService, json, startFakeService } from "./fake-service.ts";

/**
 * Jellyfin (external-apis.md §6), PascalCase JSON. Accepts `Authorization: MediaBrowser Token="…"`
 * or `?ApiKey=`; the legacy headers only while `legacyAuth` is on (off by default, as in v12).
 */

export interface MediaUpdate {
  Path: string;
  UpdateType: string;
}

export interface FakeJellyfin extends FakeService {
  apiKey: string;
  legacyAuth: boolean;
  /** Every update received on `POST /Library/Media/Updated`. */
  updates: MediaUpdate[];
  /** Library items by id, as `GET /Items?ids=…&fields=Path` lists them (Path only when asked for). */
  items: Record<string, { Name: string; Type: string; Path?: string; SeriesId?: string }>;
}

export function mediaBrowserToken(header: string | null): string | null {
  if (!header) return null;
  const match = /^(?:MediaBrowser|Emby)\s+(.*)$/i.exec(header.trim());
  if (!match?.[1]) return null;
  const token = /(?:^|,)\s*Token="([^"]*)"/i.exec(match[1]);
  return token?.[1] ?? null;
}

export function readUpdates(body: unknown): MediaUpdate[] | null {
  if (!body || typeof body !== "object" || !("Updates" in body) || !Array.isArray(body.Updates)) return null;
  const updates: MediaUpdate[] = [];
  for (const u of body.Updates) {
    if (!u || typeof u !== "object" || typeof u.Path !== "string" || u.Path === "") return null;
    updates.push({ Path: u.Path, UpdateType: typeof u.UpdateType === "string" ? u.UpdateType : "Modified" });
  }
  return updates;
}

export async function startFakeJellyfin(apiKey = "3f7a0c1d9e8b4a6f8c2d1e0f9a8b7c6d"): Promise<FakeJellyfin> {
  const publicInfo = {
    LocalAddress: "http://172.18.0.5:8096",
    ServerName: "jf",
    Version: "10.10.7",
    ProductName: "Jellyfin Server",
    OperatingSystem: "",
    Id: "f1b2c3d4e5f60718293a4b5c6d7e8f90",
    StartupWizardCompleted: true,
  };
  const authenticated = (req: Request, url: URL) => {
    const presented = [mediaBrowserToken(req.headers.get("authorization")), url.searchParams.get("ApiKey")];
    if (fake.legacyAuth) {
      presented.push(
        req.headers.get("x-emby-token"),
        req.headers.get("x-mediabrowser-token"),
        url.searchParams.get("api_key"),
      );
    }
    return presented.includes(fake.apiKey);
  };
  const service = startFakeService({
    headers: ["x-emby-token", "x-mediabrowser-token"],
    route: ({ req, url, body }) => {
      if (url.pathname === "/health")
        return new Response("Healthy", { headers: { "Content-Type": "text/plain" } });
      if (url.pathname === "/System/Ping") return json("Jellyfin Server");
      if (url.pathname === "/System/Info/Public") return json(publicInfo);
      if (!authenticated(req, url)) return empty(401);
      if (req.method === "GET" && url.pathname === "/System/Info") {
        return json({
          ...publicInfo,
          OperatingSystemDisplayName: "Linux",
          HasPendingRestart: false,
          IsShuttingDown: false,
        });
      }
      if (req.method === "GET" && url.pathname === "/Items") {
        const ids = (url.searchParams.get("ids") ?? "").split(",").filter((id) => id !== "");
        const withPath = (url.searchParams.get("fields") ?? "").split(",").includes("Path");
        const found = ids.flatMap((id) => {
          const item = fake.items[id];
          if (!item) return [];
          const { Path, ...rest } = item;
          return [{ ...rest, Id: id, ServerId: publicInfo.Id, ...(withPath && Path ? { Path } : {}) }];
        });
        return json({ Items: found, TotalRecordCount: found.length, StartIndex: 0 });
      }
      if (req.method === "POST" && url.pathname === "/Library/Media/Updated") {
        const updates = readUpdates(body);
        if (!updates)
          return json(
            {
              type: "https://tools.ietf.org/html/rfc9110#section-15.5.1",
              title: "One or more validation errors occurred.",
              status: 400,
            },
            400,
          );
        fake.updates.push(...updates);
        return empty(204);
      }
      return empty(404);
    },
  });
  const fake: FakeJellyfin = { ...service, apiKey, legacyAuth: false, updates: [], items: {} };
  return fake;
}
